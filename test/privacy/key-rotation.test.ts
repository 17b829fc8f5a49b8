/**
 * Addresses at rest are sealed with the first of ADDRESS_KEYS; putting a new
 * key first and running the rotation re-encrypts every row, after which the
 * old key can go. Rows from before encryption are sealed at start.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { RecipientGoneError } from '../../src/core/index.ts';
import { resealAddresses } from '../../src/storage/address-sealing.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { TEST_SECRET, testCampaign } from '../support/test-app.ts';

const OLD_KEY = 'made-up-old-address-key-made-up-old-address-key';
const NEW_KEY = 'made-up-new-address-key-made-up-new-address-key';
const PERSON = { platform: 'telegram', userId: '5551230001' };

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`address key rotation on ${driver.name}`, () => {
    let fresh: Awaited<ReturnType<typeof freshDatabaseUrl>>;
    let url: string;
    const apps: App[] = [];
    // One in-memory PGlite cannot be opened twice: there every app after the first shares its database.
    const open = async (keys: string[]) => {
      const campaign = testCampaign();
      const clock = () => new Date('2026-11-29T15:00:00Z');
      if (driver.name === 'pglite' && apps.length > 0) {
        const { assembleApp } = await import('../../src/app.ts');
        const app = assembleApp(apps[0]!.database, TEST_SECRET, { clock, campaign, addressKeys: keys });
        return app;
      }
      const app = await createApp({ database: { url, poolSize: 5 }, dataDir: '/nonexistent', signerKeySecret: TEST_SECRET, campaignFile: null }, { clock, campaign, addressKeys: keys });
      apps.push(app);
      return app;
    };
    const stored = async (app: App) => [
      ...rowsOf<{ address: string }>(await app.database.db.execute(sql`select address from subscriptions`)).map((r) => r.address),
      ...rowsOf<{ address: string }>(await app.database.db.execute(sql`select address from deliveries`)).map((r) => r.address),
      ...rowsOf<{ address: string }>(await app.database.db.execute(sql`select address from stay_in_touch`)).map((r) => r.address),
      ...rowsOf<{ channel: string }>(await app.database.db.execute(sql`select content->'params'->>'channel' as channel from broadcasts where content->'params' ? 'channel'`)).map((r) => r.channel),
    ];

    beforeAll(async () => {
      fresh = await freshDatabaseUrl(driver.name);
      url = fresh.url;
    });
    afterAll(async () => {
      for (const app of apps.reverse()) await app.close();
      await fresh.drop();
    });

    it('re-encrypts every address with the new first key; the old key can then go', async () => {
      const before = await open([OLD_KEY]);
      await before.core.reminders.subscribe(PERSON, 'telegram:5551230001', 'ko');
      await before.core.stayInTouch.optIn({ address: 'telegram:5551230001', language: 'ko', consentedAt: new Date('2026-11-29T15:00:00Z') });
      await before.core.reminders.subscribeChannel('slack:C0STAFFROT', 'en');
      await before.core.reminders.subscribeChannel('discord:channel:5551230002', 'en');
      await before.core.announcements.send({ en: 'Hello', ko: '안녕하세요', zh: '你好' }, 'slack:U0TESTSTAFF');
      await before.recipientGone('discord:channel:5551230002', new RecipientGoneError('discord:channel:5551230002', 'discord 403 50001', 'channel'));
      const sealedBefore = await stored(before);
      expect(sealedBefore.length).toBeGreaterThanOrEqual(5);
      expect(sealedBefore.every((v) => v.startsWith(before.addresses.currentPrefix))).toBe(true);

      const during = await open([NEW_KEY, OLD_KEY]);
      expect(during.addresses.currentPrefix).not.toBe(before.addresses.currentPrefix);
      // Before the rotation has run, both keys read, and lookups by the blind index still work.
      expect(await during.core.reminders.forSigner(PERSON)).toEqual([{ address: 'telegram:5551230001', language: 'ko', timeZone: null }]);
      const report = await resealAddresses(during.database.db, during.addresses, 'rotate');
      expect(report.subscriptions).toBe(2);
      expect(report.deliveries).toBeGreaterThanOrEqual(3);
      expect(report.broadcasts).toBe(1);
      expect(report.stayInTouch).toBe(1);
      expect((await stored(during)).every((v) => v.startsWith(during.addresses.currentPrefix))).toBe(true);
      // Run again: nothing left to do.
      expect(await resealAddresses(during.database.db, during.addresses, 'rotate')).toEqual({ subscriptions: 0, deliveries: 0, stayInTouch: 0, broadcasts: 0 });

      const after = await open([NEW_KEY]);
      expect(await after.core.reminders.forSigner(PERSON)).toEqual([{ address: 'telegram:5551230001', language: 'ko', timeZone: null }]);
      expect(await after.core.stayInTouch.consentOf('telegram:5551230001')).not.toBeNull();
      const claimed = await after.deliveries.claim('slack', 10, 60_000);
      expect(claimed.map((d) => d.address)).toContain('slack:C0STAFFROT');
      expect(await after.core.reminders.unsubscribe('telegram:5551230001')).toBe(true);
      // With only the old key, nothing opens any more.
      const stale = await open([OLD_KEY]);
      const [value] = await stored(stale);
      expect(() => stale.addresses.open(value!)).toThrow();
    });

    it('seals addresses stored before encryption at start, and finds them by address afterwards', async () => {
      const app = apps[0]!;
      await app.database.db.execute(sql`
        insert into subscriptions (campaign_id, address, address_index, platform, signer_key, language)
        values (${app.core.campaign.id}, 'telegram:5551230009', 'telegram:5551230009', 'telegram', ${app.core.keyOf({ platform: 'telegram', userId: '5551230009' })}, 'zh')`);
      // On Postgres a new app seals them as it starts; the in-memory database is shared, so seal as the start does.
      const legacyApp = await open([NEW_KEY]);
      await resealAddresses(legacyApp.database.db, legacyApp.addresses, 'legacy');
      const raw = await stored(legacyApp);
      expect(raw.some((v) => v.includes('5551230009'))).toBe(false);
      expect(await legacyApp.core.reminders.forSigner({ platform: 'telegram', userId: '5551230009' })).toEqual([{ address: 'telegram:5551230009', language: 'zh', timeZone: null }]);
      expect(await legacyApp.core.reminders.unsubscribe('telegram:5551230009')).toBe(true);
    });
  });
}
