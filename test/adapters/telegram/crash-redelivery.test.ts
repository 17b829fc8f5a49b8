/**
 * Exactly one effect across a crash: the bot runs as a real child process
 * (`src/main.ts`, Telegram webhook mode) on real Postgres; hundreds of
 * supporters sign at once, each step a Telegram-shaped update POSTed to the
 * webhook; the bot is killed with SIGKILL in the middle, started again, and
 * every update that was not answered 200 is sent again with the same
 * update_id, as Telegram does, until it is. Every supporter then has exactly
 * one signature, one reply to every step, and nobody was told the question
 * had expired.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Update } from '@grammyjs/types';
import { DateTime } from 'luxon';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_FILE } from '../../../src/campaign/load-campaign.ts';
import { childEnv } from '../../support/child-env.ts';
import { freshDatabaseUrl, TEST_DATABASE_URL } from '../../support/databases.ts';
import { FAKE_TOKEN, startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { ROOT } from '../../support/run-script.ts';
import { waitUntil } from '../../support/worker-fleet.ts';
import { freePort } from '../../support/free-port.ts';

const SUPPORTERS = 200;
/** Killed once this share of all updates has been answered. */
const KILL_AT = 0.3;
const SECRET = 'made-up-webhook-secret-crash-0123';
const LOCALES = ['en', 'ko', 'zh'] as const;
const FIRST_CHAT = 5_553_000_000;
const FIRST_UPDATE = 910_000_000;

