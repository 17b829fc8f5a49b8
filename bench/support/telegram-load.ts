/**
 * Drives the real Telegram bot (grammY, the campaign's chat layer, real
 * Postgres) with scripted updates against the fake Bot API on 127.0.0.1,
 * and measures per update the time from update in to the last `sendMessage`
 * out. Shared by the Telegram and drafts benchmarks.
 */
import type { Update } from '@grammyjs/types';
import pino from 'pino';
import { createTelegramAdapter } from '../../adapters/telegram/telegram-adapter.ts';
import { createApp, type App } from '../../src/app.ts';
import type { Clock } from '../../src/core/index.ts';
import { FAKE_BOT_INFO, FAKE_TOKEN, startFakeTelegramApi, type FakeTelegramApi } from '../../test/support/fake-telegram-api.ts';
import { testCampaign } from '../../test/support/test-app.ts';
import { fmt, percentile } from './scratch-database.ts';

/** One list of updates per person; a person's updates run in order, persons side by side. */
export type Script = Update[][];

export interface DriveResult {
  /** p99 per step, e.g. `/sign p99 12.3, sd:confirm p99 20.1`. */
  steps: string;
  handled: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Every latency measured, sorted; for pooling several rounds. */
  latencies: number[];
  seconds: number;
  /**
   * This process's CPU time (user + system) per update, in ms: the bot, the
   * fake Bot API and the load all run here, so it moves less with other load
   * on the machine than updates/s does and shows what the bot's own work costs.
   */
  cpuMsPerUpdate: number;
  /** False when the time limit stopped the script early. */
  complete: boolean;
}

export interface TelegramLoad {
  api: FakeTelegramApi;
  message(id: number, text: string): Update;
  press(id: number, data: string): Update;
  /** `/count` from `chats` people, `n` updates in all. */
  countScript(firstUser: number, n: number): Script;
  /** A full `/sign` (command, name button, country button, confirm) for `n` people. */
  signScript(firstUser: number, n: number): Script;
  /** Runs a script with `chats` persons in flight, stopping new persons at the time limit. */
  drive(handle: (u: Update) => Promise<void>, script: Script): Promise<DriveResult>;
  close(): Promise<void>;
}

export async function startTelegramLoad(options: { chats: number; timeLimitMs: number }): Promise<TelegramLoad> {
  const { chats, timeLimitMs } = options;
  let updateId = 1;
  const from = (id: number) => ({ id, is_bot: false as const, first_name: 'Bench', last_name: `User${id}`, language_code: 'en' });
  const chatOf = (id: number) => ({ id, type: 'private' as const, first_name: 'Bench' });
  const message = (id: number, text: string): Update =>
    ({
      update_id: updateId++,
      message: {
        message_id: updateId,
        date: 1795953600,
        from: from(id),
        chat: chatOf(id),
        text,
        ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}),
      },
    }) as Update;
  const press = (id: number, data: string): Update =>
    ({
      update_id: updateId++,
      callback_query: { id: String(updateId), from: from(id), chat_instance: '1', data, message: { message_id: 1, date: 1795953600, chat: chatOf(id), text: 'x' } },
    }) as Update;

  const api = await startFakeTelegramApi({ record: false });
  const lastSend = new Map<number, number>();
  api.onSendMessage((call) => lastSend.set(Number(call.body.chat_id), performance.now()));

  async function drive(handle: (u: Update) => Promise<void>, script: Script): Promise<DriveResult> {
    const queue = [...script];
    const latencies: number[] = [];
    const bySteps = new Map<string, number[]>();
    let handled = 0;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const deadline = started + timeLimitMs;
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
    await Promise.all(Array.from({ length: chats }, worker));
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    latencies.sort((a, b) => a - b);
    const steps = [...bySteps].map(([step, l]) => `${step} p99 ${fmt(percentile(l.sort((a, b) => a - b), 99), 1)}`).join(', ');
    return { steps, handled, perSecond: handled / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), latencies, seconds, cpuMsPerUpdate: (cpu.user + cpu.system) / 1000 / Math.max(1, handled), complete: queue.length === 0 };
  }

  return {
    api,
    message,
    press,
    countScript: (firstUser, n) => Array.from({ length: chats }, (_, c) => Array.from({ length: Math.ceil(n / chats) }, () => message(firstUser + c, '/count'))),
    signScript: (firstUser, n) =>
      Array.from({ length: n }, (_, i) => [message(firstUser + i, '/sign'), press(firstUser + i, 'sd:name:platform'), press(firstUser + i, 'sd:country:KR'), press(firstUser + i, 'sd:confirm')]),
    drive,
    close: () => api.close(),
  };
}

/** The campaign app on `url` and its real Telegram bot, talking to the fake Bot API. */
export async function startCampaignBot(url: string, api: FakeTelegramApi, options: { poolSize: number; clock: Clock }): Promise<{ app: App; handle: (u: Update) => Promise<void> }> {
  const app = await createApp(
    { database: { url, poolSize: options.poolSize }, dataDir: '/nonexistent', signerKeySecret: 'bench-secret-bench-secret-bench-secret-000', campaignFile: null },
    // Every command is counted by the flood limiter, as in production, but none is refused: the /count
    // scenario is 32 people sending /count over and over, and refused updates would cost next to nothing.
    { clock: options.clock, campaign: testCampaign(), floodLimits: { commands: Number.MAX_SAFE_INTEGER, perSeconds: 10 } },
  );
  const adapter = createTelegramAdapter({
    chat: app.chat,
    core: app.core,
    clock: app.clock,
    logger: pino({ level: 'silent' }),
    config: { token: FAKE_TOKEN, apiRoot: api.url, botInfo: FAKE_BOT_INFO },
  });
  return { app, handle: (u) => adapter.bot.handleUpdate(u) };
}
