/**
 * Telegram adapter throughput and latency: updates per second and p99 from
 * update in to the last `sendMessage` out, for `/count` and a full `/sign`
 * (command, name button, country button, confirm), through the real bot
 * against the fake Bot API server on 127.0.0.1 and real Postgres; printed
 * beside a bare grammY bot that only replies "ok" (the framework's ceiling),
 * in the same run. Bounded in count and time; loopback only.
 *
 *   npx tsx bench/telegram-bench.ts [--count 3000] [--signers 400] [--chats 32] [--seconds 60]
 */
import { parseArgs } from 'node:util';
import type { Update } from '@grammyjs/types';
import { Bot } from 'grammy';
import pino from 'pino';
import { createTelegramAdapter } from '../adapters/telegram/telegram-adapter.ts';
import { createApp } from '../src/app.ts';
import { FAKE_BOT_INFO, FAKE_TOKEN, startFakeTelegramApi } from '../test/support/fake-telegram-api.ts';
import { testCampaign } from '../test/support/test-app.ts';
import { fmt, percentile, scratchDatabase } from './support/scratch-database.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '3000' },
    signers: { type: 'string', default: '400' },
    chats: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '60' },
  },
});
const COUNT_UPDATES = Number(values.count);
const SIGNERS = Number(values.signers);
const CHATS = Number(values.chats);
const TIME_LIMIT_MS = Number(values.seconds) * 1000;

let updateId = 1;
const from = (id: number) => ({ id, is_bot: false as const, first_name: 'Bench', last_name: `User${id}`, language_code: 'en' });
const chatOf = (id: number) => ({ id, type: 'private' as const, first_name: 'Bench' });
const message = (id: number, text: string): Update => ({
  update_id: updateId++,
  message: { message_id: updateId, date: 1795953600, from: from(id), chat: chatOf(id), text, ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}) },
} as Update);
const press = (id: number, data: string): Update => ({
  update_id: updateId++,
  callback_query: { id: String(updateId), from: from(id), chat_instance: '1', data, message: { message_id: 1, date: 1795953600, chat: chatOf(id), text: 'x' } },
} as Update);

/** Scripts: one list of updates per person; a person's updates run in order, persons side by side. */
type Script = Update[][];
const countScript = (firstUser: number, n: number): Script =>
  Array.from({ length: CHATS }, (_, c) => Array.from({ length: Math.ceil(n / CHATS) }, () => message(firstUser + c, '/count')));
const signScript = (firstUser: number, n: number): Script =>
  Array.from({ length: n }, (_, i) => [message(firstUser + i, '/sign'), press(firstUser + i, 'sd:name:platform'), press(firstUser + i, 'sd:country:KR'), press(firstUser + i, 'sd:confirm')]);

const api = await startFakeTelegramApi({ record: false });
const lastSend = new Map<number, number>();
api.onSendMessage((call) => lastSend.set(Number(call.body.chat_id), performance.now()));

/** Runs a script with CHATS persons in flight; per update, latency = last sendMessage for its chat - update in. */
async function drive(handle: (u: Update) => Promise<void>, script: Script) {
  const queue = [...script];
  const latencies: number[] = [];
  const bySteps = new Map<string, number[]>();
  let handled = 0;
  const started = performance.now();
  const deadline = started + TIME_LIMIT_MS;
  const worker = async () => {
    for (let person = queue.shift(); person && performance.now() < deadline; person = queue.shift()) {
      for (const update of person) {
        const chat = (update.message?.chat.id ?? update.callback_query?.message?.chat.id)!;
        const t0 = performance.now();
        await handle(update);
        const out = lastSend.get(chat);
        if (out !== undefined && out >= t0) {
          latencies.push(out - t0);
          const step = update.message?.text ?? update.callback_query?.data ?? '?';
          bySteps.set(step, [...(bySteps.get(step) ?? []), out - t0]);
        }
        handled++;
      }
    }
  };
  await Promise.all(Array.from({ length: CHATS }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const steps = [...bySteps].map(([step, l]) => `${step} p99 ${fmt(percentile(l.sort((a, b) => a - b), 99), 1)}`).join(', ');
  return { steps, handled, perSecond: handled / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), complete: queue.length === 0 };
}

const scratch = await scratchDatabase('bench_telegram');
try {
  const clock = () => new Date('2026-11-29T15:00:00Z');
  const app = await createApp(
    { database: { url: scratch.url, poolSize: CHATS }, dataDir: '/nonexistent', signerKeySecret: 'bench-secret-bench-secret-bench-secret-000', campaignFile: null },
    { clock, campaign: testCampaign() },
  );
  const adapter = createTelegramAdapter({
    chat: app.chat,
    core: app.core,
    clock: app.clock,
    logger: pino({ level: 'silent' }),
    config: { token: FAKE_TOKEN, apiRoot: api.url, botInfo: FAKE_BOT_INFO },
  });
  const bare = new Bot(FAKE_TOKEN, { botInfo: FAKE_BOT_INFO, client: { apiRoot: api.url } });
  bare.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  bare.use((ctx) => ctx.reply('ok'));
  const real = (u: Update) => adapter.bot.handleUpdate(u);
  const ceiling = (u: Update) => bare.handleUpdate(u);

  // Warm up both (JIT, connection pools, prepared statements).
  await drive(real, countScript(1_000_000, 200));
  await drive(real, signScript(1_100_000, 20));
  await drive(ceiling, countScript(1_200_000, 200));

  const results = [
    ['/count', 'bare grammY "ok"', await drive(ceiling, countScript(2_000_000, COUNT_UPDATES))],
    ['/count', 'campaign bot', await drive(real, countScript(3_000_000, COUNT_UPDATES))],
    ['/sign (4 updates each)', 'bare grammY "ok"', await drive(ceiling, signScript(4_000_000, SIGNERS))],
    ['/sign (4 updates each)', 'campaign bot', await drive(real, signScript(5_000_000, SIGNERS))],
  ] as const;
  const signed = (await app.core.petition.stats()).total;

  console.log(`\nTelegram adapter, real bot vs bare grammY, fake Bot API on 127.0.0.1, Postgres ${scratch.name}; ${CHATS} chats in flight\n`);
  console.log(`${'scenario'.padEnd(24)}${'bot'.padEnd(20)}${'updates'.padStart(8)}${'updates/s'.padStart(11)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
  for (const [scenario, bot, r] of results) {
    console.log(`${scenario.padEnd(24)}${bot.padEnd(20)}${String(r.handled).padStart(8)}${fmt(r.perSecond, 0).padStart(11)}${fmt(r.p50, 2).padStart(9)}${fmt(r.p99, 2).padStart(9)}${r.complete ? '' : '  (stopped at the time limit)'}`);
    if (bot === 'campaign bot' && scenario.startsWith('/sign')) console.log(`${''.padEnd(24)}by step (ms): ${r.steps}`);
  }
  console.log(`\nsignatures written: ${signed} (expected ${20 + SIGNERS})`);
  await app.close();
} finally {
  await api.close();
  await scratch.drop();
}
