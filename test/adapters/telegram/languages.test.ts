/**
 * Traditional Chinese and Spanish end to end on Telegram: the platform's
 * language code picks the language (zh-TW, zh-HK and Telegram's "zh-hant"
 * give Traditional, zh-CN and zh-hans Simplified, any es-* Spanish), the
 * /language menu lists every language named in itself, and a choice made
 * there or typed as a tag (/language zh-TW) outlasts the platform's code.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { createTestApp } from '../../support/test-app.ts';
import { buttonPress, privateText, testAdapter, type TestUser } from './telegram-harness.ts';

const NOW = new Date('2026-11-29T15:00:00Z');
let app: App;
let api: FakeTelegramApi;

beforeAll(async () => {
  app = await createTestApp({ clock: () => NOW });
  api = await startFakeTelegramApi();
});
afterAll(async () => {
  await api.close();
  await app.close();
});
beforeEach(() => api.reset());

let nextId = 5550014001;
const user = (lang: string): TestUser => ({ id: nextId++, firstName: 'Lang', lastName: 'Test', lang });

async function say(adapter: ReturnType<typeof testAdapter>, update: Parameters<ReturnType<typeof testAdapter>['bot']['handleUpdate']>[0]) {
  const before = api.callsOf('sendMessage').length;
  await adapter.bot.handleUpdate(update);
  return api.callsOf('sendMessage').slice(before).map((c) => ({
    text: String(c.body.text),
    labels: ((c.body.reply_markup?.inline_keyboard ?? []) as Array<Array<{ text: string; callback_data?: string }>>).map((row) => row.map((b) => b.text)),
  }));
}

describe('Traditional Chinese and Spanish on Telegram', () => {
  it.each(['zh-TW', 'zh-HK', 'zh-MO', 'zh-hant'])('answers a %s client in Traditional Chinese', async (lang) => {
    const adapter = testAdapter(app, api);
    const [help] = await say(adapter, privateText(user(lang), '/help'));
    expect(help!.text).toBe(app.core.t('zh-Hant', 'help.text', { context: 'telegram' }));
    expect(help!.text).toContain('簽署請願書');
    expect(help!.text).not.toContain('签署请愿书');
  });

  it.each(['zh-CN', 'zh-SG', 'zh-hans', 'zh'])('answers a %s client in Simplified Chinese', async (lang) => {
    const adapter = testAdapter(app, api);
    const [help] = await say(adapter, privateText(user(lang), '/help'));
    expect(help!.text).toContain('签署请愿书');
  });

  it.each(['es', 'es-ES', 'es-419', 'es-MX'])('answers a %s client in Spanish, addressing the reader as usted', async (lang) => {
    const adapter = testAdapter(app, api);
    const [help] = await say(adapter, privateText(user(lang), '/help'));
    expect(help!.text).toBe(app.core.t('es', 'help.text', { context: 'telegram' }));
    expect(help!.text).toContain('/sign – firmar la petición');
    const [start] = await say(adapter, privateText(user(lang), '/start'));
    expect(start!.text).toContain('Le damos la bienvenida');
  });

  it('signs a zh-TW supporter in Traditional Chinese, with the country named in Traditional characters', async () => {
    const adapter = testAdapter(app, api);
    const supporter = user('zh-TW');
    const first = await say(adapter, privateText(supporter, '/sign'));
    expect(first.map((m) => m.text)).toEqual([app.core.t('zh-Hant', 'sign.intro'), app.core.t('zh-Hant', 'sign.ask-name-with-platform')]);
    await say(adapter, buttonPress(supporter, 'sd:name:anon'));
    const card = await say(adapter, privateText(supporter, '台灣'));
    expect(card[0]!.text).toContain('國家或地區：台灣');
    const done = await say(adapter, buttonPress(supporter, 'sd:confirm'));
    expect(done[0]!.text.split('\n')[0]).toBe('謝謝您！您的簽名已收到（署名：匿名）。');
    expect(await app.core.petition.signatureOf({ platform: 'telegram', userId: String(supporter.id) })).toMatchObject({ country: 'TW', language: 'zh-Hant', nameStyle: 'anonymous' });
  });

  it('lists every language in itself, and a choice outlasts the platform language', async () => {
    const adapter = testAdapter(app, api);
    const supporter = user('zh-TW');
    const [menu] = await say(adapter, privateText(supporter, '/language'));
    expect(menu!.text).toBe('請選擇語言：');
    expect(menu!.labels).toEqual([['English', '한국어', '简体中文'], ['繁體中文', 'Español']]);

    const [changed] = await say(adapter, buttonPress(supporter, 'lang:es'));
    expect(changed!.text).toBe('Idioma cambiado a español.');
    const [help] = await say(adapter, privateText(supporter, '/help'));
    expect(help!.text).toContain('/sign – firmar la petición');

    // A typed tag is read like a platform's: zh-TW is Traditional, not Simplified.
    const [typed] = await say(adapter, privateText(supporter, '/language zh-TW'));
    expect(typed!.text).toBe('語言已設為繁體中文。');
    const [unknown] = await say(adapter, privateText(supporter, '/language fr'));
    expect(unknown!.text).toBe('請選擇語言：');
  });
});