const GIVEN = ['Alma', 'Bruno', 'Celia', 'Dario', 'Elena', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Lukas', 'Mara', 'Nico', 'Olga', 'Pablo', 'Rosa', 'Sven', 'Tara', 'Ugo'];
const FAMILY = ['Baker', 'Costa', 'Duarte', 'Evans', 'Fischer', 'Garcia', 'Horvat', 'Ivanov', 'Jensen', 'Keller', 'Lindqvist', 'Moreau', 'Novak', 'Olsen', 'Petit'];

interface Supporter {
  chatId: number;
  locale: (typeof LOCALES)[number];
  name: string;
}

const supporters: Supporter[] = Array.from({ length: SUPPORTERS }, (_, i) => ({
  chatId: FIRST_CHAT + i,
  locale: LOCALES[i % LOCALES.length]!,
  name: `${GIVEN[i % GIVEN.length]} ${FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]}`,
}));

let nextUpdateId = FIRST_UPDATE;
let nextMessageId = 1;

/** A private-chat text message, as Telegram sends it. */
function textUpdate(s: Supporter, text: string): Update {
  const command = /^\/\S+/.exec(text);
  const from = { id: s.chatId, is_bot: false, first_name: s.name.split(' ')[0]!, language_code: s.locale };
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      date: 1_764_000_000,
      from,
      chat: { id: s.chatId, type: 'private', first_name: from.first_name },
      text,
      ...(command ? { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' }] } : {}),
    },
  };
}

/** A press of an inline button under one of the bot's messages. */
function buttonUpdate(s: Supporter, data: string): Update {
  const from = { id: s.chatId, is_bot: false, first_name: s.name.split(' ')[0]!, language_code: s.locale };
  return {
    update_id: nextUpdateId++,
    callback_query: {
      id: String(8_000_000_000 + nextMessageId++),
      from,
      chat_instance: String(-s.chatId),
      message: { message_id: 1, date: 1_764_000_000, chat: { id: s.chatId, type: 'private', first_name: from.first_name }, text: '…' },
      data,
    },
  };
}

/** The four updates of one signing: start, a typed name, a typed country code, confirm. */
function stepsOf(s: Supporter): Update[] {
  return [textUpdate(s, '/sign'), textUpdate(s, s.name), textUpdate(s, 'CA'), buttonUpdate(s, 'sd:confirm')];
}

/** The shipped campaign, open from a month ago to a month ahead of today (in its own zone). */
async function campaignOpenNow(dir: string): Promise<string> {
  const shipped = JSON.parse(await readFile(DEFAULT_CAMPAIGN_FILE, 'utf8'));
  const today = DateTime.now().setZone(shipped.timeZone).startOf('day');
  const file = join(dir, 'campaign.json');
  await writeFile(file, JSON.stringify({ ...shipped, opens: today.minus({ days: 30 }).toFormat("yyyy-MM-dd'T'HH:mm"), closesAtEndOf: today.plus({ days: 30 }).toISODate() }));
  return file;
}

async function localeTexts(locale: string) {
  const bot = JSON.parse(await readFile(join(ROOT, 'locales', locale, 'bot.json'), 'utf8'));
  const errors = JSON.parse(await readFile(join(ROOT, 'locales', locale, 'errors.json'), 'utf8'));
  return {
    intro: bot.sign.intro as string,
    askCountry: bot.sign['ask-country'] as string,
    thanksPrefix: (bot.sign.thanks as string).split('{{')[0]!,
    expired: errors.dialogue.expired as string,
  };
}

/**
 * A chat's messages with every repeat of the block just before it removed
 * (a replay of replies that were sent once already when the process died),
 * and how many blocks were removed.
 */
function withoutReplays(texts: string[]): { texts: string[]; replays: number } {
  const out: string[] = [];
  let replays = 0;
  for (let i = 0; i < texts.length; ) {
    const size = [2, 1].find((k) => i + k <= texts.length && out.length >= k && texts.slice(i, i + k).join('\0') === out.slice(-k).join('\0'));
    if (size) {
      replays += 1;
      i += size;
    } else out.push(texts[i++]!);
  }
  return { texts: out, replays };
}

describe.skipIf(!TEST_DATABASE_URL)('a crash under load on real Postgres (needs TEST_DATABASE_URL)', () => {
  let api: FakeTelegramApi;
  let scratch: { url: string; drop(): Promise<void> };
  let dir: string;
  let child: ChildProcess | null = null;
  let stderr = '';

  beforeAll(async () => {
    api = await startFakeTelegramApi();
    scratch = await freshDatabaseUrl('postgres');
    dir = await mkdtemp(join(tmpdir(), 'petition-crash-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
    await scratch?.drop();
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives every supporter exactly one signature and one reply per step through kill -9 and Telegram-style redelivery', async () => {
    const started = performance.now();
    const port = await freePort();
    const webhook = `http://127.0.0.1:${port}/telegram/webhook`;
    const env = childEnv({
      DATABASE_URL: scratch.url,
      SIGNER_KEY_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      ADDRESS_KEYS: 'made-up-address-key-made-up-address-key-0001',
      CAMPAIGN_FILE: await campaignOpenNow(dir),
      DATA_DIR: dir,
      PORT: String(port),
      TERMINAL: '0',
      DELIVERY_WORKER: '0',
      LOG_LEVEL: 'error',
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });

    const start = async () => {
      stderr = '';
      const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
      proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child = proc;
      await waitUntil(
        'the bot to listen',
        async () => {
          if (proc.exitCode !== null) throw new Error(`main exited early (${proc.exitCode}): ${stderr.slice(-2000)}`);
          return fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status === 200, () => false);
        },
        40_000,
        100,
      );
    };
    await start();
    const firstUp = performance.now();

    const plans = supporters.map((s) => ({ supporter: s, steps: stepsOf(s) }));
    const total = plans.length * 4;
    let answered = 0;
    let inFlight = 0;
    let inFlightAtKill = 0;
    let sends = 0;
    const redelivered = new Set<number>();
    let killed = false;
    let restarted: Promise<void> | null = null;
    let killedAt = 0;
    let upAgainAt = 0;

    // Every supporter stops once one of them failed, or when the run takes far too long.
    let failed = false;
    const deadline = performance.now() + 150_000;

    /** POSTs one update until Telegram would count it delivered: a 200. */
    const deliver = async (update: Update) => {
      for (let attempt = 0; ; attempt++) {
        if (failed) throw new Error('another supporter failed');
        if (performance.now() > deadline) throw new Error(`update ${update.update_id} was never answered 200`);
        if (attempt > 0) redelivered.add(update.update_id);
        inFlight += 1;
        sends += 1;
        let status: number | null = null;
        let retryAfter = 0;
        try {
          const res = await fetch(webhook, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(30_000),
          });
          status = res.status;
          retryAfter = Number(res.headers.get('retry-after') ?? 0);
          await res.arrayBuffer();
        } catch {
          status = null; // the process died with the request open, or is not listening yet
        } finally {
          inFlight -= 1;
        }
        if (status === 200) {
          answered += 1;
          if (!killed && answered >= total * KILL_AT) {
            killed = true;
            inFlightAtKill = inFlight;
            const proc = child!;
            const gone = new Promise((resolve) => proc.once('exit', resolve));
            proc.kill('SIGKILL');
            killedAt = performance.now();
            restarted = gone.then(start).then(() => void (upAgainAt = performance.now()));
          }
          return;
        }
        expect([null, 500, 503]).toContain(status);
        // Telegram waits before sending again, longer the more often it failed.
        await sleep(Math.min(5_000, Math.max(retryAfter * 1000, 300 * (attempt + 1))));
      }
    };

    await Promise.all(
      plans.map(async ({ steps }, i) => {
        await sleep(i % 50); // not all in the same millisecond
        try {
          for (const update of steps) await deliver(update);
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    );
    await restarted;
    const loadDone = performance.now();

    expect(killed).toBe(true);
    expect(answered).toBe(total);

    // Exactly one signature per supporter, under the name they typed.
    const db = postgres(scratch.url, { max: 1, onnotice: () => {} });
    const rows = await db<{ display_name: string | null; country: string; n: number }[]>`
      select display_name, country, count(*)::int as n from signatures group by display_name, country`;
    await db.end();
    expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(SUPPORTERS);
    expect(new Set(rows.map((r) => r.display_name))).toEqual(new Set(supporters.map((s) => s.name)));
    expect(rows.every((r) => r.n === 1 && r.country === 'CA')).toBe(true);

    // One reply per step: the intro and the name question, the country question, the card, the thanks.
    const texts = Object.fromEntries(await Promise.all(LOCALES.map(async (l) => [l, await localeTexts(l)] as const)));
    const byChat = new Map<number, Array<{ text: string; actions: string[] }>>();
    for (const call of api.callsOf('sendMessage')) {
      const actions = ((call.body.reply_markup?.inline_keyboard ?? []) as Array<Array<{ callback_data?: string }>>).flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
      const list = byChat.get(Number(call.body.chat_id)) ?? [];
      list.push({ text: String(call.body.text), actions });
      byChat.set(Number(call.body.chat_id), list);
    }
    let replays = 0;
    for (const s of supporters) {
      const t = texts[s.locale]!;
      const sent = byChat.get(s.chatId) ?? [];
      expect(sent.map((m) => m.text)).not.toContain(t.expired);
      const clean = withoutReplays(sent.map((m) => `${m.text}\u0001${m.actions.join(',')}`));
      replays += clean.replays;
      const [intro, askName, askCountry, card, thanks, ...extra] = clean.texts.map((x) => {
        const [text, actions] = x.split('\u0001');
        return { text: text!, actions: actions ? actions.split(',') : [] };
      });
      expect({ chat: s.chatId, extra }).toEqual({ chat: s.chatId, extra: [] });
      expect(intro?.text).toBe(t.intro);
      expect(askName?.actions).toContain('sd:name:anon');
      expect(askCountry?.text).toBe(t.askCountry);
      expect(card?.actions).toContain('sd:confirm');
      expect(thanks?.text.startsWith(t.thanksPrefix)).toBe(true);
    }
    // A replay resends only replies of an update that was being answered when the process died.
    expect(replays).toBeLessThanOrEqual(inFlightAtKill);

    console.log(
      JSON.stringify({
        crashTest: {
          supporters: SUPPORTERS,
          updates: total,
          posts: sends,
          redeliveredUpdates: redelivered.size,
          inFlightAtKill,
          replayedReplyBlocks: replays,
          firstStartSeconds: Math.round((firstUp - started) / 100) / 10,
          killedAfterSeconds: Math.round((killedAt - firstUp) / 100) / 10,
          restartSeconds: Math.round((upAgainAt - killedAt) / 100) / 10,
          loadSeconds: Math.round((loadDone - firstUp) / 100) / 10,
          totalSeconds: Math.round((performance.now() - started) / 100) / 10,
        },
      }),
    );

    const gone = new Promise((resolve) => child!.once('exit', resolve));
    child!.kill('SIGTERM');
    await gone;
    child = null;
    expect(await readdir(dir)).toEqual(['campaign.json']);
  }, 180_000);
});
