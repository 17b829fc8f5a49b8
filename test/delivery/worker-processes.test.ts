import { sql } from 'drizzle-orm';
import { systemClock } from '../../src/clock.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { createQueuedAnnouncements } from '../../src/delivery/queued-announcements.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { freshDatabaseUrl, TEST_DATABASE_URL } from '../support/databases.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { createTestApp } from '../support/test-app.ts';
import { deliveryCounts, seedTelegramSubscribers, spawnDeliveryWorker, waitUntil, type WorkerProcess } from '../support/worker-fleet.ts';

const SUBSCRIBERS = 2_000;
const FIRST_CHAT = 5_550_200_000;
const BATCH_SIZE = 10;
const SECRET = 'test-secret-test-secret-test-secret-0123456789';

// Two real processes against the real server: PGlite is one process's database.
describe.skipIf(!TEST_DATABASE_URL)('two delivery worker processes on real Postgres (needs TEST_DATABASE_URL)', () => {
  let app: App;
  let api: FakeTelegramApi;
  let url: string;
  let drop: () => Promise<void>;
  const received = new Map<number, number>();
  const workers: WorkerProcess[] = [];

  const startWorker = async () => {
    const worker = spawnDeliveryWorker({
      DATABASE_URL: url,
      SIGNER_KEY_SECRET: SECRET,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_BROADCAST_RATE: '400',
      TELEGRAM_BROADCAST_BURST: '40',
      DELIVERY_LEASE_MS: '3000',
      DELIVERY_BATCH_SIZE: String(BATCH_SIZE),
    });
    workers.push(worker);
    await worker.ready;
    return worker;
  };
  const stop = async (worker: WorkerProcess) => {
    worker.child.kill('SIGTERM');
    return worker.exited;
  };
  const announce = (id: string) =>
    createQueuedAnnouncements(app.deliveries, app.core.campaign.id, app.clock).enqueue({
      id,
      texts: { en: `News ${id}`, ko: `소식 ${id}`, zh: `消息 ${id}` },
      requestedBy: 'slack:U0TESTSTAFF',
    });
  const total = () => [...received.values()].reduce((a, b) => a + b, 0);
  const drained = async (broadcastId: string) => {
    const counts = await deliveryCounts(app.database.db, broadcastId);
    return counts.queued + counts.sending === 0;
  };

  beforeAll(async () => {
    ({ url, drop } = await freshDatabaseUrl('postgres'));
    app = await createTestApp({ url, clock: systemClock });
    api = await startFakeTelegramApi({ record: false });
    api.onSendMessage((call) => {
      const chat = Number(call.body.chat_id);
      received.set(chat, (received.get(chat) ?? 0) + 1);
    });
    await seedTelegramSubscribers(app.database.db, app.addresses, app.core.campaign.id, SUBSCRIBERS, FIRST_CHAT);
  });
  beforeEach(() => received.clear());
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await api?.close();
    await app?.close();
    await drop?.();
  });

  it('drain one announcement to 2,000 subscribers: every recipient exactly once, all sent', async () => {
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    const { recipients } = await announce('two-workers');
    expect(recipients).toBe(SUBSCRIBERS);
    await waitUntil('the queue to drain', () => drained('announcement:two-workers'), 90_000);

    expect(received.size).toBe(SUBSCRIBERS);
    expect(total()).toBe(SUBSCRIBERS);
    for (let i = 0; i < SUBSCRIBERS; i++) expect(received.get(FIRST_CHAT + i)).toBe(1);
    expect(await deliveryCounts(app.database.db, 'announcement:two-workers')).toMatchObject({ sent: SUBSCRIBERS, failed: 0, inDoubt: 0, total: SUBSCRIBERS });

    expect(await stop(a!)).toEqual({ code: 0, signal: null });
    expect(await stop(b!)).toEqual({ code: 0, signal: null });
    // Both processes took part, and between them sent each message once.
    expect(a!.report()!.sent).toBeGreaterThan(0);
    expect(b!.report()!.sent).toBeGreaterThan(0);
    expect(a!.report()!.sent + b!.report()!.sent).toBe(SUBSCRIBERS);
  }, 180_000);

  it('one worker SIGKILLed mid-way and restarted: every recipient at least once, each duplicate flagged in doubt', async () => {
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    await announce('killed');
    // Some hundreds of messages in, at a random moment.
    const killAfter = 300 + Math.floor(Math.random() * 700);
    await waitUntil(`${killAfter} messages`, () => total() >= killAfter, 60_000, 1);
    a!.child.kill('SIGKILL');
    expect((await a!.exited).signal).toBe('SIGKILL');
    const restarted = await startWorker();
    await waitUntil('the queue to drain', () => drained('announcement:killed'), 90_000);

    const counts = await deliveryCounts(app.database.db, 'announcement:killed');
    const duplicates = total() - received.size;
    console.log(`[SIGKILL after ${killAfter} messages] duplicates: ${duplicates}, deliveries flagged in doubt: ${counts.inDoubt}`);
    expect(received.size).toBe(SUBSCRIBERS);
    expect(counts).toMatchObject({ sent: SUBSCRIBERS, failed: 0, queued: 0, sending: 0 });
    // A message in flight when SIGKILL hits cannot be known to have arrived:
    // it is sent again, and the record says so. At most one batch was held.
    expect(duplicates).toBeLessThanOrEqual(counts.inDoubt);
    expect(counts.inDoubt).toBeLessThanOrEqual(BATCH_SIZE);
    const inDoubt = new Set(
      rowsOf<{ address: string }>(await app.database.db.execute(sql`select address from deliveries where broadcast_id = 'announcement:killed' and in_doubt`)).map((r) => app.addresses.open(r.address)),
    );
    for (const [chat, times] of received) if (times > 1) expect(inDoubt.has(`telegram:${chat}`)).toBe(true);

    expect(await stop(b!)).toEqual({ code: 0, signal: null });
    expect(await stop(restarted)).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('SIGTERM during a broadcast: the worker exits 0, and after a restart every recipient got exactly one message', async () => {
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    await announce('terminated');
    const stopAfter = 300 + Math.floor(Math.random() * 700);
    await waitUntil(`${stopAfter} messages`, () => total() >= stopAfter, 60_000, 1);
    expect(await stop(a!)).toEqual({ code: 0, signal: null });
    const restarted = await startWorker();
    await waitUntil('the queue to drain', () => drained('announcement:terminated'), 90_000);

    expect(received.size).toBe(SUBSCRIBERS);
    expect(total()).toBe(SUBSCRIBERS);
    // A graceful stop puts unsent claims back as they were: nothing in doubt.
    expect(await deliveryCounts(app.database.db, 'announcement:terminated')).toMatchObject({ sent: SUBSCRIBERS, failed: 0, inDoubt: 0 });

    expect(await stop(b!)).toEqual({ code: 0, signal: null });
    expect(await stop(restarted)).toEqual({ code: 0, signal: null });
  }, 180_000);
});
