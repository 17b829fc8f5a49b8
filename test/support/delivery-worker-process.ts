/**
 * One delivery worker as its own process, the way a production instance runs
 * it: the app on DATABASE_URL, the real Telegram messenger (createTelegramMessenger
 * + createBroadcastApi) pointed at TELEGRAM_API_ROOT (a fake Bot API), and
 * createDeliveryWorker until SIGTERM. Prints `ready` when it works, and on a
 * graceful stop one JSON line with how many messages it sent and its peak
 * memory, then exits 0.
 *
 *   DATABASE_URL=postgres://… SIGNER_KEY_SECRET=… TELEGRAM_API_ROOT=http://127.0.0.1:… \
 *   TELEGRAM_BROADCAST_RATE=400 DELIVERY_LEASE_MS=3000 node --import tsx test/support/delivery-worker-process.ts
 */
import { createBroadcastApi } from '../../adapters/telegram/telegram-api.ts';
import { createTelegramMessenger } from '../../adapters/telegram/telegram-messenger.ts';
import { createApp } from '../../src/app.ts';
import { systemClock } from '../../src/clock.ts';
import type { Messenger } from '../../src/core/index.ts';
import { createDeliveryRuntime } from '../../src/delivery/runtime.ts';
import { createLogger } from '../../src/logger.ts';
import { FAKE_TOKEN } from './fake-telegram-api.ts';

const env = process.env;
const required = (name: string) => {
  const value = env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const rate = Number(env.TELEGRAM_BROADCAST_RATE ?? 400);
const burst = Number(env.TELEGRAM_BROADCAST_BURST ?? Math.max(1, Math.min(rate, 30)));

const app = await createApp(
  { database: { url: required('DATABASE_URL'), poolSize: 4 }, dataDir: '/nonexistent', signerKeySecret: required('SIGNER_KEY_SECRET'), campaignFile: null },
  { clock: systemClock, sendRates: { telegram: { perSecond: rate, burst } } },
);
const logger = createLogger(env.LOG_LEVEL ?? 'warn');
const telegram = createTelegramMessenger(createBroadcastApi(env.TELEGRAM_BOT_TOKEN ?? FAKE_TOKEN, required('TELEGRAM_API_ROOT')));
// Counts what this process sent, so a test can see both processes took part.
let sent = 0;
const messenger: Messenger = {
  ...telegram,
  async send(address, message) {
    await telegram.send(address, message);
    sent += 1;
  },
};
// The same runtime as `npm start`, sending only (no scheduler).
const { worker } = createDeliveryRuntime({
  ...app,
  messengers: [messenger],
  logger,
  worker: {
    leaseMs: Number(env.DELIVERY_LEASE_MS ?? 60_000),
    batchSize: Number(env.DELIVERY_BATCH_SIZE ?? 10),
    idleMs: Number(env.DELIVERY_IDLE_MS ?? 100),
  },
  schedule: false,
});

const peak = { rss: 0, heapUsed: 0 };
const sample = () => {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
};
const sampler = setInterval(sample, 100);

process.once('SIGTERM', () => {
  void (async () => {
    clearInterval(sampler);
    sample();
    await worker.stop();
    await app.close();
    process.stdout.write(`${JSON.stringify({ sent, peak })}\n`);
    process.exit(0);
  })().catch((error: unknown) => {
    process.stderr.write(`stop failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
});

worker.start();
process.stdout.write('ready\n');
