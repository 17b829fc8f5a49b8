/**
 * Broadcast throughput: one announcement to N subscribers through the real
 * delivery path (durable queue on real Postgres, shared rate limiter, the
 * Telegram messenger + broadcast Api) with two delivery workers as child
 * processes (test/support/delivery-worker-process.ts, as two instances would
 * run), against a fake Bot API on 127.0.0.1 that enforces a token bucket of
 * --limit messages/s (429 with retry_after beyond it). The shared limiter is
 * set to the same rate. Prints the achieved rate as a fraction of the limit,
 * 429s per send, duplicates and losses, peak memory and elapsed time in one
 * run. Bounded in time; loopback only; the scratch database is dropped after.
 *
 *   npx tsx bench/broadcast-bench.ts [--subscribers 20000] [--limit 300] [--workers 2]
 *     [--burst 30] [--limiter-burst 5] [--batch 10] [--seconds <bound>] [--short]
 */
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.ts';
import { systemClock } from '../src/clock.ts';
import { createQueuedAnnouncements } from '../src/delivery/queued-announcements.ts';
import { startFakeTelegramApi } from '../test/support/fake-telegram-api.ts';
import { deliveryCounts, seedTelegramSubscribers, spawnDeliveryWorker, waitUntil, type WorkerProcess } from '../test/support/worker-fleet.ts';
import { isShortRun, report } from './support/report.ts';
import { fmt, scratchDatabase } from './support/scratch-database.ts';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: isShortRun() ? '1500' : '20000' },
    limit: { type: 'string', default: '300' },
    workers: { type: 'string', default: '2' },
    burst: { type: 'string', default: '30' },
    'limiter-burst': { type: 'string', default: '5' },
    batch: { type: 'string', default: '10' },
    seconds: { type: 'string' },
    short: { type: 'boolean', default: false },
  },
});
const SUBSCRIBERS = Number(values.subscribers);
const LIMIT = Number(values.limit);
const WORKERS = Number(values.workers);
const BURST = Number(values.burst);
const LIMITER_BURST = Number(values['limiter-burst']);
const BATCH = Number(values.batch);
const BOUND_S = Number(values.seconds ?? Math.ceil((SUBSCRIBERS / LIMIT) * 2 + 60));
const FIRST_CHAT = 5_550_900_000;
const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const MB = (bytes: number) => `${fmt(bytes / 1024 / 1024, 0)} MB`;

const scratch = await scratchDatabase('broadcast_bench');
const api = await startFakeTelegramApi({ record: false, rate: { perSecond: LIMIT, burst: BURST } });
const workers: WorkerProcess[] = [];
const selfPeak = { rss: 0, heapUsed: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  selfPeak.rss = Math.max(selfPeak.rss, m.rss);
  selfPeak.heapUsed = Math.max(selfPeak.heapUsed, m.heapUsed);
}, 100);
let exitCode = 0;
let app: Awaited<ReturnType<typeof createApp>> | null = null;

