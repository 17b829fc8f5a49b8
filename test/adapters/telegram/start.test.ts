import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { splitText, toTelegramMessages } from '../../../adapters/telegram/render-telegram.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { createTestApp } from '../../support/test-app.ts';
import { privateText, sentTo, testAdapter } from './telegram-harness.ts';

let app: App;
let api: FakeTelegramApi;

beforeAll(async () => {
  app = await createTestApp();
  api = await startFakeTelegramApi();
});
afterAll(async () => {
  await api.close();
  await app.close();
});
beforeEach(() => api.reset());
// The fake refuses what Telegram refuses (platform-limits.ts): nothing the bot sent may be refused.
afterEach(() => expect(api.refused.map((r) => `${r.method}: ${r.description}`)).toEqual([]));

describe('starting the adapter', () => {
  it('registers the command menu in en, ko, zh and es (zh-Hant readers get zh: the code is two letters), then the webhook with its secret', async () => {
    const adapter = testAdapter(app, api, { webhookUrl: 'https://bot.example.org/tg', webhookSecret: 'a-webhook-secret-of-16+' });
    await adapter.start();
    // The menu everyone sees; group admins get the same with the channel command on top.
    const menus = api.callsOf('setMyCommands').filter((c) => !c.body.scope);
    const adminMenus = api.callsOf('setMyCommands').filter((c) => c.body.scope?.type === 'all_chat_administrators');
    expect(menus.map((c) => c.body.language_code)).toEqual([undefined, 'en', 'ko', 'zh', 'es']);
    expect(adminMenus.map((c) => c.body.language_code)).toEqual([undefined, 'en', 'ko', 'zh', 'es']);
    for (const menu of adminMenus) expect((menu.body.commands as Array<{ command: string }>)[0]!.command).toBe('channel');
    const ko = menus.find((c) => c.body.language_code === 'ko')!.body.commands as Array<{ command: string; description: string }>;
    expect(ko.find((c) => c.command === 'sign')).toEqual({ command: 'sign', description: app.core.t('ko', 'telegram-menu.sign') });
    expect(ko.map((c) => c.command)).toEqual(expect.arrayContaining(['start', 'sign', 'withdraw', 'mydata', 'count', 'countdown', 'list', 'case', 'video', 'remind', 'language', 'share', 'help']));
    for (const menu of menus) {
      for (const c of menu.body.commands as Array<{ command: string; description: string }>) {
        expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(c.description.length).toBeGreaterThan(2);
        expect(c.description.length).toBeLessThanOrEqual(256);
      }
    }
    const es = menus.find((c) => c.body.language_code === 'es')!.body.commands as Array<{ command: string; description: string }>;
    expect(es.find((c) => c.command === 'sign')).toEqual({ command: 'sign', description: 'Firmar la petición' });
    expect(new Set(menus.map((c) => JSON.stringify(c.body.commands))).size).toBe(4);
    expect(api.callsOf('setWebhook').map((c) => c.body)).toEqual([
      { url: 'https://bot.example.org/tg', secret_token: 'a-webhook-secret-of-16+', allowed_updates: ['message', 'callback_query', 'my_chat_member'] },
    ]);
    expect(api.callsOf('getUpdates')).toEqual([]);
    await adapter.stop();
  });

  it('long-polls by default and answers what it receives, until stopped', async () => {
    const adapter = testAdapter(app, api);
    const user = { id: 5550005001, firstName: 'Poll', lang: 'en' };
    api.queueUpdate(privateText(user, '/countdown'));
    await adapter.start();
    try {
      expect(api.callsOf('deleteWebhook')).toHaveLength(1);
      await expect.poll(() => sentTo(api, user.id).length, { timeout: 15_000 }).toBe(1);
      expect(sentTo(api, user.id)[0]!.text).toBe(app.chat.render.countdown('en', app.core.petition.countdown()));
    } finally {
      await adapter.stop();
    }
    expect(api.callsOf('setWebhook')).toEqual([]);
  });
});

describe('drawing replies', () => {
  it('splits a text over 4096 characters at a line break and puts the keyboard on the last part', () => {
    const text = `${'a'.repeat(3000)}\n${'b'.repeat(3000)}`;
    const parts = toTelegramMessages({ text, buttons: [[{ label: 'Next', action: 'list:2:all' }]] });
    expect(parts.map((p) => p.text)).toEqual(['a'.repeat(3000), 'b'.repeat(3000)]);
    expect(parts[0]!.options).toEqual({});
    expect(JSON.parse(JSON.stringify(parts[1]!.options.reply_markup))).toEqual({ inline_keyboard: [[{ text: 'Next', callback_data: 'list:2:all' }]] });
    expect(splitText('x'.repeat(9000)).map((p) => p.length)).toEqual([4096, 4096, 808]);
  });
});
