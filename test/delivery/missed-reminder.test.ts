import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { Messenger, OutgoingMessage } from '../../src/core/index.ts';
import { createDeliveryRuntime } from '../../src/delivery/runtime.ts';
import { renderBroadcast } from '../../src/delivery/render-broadcast.ts';
import { createScheduler } from '../../src/delivery/scheduler.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { createTestApp, testClock } from '../support/test-app.ts';

const silentLogger = { info() {}, warn() {}, error() {} };

/** A messenger that records what it was asked to send. */
function recordingMessenger(prefix: string) {
  const sent: Array<{ address: string; message: OutgoingMessage }> = [];
  const messenger = {
    prefix,
    async send(address: string, message: OutgoingMessage) {
      sent.push({ address, message });
    },
  } satisfies Messenger;
  return { messenger, sent };
}

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`a reminder that fell due while nothing ran, on ${driver.name}`, () => {
    // 3 days before the last day (10 December), 15:00 New York: "3 days left" is
    // the latest reminder due; 30, 14 and 7 days were missed while down.
    const clock = testClock('2026-12-07T20:00:00Z');
    let app: App;
    let restarted: App;
    let drop: () => Promise<void>;
    const telegram = recordingMessenger('telegram');
    const discord = recordingMessenger('discord');
    const people = [
      { id: '5550500001', language: 'en' as const, zone: null },
      { id: '5550500002', language: 'ko' as const, zone: 'Asia/Seoul' },
      { id: '5550500003', language: 'zh' as const, zone: null },
    ];

    const drain = async (on: App) => {
      const { worker } = createDeliveryRuntime({ ...on, messengers: [telegram.messenger, discord.messenger], logger: silentLogger, worker: { idleMs: 20 }, schedule: false });
      worker.start();
      await worker.idle();
      await worker.stop();
    };

    beforeAll(async () => {
      const fresh = await freshDatabaseUrl(driver.name);
      drop = fresh.drop;
      app = await createTestApp({ url: fresh.url, clock });
      // PGlite in memory is one process's database; on the server a restart is a second app.
      restarted = driver.name === 'postgres' ? await createTestApp({ url: fresh.url, clock }) : app;
      for (const p of people) await app.core.reminders.subscribe({ platform: 'telegram', userId: p.id }, `telegram:${p.id}`, p.language, p.zone);
      await app.core.reminders.subscribeChannel('discord:channel:5550500009', 'en');
    });
    afterAll(async () => {
      if (restarted !== app) await restarted?.close();
      await app?.close();
      await drop?.();
    });

    it('queues only the latest due reminder when a process starts, once across a restart, and delivers it once', async () => {
      const campaignId = app.core.campaign.id;
      await createScheduler({ core: app.core, deliveries: app.deliveries, snapshots: app.snapshots, logger: silentLogger, clock }).tick();
      // The restart: another process, another scheduler, the same moment.
      await createScheduler({ core: restarted.core, deliveries: restarted.deliveries, snapshots: restarted.snapshots, logger: silentLogger, clock }).tick();

      const broadcasts = rowsOf<{ id: string }>(await app.database.db.execute(sql`select id from broadcasts order by id`)).map((r) => r.id);
      expect(broadcasts).toEqual([`reminder:${campaignId}:days-3`]);

      await drain(restarted);
      expect(telegram.sent.map((s) => s.address).sort()).toEqual(people.map((p) => `telegram:${p.id}`).sort());
      expect(discord.sent.map((s) => s.address)).toEqual(['discord:channel:5550500009']);
      const content = { template: 'reminder.days-left', params: { count: 3, days: 3, deadline: '2026-12-11T05:00:00.000Z' } };
      for (const p of people) {
        const [message] = telegram.sent.filter((s) => s.address === `telegram:${p.id}`);
        const reader = { timeZone: p.zone ?? 'America/New_York', now: clock() };
        expect(message!.message).toEqual(renderBroadcast(app.core.t, content, p.language, 'telegram', reader));
      }
      expect(telegram.sent.find((s) => s.address === 'telegram:5550500001')!.message.text).toMatch(/\b3\b/);

      // Later ticks and another drain the same day send nothing more.
      clock.set('2026-12-07T20:05:00Z');
      await createScheduler({ core: app.core, deliveries: app.deliveries, snapshots: app.snapshots, logger: silentLogger, clock }).tick();
      await drain(app);
      expect(telegram.sent).toHaveLength(people.length);
      expect(discord.sent).toHaveLength(1);
      const [progress] = await app.deliveries.progress(10);
      expect(progress).toMatchObject({ broadcastId: `reminder:${campaignId}:days-3`, sent: 4, queued: 0, inDoubt: 0 });
    });
  });
}