try {
  app = await createApp({ database: { url: scratch.url, poolSize: 4 }, dataDir: '/nonexistent', signerKeySecret: SECRET, campaignFile: null }, { clock: systemClock });
  await seedTelegramSubscribers(app.database.db, app.addresses, app.core.campaign.id, SUBSCRIBERS, FIRST_CHAT);

  const received = new Map<number, number>();
  let firstAt = 0;
  let lastAt = 0;
  const acceptedAt: number[] = [];
  api.onSendMessage((call) => {
    const now = performance.now();
    acceptedAt.push(now);
    firstAt ||= now;
    lastAt = now;
    const chat = Number(call.body.chat_id);
    received.set(chat, (received.get(chat) ?? 0) + 1);
  });

  for (let i = 0; i < WORKERS; i++) {
    workers.push(
      spawnDeliveryWorker({
        DATABASE_URL: scratch.url,
        SIGNER_KEY_SECRET: SECRET,
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_BROADCAST_RATE: String(LIMIT),
        TELEGRAM_BROADCAST_BURST: String(LIMITER_BURST),
        DELIVERY_BATCH_SIZE: String(BATCH),
        DELIVERY_LEASE_MS: '60000',
      }),
    );
  }
  await Promise.all(workers.map((w) => w.ready));

  const started = performance.now();
  await createQueuedAnnouncements(app.deliveries, app.core.campaign.id, app.clock).enqueue({
    id: 'bench',
    texts: { en: 'Three days left to sign.', ko: '서명 마감까지 3일 남았습니다.', zh: '距离签名截止还有3天。' },
    requestedBy: 'slack:U0BENCH',
  });
  const drainedOrBound = waitUntil(
    'the queue to drain',
    async () => {
      const c = await deliveryCounts(app!.database.db, 'announcement:bench');
      return c.queued + c.sending === 0;
    },
    BOUND_S * 1000,
    200,
  ).then(
    () => true,
    () => false,
  );
  const drained = await drainedOrBound;
  const elapsedS = (performance.now() - started) / 1000;

  for (const w of workers) w.child.kill('SIGTERM');
  const exits = await Promise.all(workers.map((w) => w.exited));
  clearInterval(sampler);

  const counts = await deliveryCounts(app.database.db, 'announcement:bench');
  const messages = [...received.values()].reduce((a, b) => a + b, 0);
  const duplicates = messages - received.size;
  const losses = SUBSCRIBERS - received.size;
  const sendSpanS = (lastAt - firstAt) / 1000;
  // Rate between the first and the last message the server accepted.
  const achieved = messages > 1 ? (messages - 1) / sendSpanS : 0;
  const attempts = api.stats.sent + api.stats.tooManyRequests;
  const reports = workers.map((w) => w.report());

  const line = (label: string, value: string, goal = '') => console.log(`${label.padEnd(34)}${value.padEnd(42)}${goal}`);
  console.log(`\nbroadcast to ${SUBSCRIBERS} Telegram subscribers, ${WORKERS} worker processes, real Postgres, fake Bot API on 127.0.0.1`);
  console.log(`fake limit ${LIMIT}/s (bucket ${BURST}); shared limiter ${LIMIT}/s (burst ${LIMITER_BURST}); batch ${BATCH}; bound ${BOUND_S} s\n`);
  line('achieved rate', `${fmt(achieved)} msg/s = ${fmt(achieved / LIMIT, 3)} of limit`, 'goal >= 0.9');
  const quarters = [0, 1, 2, 3].map((q) => {
    const from = Math.floor((q * acceptedAt.length) / 4);
    const to = Math.floor(((q + 1) * acceptedAt.length) / 4) - 1;
    return to > from ? fmt((to - from) / ((acceptedAt[to]! - acceptedAt[from]!) / 1000), 0) : '-';
  });
  line('  by quarter of the run', `${quarters.join(' / ')} msg/s`);
  line('429s per send', `${api.stats.tooManyRequests}/${attempts} = ${fmt((100 * api.stats.tooManyRequests) / Math.max(1, attempts), 2)}%`, 'goal < 1%');
  line('  of which ignored a retry_after', String(api.stats.ignoredRetryAfter));
  line('duplicates', String(duplicates), 'goal 0');
  line('losses', String(losses), 'goal 0');
  line('deliveries', `sent ${counts.sent}, failed ${counts.failed}, in doubt ${counts.inDoubt}, left ${counts.queued + counts.sending}`);
  reports.forEach((r, i) =>
    line(`worker ${i + 1} peak RSS / heap`, r ? `${MB(r.peak.rss)} / ${MB(r.peak.heapUsed)} (sent ${r.sent})` : `no report (exit ${JSON.stringify(exits[i])})`),
  );
  line('bench process peak RSS / heap', `${MB(selfPeak.rss)} / ${MB(selfPeak.heapUsed)}`, '(fake Bot API + seeding)');
  line('elapsed (enqueue to drained)', `${fmt(elapsedS)} s (sending ${fmt(sendSpanS)} s)`, `ideal ${fmt(SUBSCRIBERS / LIMIT)} s`);
  const tooManyShare = api.stats.tooManyRequests / Math.max(1, attempts);
  report({
    name: 'broadcast rate',
    figure: achieved,
    unit: 'msg/s',
    reference: LIMIT,
    referenceLabel: 'limit the fake Bot API enforces',
    goal: '>= 90% of reference',
    met: achieved >= 0.9 * LIMIT,
  });
  report({ name: 'broadcast 429s per send', figure: 100 * tooManyShare, unit: '%', reference: null, referenceLabel: '', goal: '< 1%', met: tooManyShare < 0.01 });
  report({ name: 'broadcast duplicates', figure: duplicates, unit: 'messages', reference: null, referenceLabel: '', goal: '0', met: duplicates === 0 });
  report({ name: 'broadcast losses', figure: losses, unit: 'subscribers', reference: null, referenceLabel: '', goal: '0', met: losses === 0 });
  if (!drained) {
    console.log(`\nNOT DRAINED within the ${BOUND_S} s bound`);
    exitCode = 1;
  }
} catch (error) {
  console.error(`bench failed: ${(error as Error).message}`);
  for (const w of workers) console.error(w.stderr().slice(-2000));
  exitCode = 1;
} finally {
  clearInterval(sampler);
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await app?.close();
  await api.close();
  await scratch.drop();
}
process.exit(exitCode);
