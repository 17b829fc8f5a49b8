import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramAdapter } from '../../../adapters/telegram/telegram-adapter.ts';
import type { App } from '../../../src/app.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { createTestApp } from '../../support/test-app.ts';
import { actionsOf, buttonPress, loadUpdate, privateText, sentTo, testAdapter } from './telegram-harness.ts';

let app: App;
let api: FakeTelegramApi;
let adapter: TelegramAdapter;

beforeAll(async () => {
  app = await createTestApp();
  api = await startFakeTelegramApi();
  adapter = testAdapter(app, api);
});
afterAll(async () => {
  await api.close();
  await app.close();
});
beforeEach(() => api.reset());
// The fake refuses what Telegram refuses (platform-limits.ts): nothing the bot sent may be refused.
afterEach(() => expect(api.refused.map((r) => `${r.method}: ${r.description}`)).toEqual([]));

describe('recorded updates through the real bot', () => {
  it('answers /count in a private chat with one plain-text sendMessage to that chat', async () => {
    await adapter.bot.handleUpdate(loadUpdate('private-message'));
    expect(api.calls.map((c) => c.method)).toEqual(['sendMessage']);
    const [call] = api.calls;
    expect(call!.body.chat_id).toBe(5550001001);
    expect(call!.body.text).toBe(app.chat.render.count('en', await app.core.petition.stats()));
    expect(call!.body.parse_mode).toBeUndefined();
  });

  it('greets /start <payload> in Korean with the sign, list, video and language buttons, and credits the referral', async () => {
    const update = loadUpdate('start-with-payload');
    await adapter.bot.handleUpdate(update);
    const [greeting] = sentTo(api, 5550001002);
    expect(greeting!.text).toContain(app.core.t('ko', 'start.welcome'));
    expect(greeting!.keyboard).toEqual([
      [{ text: app.core.t('ko', 'buttons.sign'), callback_data: 'sign' }],
      [
        { text: app.core.t('ko', 'buttons.list'), callback_data: 'list:1:all' },
        { text: app.core.t('ko', 'buttons.video'), callback_data: 'video' },
        { text: app.core.t('ko', 'buttons.language'), callback_data: 'lang' },
      ],
    ]);
    // Sign with the one-tap name, a country button and confirm: the referral is on the row.
    const minji = { id: 5550001002, firstName: '민지', lastName: '테스트', lang: 'ko' };
    for (const step of ['sign', 'sd:name:platform', 'sd:country:KR', 'sd:confirm']) await adapter.bot.handleUpdate(buttonPress(minji, step));
    const signature = await app.core.petition.signatureOf({ platform: 'telegram', userId: '5550001002' });
    expect(signature).toMatchObject({ displayName: '민지 테스트', country: 'KR', language: 'ko', platform: 'telegram', referral: 'nkfc_flyer-2026' });
  });

  it('refuses a /start payload Telegram would never send, without crediting it', async () => {
    const user = { id: 5550001010, firstName: 'Rae', lang: 'en' };
    await adapter.bot.handleUpdate(privateText(user, '/start bad.payload!'));
    expect(sentTo(api, user.id).map((m) => m.text)).toEqual([app.core.t('en', 'errors:referral.invalid')]);
  });

  it('answers /sign in a group with a button to the private chat and asks nothing there', async () => {
    await adapter.bot.handleUpdate(loadUpdate('group-message'));
    const messages = sentTo(api, -1001555000100);
    expect(messages).toEqual([
      {
        text: app.core.t('zh', 'errors:command.private-only'),
        keyboard: [[{ text: app.core.t('zh', 'buttons.open-private'), url: 'https://t.me/petition_test_bot?start=sign' }]],
      },
    ]);
    // No signing question was started for the person.
    expect(await app.core.dialogues.get(`sign:${app.core.keyOf({ platform: 'telegram', userId: '5550001003' })}`)).toBeNull();
  });

  it('answers a callback query, then replies in the chat', async () => {
    await adapter.bot.handleUpdate(loadUpdate('callback-query'));
    expect(api.calls[0]).toEqual({ method: 'answerCallbackQuery', body: { callback_query_id: '4382000000000000101' } });
    const messages = sentTo(api, 5550001001);
    expect(messages.map((m) => m.text)).toEqual([app.core.t('en', 'sign.intro'), app.core.t('en', 'sign.ask-name-with-platform')]);
    expect(messages[1]!.keyboard[0]).toEqual([{ text: 'Jane Testperson', callback_data: 'sd:name:platform' }]);
    expect(actionsOf(messages[1]!)).toContain('sd:cancel');
  });

  it('stops a button press spinner while the press is handled, before its replies are ready', async () => {
    const held = await createTestApp();
    const heldApi = await startFakeTelegramApi();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    try {
      // Behind the journal's claim: the press is being handled and has no replies yet.
      held.chat.use(async (_ctx, next) => {
        await released;
        await next();
      });
      const handling = testAdapter(held, heldApi).bot.handleUpdate(loadUpdate('callback-query'));
      for (let i = 0; i < 200 && heldApi.callsOf('answerCallbackQuery').length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(heldApi.calls.map((c) => c.method)).toEqual(['answerCallbackQuery']);
      release();
      await handling;
      expect(heldApi.calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendMessage', 'sendMessage']);
    } finally {
      // A failed expectation must not leave the press held.
      release();
      await heldApi.close();
      await held.close();
    }
  });

  it('unsubscribes a user who blocks the bot (my_chat_member: kicked)', async () => {
    const jane = { id: 5550001001, firstName: 'Jane', lastName: 'Testperson', lang: 'en' };
    await adapter.bot.handleUpdate(privateText(jane, '/remind on'));
    expect(await app.core.reminders.forSigner({ platform: 'telegram', userId: '5550001001' })).toHaveLength(1);
    await adapter.bot.handleUpdate(loadUpdate('my-chat-member-blocked'));
    expect(await app.core.reminders.forSigner({ platform: 'telegram', userId: '5550001001' })).toEqual([]);
  });

  it('ignores commands addressed to another bot and unknown commands in groups', async () => {
    const wei = { id: 5550001003, firstName: 'Wei', lang: 'zh' };
    const group = loadUpdate('group-message');
    await adapter.bot.handleUpdate({ ...group, update_id: 731000201, message: { ...group.message!, text: '/count@some_other_bot' } });
    await adapter.bot.handleUpdate({ ...group, update_id: 731000202, message: { ...group.message!, text: '/weather' } });
    expect(api.calls).toEqual([]);
    await adapter.bot.handleUpdate(privateText(wei, '/weather'));
    expect(sentTo(api, wei.id).map((m) => m.text)).toEqual([app.core.t('zh', 'errors:command.unknown', { command: 'weather' })]);
  });
});
