import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAddressCipher, type ClaimedDelivery, type NewBroadcast } from '../../src/core/index.ts';
import { createDeliveryRepository } from '../../src/storage/delivery-repository.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { createSubscriptionRepository } from '../../src/storage/subscription-repository.ts';
import { DRIVERS, openTestDatabase } from '../support/databases.ts';
import { TEST_SECRET, testClock } from '../support/test-app.ts';

const CAMPAIGN = 'test-campaign';
/** Addresses are sealed at rest; the test opens them to compare (made-up key). */
const cipher = createAddressCipher(['made-up-address-key-made-up-address-key-0001'], TEST_SECRET);

const announcement = (id: string, overrides: Partial<NewBroadcast> = {}): NewBroadcast => ({
  id,
  campaignId: CAMPAIGN,
  kind: 'announcement',
  audience: 'everyone',
  content: { texts: { en: 'Hello', ko: '안녕하세요', zh: '你好' } },
  requestedBy: 'slack:U0TESTSTAFF',
  notBefore: new Date('2026-12-01T00:00:00Z'),
  ...overrides,
});

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`delivery store on ${driver.name}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    const clock = testClock('2026-12-01T12:00:00Z');
    const store = () => createDeliveryRepository(handle.database.db, clock, cipher);
    const subscriptions = () => createSubscriptionRepository(handle.database.db, clock, cipher);
    const person = (address: string, timeZone: string | null = null, language: 'en' | 'ko' | 'zh' = 'en') =>
      subscriptions().subscribe(CAMPAIGN, { address, language, timeZone, signerKey: `made-up-signer-${address}` });
    const channel = (address: string) => subscriptions().subscribe(CAMPAIGN, { address, language: 'en', timeZone: null, signerKey: null });
    const rows = async (broadcastId: string) =>
      rowsOf<{ address: string; state: string; in_doubt: boolean; attempts: number; not_before: string | Date }>(
        await handle.database.db.execute(sql`select address, state, in_doubt, attempts, not_before from deliveries where broadcast_id = ${broadcastId}`),
      )
        .map((r) => ({ ...r, address: cipher.open(r.address) }))
        .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    const claimAll = async (platform: string) => {
      const all: ClaimedDelivery[] = [];
      for (;;) {
        const batch = await store().claim(platform, 7, 60_000);
        if (batch.length === 0) return all;
        all.push(...batch);
      }
    };

    beforeAll(async () => {
      handle = await openTestDatabase(driver.name);
    });
    afterAll(async () => handle?.dispose());
    beforeEach(async () => {
      clock.set('2026-12-01T12:00:00Z');
      await handle.database.db.execute(sql`delete from deliveries`);
      await handle.database.db.execute(sql`delete from broadcasts`);
      await handle.database.db.execute(sql`delete from subscriptions`);
    });

    it('queues one delivery per subscriber, and enqueuing the same id again adds nothing', async () => {
      await person('telegram:5550300001', null, 'ko');
      await person('telegram:5550300002');
      await channel('discord:channel:5550300003');
      expect(await store().enqueue(announcement('a1'))).toEqual({ created: true, recipients: 3 });
      await person('telegram:5550300004');
      // Same id: the same broadcast, even when the audience has grown since.
      expect(await store().enqueue(announcement('a1'))).toEqual({ created: false, recipients: 3 });
      const queued = await rows('a1');
      expect(queued.map((r) => r.address)).toEqual(['discord:channel:5550300003', 'telegram:5550300001', 'telegram:5550300002']);
      expect(queued.every((r) => r.state === 'queued' && r.attempts === 0)).toBe(true);
      const claimed = await claimAll('telegram');
      expect(claimed.map((d) => [d.address, d.language, d.platform]).sort()).toEqual([
        ['telegram:5550300001', 'ko', 'telegram'],
        ['telegram:5550300002', 'en', 'telegram'],
      ]);
    });

    it('sends a `channels` broadcast only to subscriptions that are not a person', async () => {
      await person('telegram:5550300011');
      await channel('discord:channel:5550300012');
      await channel('slack:C0TESTCHAN');
      expect(await store().enqueue(announcement('m1', { kind: 'milestone', audience: 'channels' }))).toEqual({ created: true, recipients: 2 });
      expect((await rows('m1')).map((r) => r.address)).toEqual(['discord:channel:5550300012', 'slack:C0TESTCHAN']);
      expect(await claimAll('telegram')).toEqual([]);
    });

    it('sends a `staff` broadcast only to Slack channels', async () => {
      await person('telegram:5550300015');
      await channel('discord:channel:5550300016');
      await channel('slack:C0TESTSTAFF');
      expect(await store().enqueue(announcement('st1', { audience: 'staff' }))).toEqual({ created: true, recipients: 1 });
      expect((await rows('st1')).map((r) => r.address)).toEqual(['slack:C0TESTSTAFF']);
    });

    it('marks queued deliveries unsubscribed when the recipient opts out, and never claims them', async () => {
      await person('telegram:5550300021');
      await person('telegram:5550300022');
      await store().enqueue(announcement('u1'));
      await store().enqueue(announcement('u2'));
      expect(await subscriptions().unsubscribe(CAMPAIGN, 'telegram:5550300021')).toBe(true);
      expect((await rows('u1')).map((r) => [r.address, r.state])).toEqual([
        ['telegram:5550300021', 'unsubscribed'],
        ['telegram:5550300022', 'queued'],
      ]);
      const claimed = await claimAll('telegram');
      expect(claimed.map((d) => d.address)).toEqual(['telegram:5550300022', 'telegram:5550300022']);
      expect(claimed.map((d) => d.broadcastId).sort()).toEqual(['u1', 'u2']);
    });

    it('records a delivery queued for someone who opted out meanwhile as unsubscribed, and never claims it', async () => {
      await person('telegram:5550300025');
      await store().enqueue(announcement('u3'));
      // The race: the subscription goes without the queued row being marked (e.g. removed by hand).
      await handle.database.db.execute(sql`delete from subscriptions where address_index = ${cipher.index('telegram:5550300025')}`);
      expect(await store().claim('telegram', 10, 60_000)).toEqual([]);
      await store().recoverExpiredLeases();
      expect(await rows('u3')).toMatchObject([{ state: 'unsubscribed' }]);
    });

    it('leases what it claims: claimed rows are not claimed again, and only due ones are claimed', async () => {
      for (let i = 0; i < 12; i++) await person(`telegram:55503001${String(i).padStart(2, '0')}`);
      await store().enqueue(announcement('l1'));
      await store().enqueue(announcement('later', { notBefore: new Date('2026-12-02T00:00:00Z') }));
      const first = await store().claim('telegram', 5, 60_000);
      const second = await store().claim('telegram', 100, 60_000);
      expect(first).toHaveLength(5);
      expect(second).toHaveLength(7);
      expect(new Set([...first, ...second].map((d) => d.id)).size).toBe(12);
      expect([...first, ...second].every((d) => d.broadcastId === 'l1' && d.attempts === 1)).toBe(true);
      expect((await rows('l1')).every((r) => r.state === 'sending')).toBe(true);
      expect(await store().claim('telegram', 100, 60_000)).toEqual([]);
    });

    it('never hands one row to two concurrent claims', async () => {
      for (let i = 0; i < 60; i++) await person(`telegram:55503002${String(i).padStart(2, '0')}`);
      await store().enqueue(announcement('c1'));
      const claimers = Array.from({ length: 8 }, () => createDeliveryRepository(handle.database.db, clock, cipher));
      const batches = await Promise.all(claimers.map((c) => c.claim('telegram', 10, 60_000)));
      const ids = batches.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      const rest = await claimAll('telegram');
      expect(new Set([...ids, ...rest.map((d) => d.id)]).size).toBe(60);
      expect(ids.length + rest.length).toBe(60);
    });

    it('puts expired leases back flagged in doubt (a worker died mid-send), and leaves live ones alone', async () => {
      await person('telegram:5550300031');
      await person('telegram:5550300032');
      await store().enqueue(announcement('d1'));
      const [dying] = await store().claim('telegram', 1, 5_000);
      clock.set('2026-12-01T12:00:04Z');
      const [alive] = await store().claim('telegram', 1, 60_000);
      expect(await store().recoverExpiredLeases()).toBe(0);
      clock.set('2026-12-01T12:00:06Z');
      expect(await store().recoverExpiredLeases()).toBe(1);
      const after = await rows('d1');
      expect(after.find((r) => r.address === dying!.address)).toMatchObject({ state: 'queued', in_doubt: true });
      expect(after.find((r) => r.address === alive!.address)).toMatchObject({ state: 'sending', in_doubt: false });
      const [again] = await store().claim('telegram', 10, 60_000);
      expect(again).toMatchObject({ id: dying!.id, attempts: 2 });
      await store().markSent(again!.id);
      const [progress] = await store().progress(5);
      expect(progress).toMatchObject({ broadcastId: 'd1', sent: 1, sending: 1, inDoubt: 1 });
    });

    it('gives back a rate-limited or released delivery without counting an attempt, and a failed one with', async () => {
      await person('telegram:5550300041');
      await store().enqueue(announcement('r1'));
      const [first] = await store().claim('telegram', 1, 60_000);
      await store().retry(first!.id, new Date('2026-12-01T12:00:30Z'), 'rate limited', false);
      expect(await store().claim('telegram', 1, 60_000)).toEqual([]);
      clock.set('2026-12-01T12:00:30Z');
      const [second] = await store().claim('telegram', 1, 60_000);
      expect(second!.attempts).toBe(1);
      await store().retry(second!.id, clock(), 'Error: boom', true);
      const [third] = await store().claim('telegram', 1, 60_000);
      expect(third!.attempts).toBe(2);
      await store().markFailed(third!.id, 'Error: boom');
      expect(await rows('r1')).toMatchObject([{ state: 'failed', attempts: 2 }]);
    });

    it('waits for each recipient’s local hour: 10:00 in Seoul for a Seoul subscriber, the default zone otherwise', async () => {
      await person('telegram:5550300051', 'Asia/Seoul', 'ko');
      await person('telegram:5550300052');
      await person('telegram:5550300053', 'Not/AZone');
      await store().enqueue(
        announcement('reminder:test:days-3', {
          kind: 'reminder',
          content: { template: 'reminder.days-left', params: { count: 3 } },
          notBefore: new Date('2026-12-06T00:00:00Z'),
          localTime: { date: '2026-12-07', hour: 10, defaultZone: 'America/New_York' },
        }),
      );
      const notBefore = Object.fromEntries((await rows('reminder:test:days-3')).map((r) => [r.address, new Date(r.not_before).toISOString()]));
      expect(notBefore).toEqual({
        'telegram:5550300051': '2026-12-07T01:00:00.000Z', // 10:00 KST
        'telegram:5550300052': '2026-12-07T15:00:00.000Z', // 10:00 EST
        // A zone Postgres does not know falls back to the default rather than failing everyone's reminder.
        'telegram:5550300053': '2026-12-07T15:00:00.000Z',
      });
      clock.set('2026-12-07T01:00:00Z');
      expect((await store().claim('telegram', 10, 60_000)).map((d) => d.address)).toEqual(['telegram:5550300051']);
    });

    // One PGlite is one session: only the real server has another transaction to skip.
    if (driver.name === 'postgres') it('skips rows another transaction holds, without waiting for it', async () => {
      await person('telegram:5550300061');
      await person('telegram:5550300062');
      await store().enqueue(announcement('s1'));
      const other = postgres(process.env.TEST_DATABASE_URL!.replace(/\/[^/]*$/, `/${handle.url.split('/').pop()}`), { max: 1, onnotice: () => {} });
      try {
        await other.begin(async (tx) => {
          await tx`select id from deliveries where address_index = ${cipher.index('telegram:5550300061')} for update`;
          const claimed = await store().claim('telegram', 10, 60_000);
          expect(claimed.map((d) => d.address)).toEqual(['telegram:5550300062']);
        });
      } finally {
        await other.end();
      }
      expect((await store().claim('telegram', 10, 60_000)).map((d) => d.address)).toEqual(['telegram:5550300061']);
    });
  });
}
