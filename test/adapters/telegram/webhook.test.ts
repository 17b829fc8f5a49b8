import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from '@grammyjs/types';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramAdapter } from '../../../adapters/telegram/telegram-adapter.ts';
import type { App } from '../../../src/app.ts';
import { apologize, ChatBot, inOrder, onceEach } from '../../../src/chat/index.ts';
import type { EventJournal } from '../../../src/core/index.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { createTestApp, testClock } from '../../support/test-app.ts';
import { buttonPress, loadUpdate, memoryLogger, privateText, sentTo, testAdapter } from './telegram-harness.ts';

const SECRET = 'test-webhook-secret_0123456789';
let app: App;
let api: FakeTelegramApi;
let adapter: TelegramAdapter;
let server: Server;
let url: string;
const clock = testClock('2026-11-29T15:00:00Z');

beforeAll(async () => {
  app = await createTestApp({ clock });
  api = await startFakeTelegramApi();
  adapter = testAdapter(app, api, { webhookUrl: 'https://bot.example.org/telegram/webhook', webhookSecret: SECRET });
  server = createServer((req, res) => void adapter.routes![0]!.handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${adapter.webhookPath}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await api.close();
  await app.close();
});
beforeEach(() => api.reset());
// The fake refuses what Telegram refuses (platform-limits.ts): nothing the bot sent may be refused.
afterEach(() => expect(api.refused.map((r) => `${r.method}: ${r.description}`)).toEqual([]));

function deliver(update: Update | string, secret: string | null = SECRET, method = 'POST') {
  return fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
    ...(method === 'POST' ? { body: typeof update === 'string' ? update : JSON.stringify(update) } : {}),
  });
}

