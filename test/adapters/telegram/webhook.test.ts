import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from '@grammyjs/types';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramAdapter } from '../../../adapters/telegram/telegram-adapter.ts';
import type { App } from '../../../src/app.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { createTestApp } from '../../support/test-app.ts';
import { buttonPress, loadUpdate, privateText, sentTo, testAdapter } from './telegram-harness.ts';

const SECRET = 'test-webhook-secret_0123456789';
let app: App;
let api: FakeTelegramApi;
let adapter: TelegramAdapter;
let server: Server;
let url: string;

beforeAll(async () => {
  app = await createTestApp();
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

  it('rejects a body that is not JSON and methods other than POST', async () => {
    expect((await deliver('{not json')).status).toBe(400);
    expect((await deliver(loadUpdate('private-message'), SECRET, 'GET')).status).toBe(405);
    expect(api.calls).toEqual([]);
  });
});
