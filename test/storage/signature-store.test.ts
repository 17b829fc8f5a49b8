import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SignatureStore } from '../../src/core/index.ts';
import { createDatabase, type Database } from '../../src/storage/database.ts';
import { createSignatureRepository } from '../../src/storage/signature-repository.ts';
import { DRIVERS, freshDatabaseUrl, openTestDatabase } from '../support/databases.ts';
import { newSignature } from '../support/new-signature.ts';

const CAMPAIGN = 'test-campaign';

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`signature storage on ${driver.name}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    let store: SignatureStore;
    const rowCount = async () => {
      const result = await handle.database.db.execute<{ n: number }>(sql`select count(*)::int as n from signatures`);
      return Number((result as unknown as { rows?: Array<{ n: number }> }).rows?.[0]?.n ?? (result as unknown as Array<{ n: number }>)[0]?.n);
    };

    beforeAll(async () => {
      handle = await openTestDatabase(driver.name);
      store = createSignatureRepository(handle.database.db);
    });
    afterAll(async () => handle?.dispose());
    beforeEach(async () => {
      await handle.database.db.execute(sql`truncate signatures`);
    });

    it('keeps exactly one row when the same person signs 50 times at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.insert(CAMPAIGN, 'same-signer', newSignature({ displayName: `Attempt ${i}` }))),
      );
      expect(results.filter((r) => r.inserted)).toHaveLength(1);
      expect(await rowCount()).toBe(1);
      expect((await store.totals(CAMPAIGN)).total).toBe(1);
      const losers = results.filter((r) => !r.inserted);
      expect(losers).toHaveLength(49);
    });

    it('lets the same person sign another campaign', async () => {
      await store.insert(CAMPAIGN, 'signer', newSignature());
      const other = await store.insert('another-campaign', 'signer', newSignature());
      expect(other.inserted).toBe(true);
      expect((await store.totals(CAMPAIGN)).total).toBe(1);
      expect((await store.totals('another-campaign')).total).toBe(1);
    });

    it('reports the existing signature when signing again', async () => {
      await store.insert(CAMPAIGN, 'signer', newSignature({ displayName: 'First Name', country: 'CA' }));
      const again = await store.insert(CAMPAIGN, 'signer', newSignature({ displayName: 'Second Name', country: 'US' }));
      expect(again).toMatchObject({ inserted: false, existing: { displayName: 'First Name', country: 'CA' } });
    });

    it('withdraws at once and the counts follow', async () => {
      await store.insert(CAMPAIGN, 'a', newSignature({ country: 'KR' }));
      await store.insert(CAMPAIGN, 'b', newSignature({ country: 'US' }));
      expect(await store.delete(CAMPAIGN, 'a')).toBe(true);
      expect(await store.delete(CAMPAIGN, 'a')).toBe(false);
      expect(await store.find(CAMPAIGN, 'a')).toBeNull();
      const totals = await store.totals(CAMPAIGN);
      expect(totals).toEqual({ total: 1, byCountry: { US: 1 }, byPlatform: { telegram: 1 } });
      expect(await rowCount()).toBe(1);
    });

    it('counts by country, platform and day', async () => {
      const rows: Array<[string, string, string, string]> = [
        ['k1', 'KR', 'telegram', '2026-11-28'],
        ['k2', 'KR', 'discord', '2026-11-29'],
        ['k3', 'US', 'telegram', '2026-11-29'],
        ['k4', 'JP', 'terminal', '2026-11-29'],
        ['k5', 'KR', 'telegram', '2026-11-29'],
      ];
      await Promise.all(rows.map(([key, country, platform, day]) => store.insert(CAMPAIGN, key, newSignature({ country, platform, signedOn: day }))));
      const totals = await store.totals(CAMPAIGN);
      expect(totals.total).toBe(5);
      expect(totals.byCountry).toEqual({ KR: 3, US: 1, JP: 1 });
      expect(totals.byPlatform).toEqual({ telegram: 3, discord: 1, terminal: 1 });
      expect(await store.perDay(CAMPAIGN)).toEqual([
        { day: '2026-11-28', count: 1 },
        { day: '2026-11-29', count: 4 },
      ]);
      await store.delete(CAMPAIGN, 'k1');
      expect(await store.perDay(CAMPAIGN)).toEqual([{ day: '2026-11-29', count: 4 }]);
    });

    it('never stores a raw platform id: the row holds only the signer key given to it', async () => {
      await store.insert(CAMPAIGN, 'opaque-key', newSignature());
      const result = await handle.database.db.execute(sql`select * from signatures`);
      const row = ((result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]))[0] as Record<string, unknown>;
      expect(Object.keys(row).sort()).toEqual(
        [
          'campaign_id', 'country', 'display_name', 'id', 'language', 'name_style', 'platform', 'referral', 'signed_at', 'signed_on', 'signer_key',
          // Review: a state, the rule that held it, the staff decision, and a keyed hash of the name (no platform id).
          'state', 'held_rule', 'invalid_reason', 'reviewed_by', 'reviewed_at', 'name_key',
          // The digest of its receipt code, derived from the signer key with the server secret (no platform id).
          'receipt_digest',
          // Its Merkle leaf: a hash of that digest, the campaign, the country and the day (no name, no platform id).
          'leaf',
        ].sort(),
      );
    });

    it('refuses a row whose name does not match its style', async () => {
      await expect(store.insert(CAMPAIGN, 'x', newSignature({ nameStyle: 'anonymous', displayName: 'Someone' }))).rejects.toThrow();
      expect(await rowCount()).toBe(0);
    });
  });

  describe.skipIf(!driver.enabled)(`migrations on ${driver.name}`, () => {
    it('can be applied twice at the same time, and again later', async () => {
      const fresh = await freshDatabaseUrl(driver.name);
      let first: Database | undefined;
      let second: Database | undefined;
      try {
        first = await createDatabase(fresh.url);
        // Two instances on Postgres; on PGlite one process holds the database, so two calls on it.
        second = driver.name === 'postgres' ? await createDatabase(fresh.url) : first;
        await Promise.all([first.migrate(), second.migrate()]);
        await first.migrate();
        const applied = await first.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        const n = Number(((applied as unknown as { rows?: Array<{ n: number }> }).rows ?? (applied as unknown as Array<{ n: number }>))[0]!.n);
        expect(n).toBeGreaterThanOrEqual(2);
        const store = createSignatureRepository(first.db);
        await store.insert(CAMPAIGN, 'after-migrate', newSignature());
        expect((await store.totals(CAMPAIGN)).total).toBe(1);
      } finally {
        if (second && second !== first) await second.close();
        await first?.close();
        await fresh.drop();
      }
    });
  });
}
