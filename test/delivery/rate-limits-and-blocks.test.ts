import { sql } from 'drizzle-orm';
import { systemClock } from '../../src/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcastApi } from '../../adapters/telegram/telegram-api.ts';
import { createTelegramMessenger } from '../../adapters/telegram/telegram-messenger.ts';
import type { App } from '../../src/app.ts';
import { createDeliveryRuntime } from '../../src/delivery/runtime.ts';
import { createQueuedAnnouncements } from '../../src/delivery/queued-announcements.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { createSendRateLimiter } from '../../src/storage/send-rate-limiter.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { FAKE_TOKEN, startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { createTestApp } from '../support/test-app.ts';
import { deliveryCounts, seedTelegramSubscribers, waitUntil } from '../support/worker-fleet.ts';

const SUBSCRIBERS = 100;
const FIRST_CHAT = 5_550_400_000;
const isBlocked = (chat: number) => (chat - FIRST_CHAT) % 10 === 3;
const silentLogger = { info() {}, warn() {}, error() {} };

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`a Telegram that rate-limits and has blocked the bot for some, on ${driver.name}`, () => {
    let app: App;
    let api: FakeTelegramApi;
    let drop: () => Promise<void>;
    const received = new Map<number, number>();

    beforeAll(async () => {
      const fresh = await freshDatabaseUrl(driver.name);
      drop = fresh.drop;
      app = await createTestApp({ url: fresh.url, clock: systemClock });
      // Far slower than our limiter (200/s) and with a tiny burst, so it answers 429
      // however slow or fast this machine is today.
      api = await startFakeTelegramApi({ record: false, rate: { perSecond: 30, burst: 3 } });
      api.onSendMessage((call) => received.set(Number(call.body.chat_id), (received.get(Number(call.body.chat_id)) ?? 0) + 1));
    });
    afterAll(async () => {
      await api?.close();
      await app?.close();
      await drop?.();
    });

    it('loses no recipient, unsubscribes the blocked ones and pauses on 429 without spending attempts', async () => {
      const chats = await seedTelegramSubscribers(app.database.db, app.addresses, app.core.campaign.id, SUBSCRIBERS, FIRST_CHAT);
      for (const chat of chats.filter(isBlocked)) api.block(chat);
      const messenger = createTelegramMessenger(createBroadcastApi(FAKE_TOKEN, api.url));
      const { worker } = createDeliveryRuntime({
        ...app,
        sendRates: createSendRateLimiter(app.database.db, { telegram: { perSecond: 200, burst: 20 } }),
        messengers: [messenger],
        logger: silentLogger,
        // A 429 counted as an attempt would fail deliveries here.
        worker: { leaseMs: 10_000, idleMs: 20, maxAttempts: 2 },
        schedule: false,
      });
      await createQueuedAnnouncements(app.deliveries, app.core.campaign.id, app.clock).enqueue({
        id: 'flood',
        texts: { en: 'News', ko: '소식', zh: '消息' },
        requestedBy: 'slack:U0TESTSTAFF',
      });
      worker.start();
      try {
        await waitUntil('the queue to drain', async () => {
          const c = await deliveryCounts(app.database.db, 'announcement:flood');
          return c.queued + c.sending === 0;
        }, 120_000);
      } finally {
        await worker.stop();
      }

      const blocked = chats.filter(isBlocked);
      const reachable = chats.filter((c) => !isBlocked(c));
      for (const chat of reachable) expect(received.get(chat)).toBe(1);
      for (const chat of blocked) expect(received.has(chat)).toBe(false);
      expect(await deliveryCounts(app.database.db, 'announcement:flood')).toMatchObject({
        sent: reachable.length,
        unsubscribed: blocked.length,
        failed: 0,
        inDoubt: 0,
      });
      const addresses = rowsOf<{ address: string }>(await app.database.db.execute(sql`select address from subscriptions`)).map((r) => app.addresses.open(r.address));
      expect(addresses.sort()).toEqual(reachable.map((c) => `telegram:${c}`).sort());

      // The fake did answer 429, and nothing was sent to it before a retry_after had passed.
      expect(api.stats.tooManyRequests).toBeGreaterThan(0);
      expect(api.stats.ignoredRetryAfter).toBe(0);
      const [rate] = rowsOf<{ paused: boolean }>(await app.database.db.execute(sql`select paused_until is not null as paused from send_rates where platform = 'telegram'`));
      expect(rate?.paused).toBe(true);
      // Rate limits are not the recipient's fault: every sent delivery took one attempt.
      const attempts = rowsOf<{ attempts: number; rate_limited: boolean }>(
        await app.database.db.execute(sql`select attempts, last_error = 'rate limited' as rate_limited from deliveries where state = 'sent'`),
      );
      expect(attempts.every((r) => Number(r.attempts) === 1)).toBe(true);
      expect(attempts.some((r) => r.rate_limited)).toBe(true);
    }, 150_000);
  });
}