describe('Telegram webhook', () => {
  it('serves the path of TELEGRAM_WEBHOOK_URL', () => {
    expect(adapter.webhookPath).toBe('/telegram/webhook');
  });

  it('answers 401 to a wrong or missing secret and processes nothing', async () => {
    const update = loadUpdate('private-message');
    expect((await deliver(update, 'wrong-secret-wrong-secret-0000')).status).toBe(401);
    expect((await deliver(update, null)).status).toBe(401);
    expect(api.calls).toEqual([]);
    // Nothing was claimed either: the genuine delivery of the same update is handled.
    expect((await deliver(update)).status).toBe(200);
    expect(sentTo(api, 5550001001)).toHaveLength(1);
  });

  it('handles an update delivered 5 times once: one signature, one answer, one reply', async () => {
    const user = { id: 5550003001, firstName: 'Sam', lastName: 'Replay', lang: 'en' };
    const signer = { platform: 'telegram', userId: String(user.id) };
    for (const update of [privateText(user, '/sign'), buttonPress(user, 'sd:name:initials'), buttonPress(user, 'sd:country:US')]) {
      expect((await deliver(update)).status).toBe(200);
    }
    const totalBefore = (await app.core.petition.stats()).total;
    api.reset();

    const confirm = buttonPress(user, 'sd:confirm');
    const statuses = await Promise.all(Array.from({ length: 5 }, () => deliver(confirm).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    expect(api.callsOf('answerCallbackQuery')).toHaveLength(1);
    const replies = sentTo(api, user.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text.split('\n')[0]).toBe(app.core.t('en', 'sign.thanks', { name: 'S. R.' }));
    expect((await app.core.petition.stats()).total).toBe(totalBefore + 1);
    expect(await app.core.petition.signatureOf(signer)).toMatchObject({ nameStyle: 'initials', country: 'US' });

    // Replays that arrive later, one by one, are dropped too.
    expect((await deliver(confirm)).status).toBe(200);
    expect(sentTo(api, user.id)).toHaveLength(1);
  });

  it('answers 503 while a worker that died holds an update, then sends its recorded replies once its lease ran out, even past the flood limit', async () => {
    const user = { id: 5550003002, firstName: 'Lee', lastName: 'Crash', lang: 'en' };
    const update = privateText(user, '/count');
    // A worker committed this update's effect and replies, and died before sending them.
    await app.journal.once({ source: 'telegram', id: String(update.update_id) }, `telegram:${user.id}`, async () => [{ text: 'Recorded before the crash' }]);
    const early = await deliver(update);
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('5');
    expect(sentTo(api, user.id)).toEqual([]);
    // Meanwhile the person sends more than the flood limit allows (12 in 10 seconds).
    for (let i = 0; i < 13; i++) expect((await deliver(privateText(user, '/countdown'))).status).toBe(200);
    const refusal = app.core.t('en', 'errors:flood.too-fast', { seconds: 10 }).split('10')[0]!;
    expect(sentTo(api, user.id).filter((m) => m.text.startsWith(refusal))).toHaveLength(1);
    api.reset();
    try {
      clock.set('2026-11-29T15:01:00Z');
      expect((await deliver(update)).status).toBe(200);
      expect(sentTo(api, user.id).map((m) => m.text)).toEqual(['Recorded before the crash']);
      // Delivered now: a later redelivery sends nothing.
      expect((await deliver(update)).status).toBe(200);
      expect(sentTo(api, user.id)).toHaveLength(1);
    } finally {
      clock.set('2026-11-29T15:00:00Z');
    }
  });

  it('answers 200 once the replies went out, without waiting to record them as sent; the next update of the chat still waits for that', async () => {
    // A journal whose "delivered" write waits, like one queued for a database connection under load.
    let release!: () => void;
    const recorded = new Promise<void>((resolve) => (release = resolve));
    const marks: string[] = [];
    const journal: EventJournal = {
      once: (event, conversation, handle) => app.journal.once(event, conversation, handle),
      seen: (event) => app.journal.seen(event),
      async delivered(event) {
        await recorded;
        marks.push(event.id);
        await app.journal.delivered(event);
      },
    };
    const { logger } = memoryLogger();
    const chat = new ChatBot({ core: app.core, send: app.messengers.send, recipientGone: app.recipientGone }).use(
      inOrder(),
      apologize({ logger, localeOf: (event) => chat.localeForApology(event), apology: (locale) => chat.apology(locale), recipientGone: app.recipientGone }),
      onceEach(journal),
    );
    const slow = testAdapter(app, api, { webhookUrl: 'https://bot.example.org/telegram/webhook', webhookSecret: SECRET }, { chat, logger });
    const other = createServer((req, res) => void slow.routes![0]!.handler(req, res));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const post = (update: Update) =>
      fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update),
      });
    try {
      const user = { id: 5550003003, firstName: 'Ana', lastName: 'Quick', lang: 'en' };
      const first = privateText(user, '/count');
      expect((await post(first)).status).toBe(200);
      expect(sentTo(api, user.id)).toHaveLength(1);
      expect(marks).toEqual([]);
      // Stopping (SIGTERM) waits for that record too, before the database may close.
      let stopped = false;
      const stopping = slow.stop().then(() => void (stopped = true));
      // The next update of the same chat waits until the first is recorded as sent.
      const second = post(privateText(user, '/countdown'));
      await new Promise((r) => setTimeout(r, 300));
      expect(sentTo(api, user.id)).toHaveLength(1);
      expect(stopped).toBe(false);
      release();
      expect((await second).status).toBe(200);
      await stopping;
      expect(stopped).toBe(true);
      expect(marks).toEqual([String(first.update_id), String(Number(first.update_id) + 1)]);
      expect(sentTo(api, user.id)).toHaveLength(2);
      // A redelivery of the first now finds it done: no second reply.
      expect((await post(first)).status).toBe(200);
      expect(sentTo(api, user.id)).toHaveLength(2);
    } finally {
      release();
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('rejects a body that is not JSON and methods other than POST', async () => {
    expect((await deliver('{not json')).status).toBe(400);
    expect((await deliver(loadUpdate('private-message'), SECRET, 'GET')).status).toBe(405);
    expect(api.calls).toEqual([]);
  });
});
