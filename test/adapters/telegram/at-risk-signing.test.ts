import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { countryName, type Locale } from '../../../src/core/index.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { createTestApp } from '../../support/test-app.ts';
import { actionsOf, buttonPress, privateText, testAdapter, type TestUser } from './telegram-harness.ts';

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

const PEOPLE: Array<{ locale: Locale; user: TestUser; country: string; typed: string }> = [
  { locale: 'en', user: { id: 5550702001, firstName: 'Jane', lastName: 'Atrisk', lang: 'en-US' }, country: 'CN', typed: 'China' },
  { locale: 'ko', user: { id: 5550702002, firstName: '지우', lastName: '위험', lang: 'ko' }, country: 'KP', typed: 'KP' },
  { locale: 'zh', user: { id: 5550702003, firstName: '小明', lang: 'zh-hans' }, country: 'CN', typed: '中国' },
];

async function say(adapter: ReturnType<typeof testAdapter>, update: Parameters<ReturnType<typeof testAdapter>['bot']['handleUpdate']>[0]) {
  const before = api.callsOf('sendMessage').length;
  await adapter.bot.handleUpdate(update);
  return api.callsOf('sendMessage').slice(before).map((c) => ({ text: String(c.body.text), actions: actionsOf({ keyboard: c.body.reply_markup?.inline_keyboard ?? [] }) }));
}

describe.each(PEOPLE)('a signer from an at-risk country, in $locale', ({ locale, user, country, typed }) => {
  const t = (key: string, params?: Record<string, unknown>) => app.core.t(locale, key, params);
  const card = (context: string, name: string) =>
    t('sign.confirm-card', { context, name, country: countryName(country, locale), language: t(`language.name.${locale}`) });

  it('is warned that names go to Chinese embassies, gets anonymous as the first choice, and signs anonymously with it', async () => {
    const adapter = testAdapter(app, api);
    const signer = { platform: 'telegram', userId: String(user.id) };
    await say(adapter, privateText(user, '/sign'));
    await say(adapter, buttonPress(user, 'sd:name:platform'));
    const [warned] = await say(adapter, privateText(user, typed));
    const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
    expect(warned!.text).toBe(`${t('sign.at-risk-warning', { country: countryName(country, locale) })}\n\n${card('full', name)}`);
    expect(warned!.text).toContain(countryName(country, locale));
    // Anonymous first; the name is still possible, but only as a second, explicit choice.
    expect(warned!.actions).toEqual(['sd:name:anon', 'sd:confirm', 'sd:initials', 'sd:cancel']);
    expect(await app.core.petition.signatureOf(signer)).toBeNull();

    const [anonymous] = await say(adapter, buttonPress(user, 'sd:name:anon'));
    expect(anonymous!.text).toBe(card('anonymous', t('sign.anonymous')));
    expect(anonymous!.actions).toEqual(['sd:confirm', 'sd:cancel']);
    await say(adapter, buttonPress(user, 'sd:confirm'));
    expect(await app.core.petition.signatureOf(signer)).toMatchObject({ displayName: null, nameStyle: 'anonymous', country });
  });

  it('may still sign with a name after the warning, and nobody from elsewhere is warned', async () => {
    const adapter = testAdapter(app, api);
    const named = { ...user, id: user.id + 100 };
    await say(adapter, privateText(named, '/sign'));
    await say(adapter, buttonPress(named, 'sd:name:initials'));
    const [warned] = await say(adapter, privateText(named, typed));
    expect(warned!.actions).toEqual(['sd:name:anon', 'sd:confirm', 'sd:cancel']);
    await say(adapter, buttonPress(named, 'sd:confirm'));
    expect(await app.core.petition.signatureOf({ platform: 'telegram', userId: String(named.id) })).toMatchObject({ nameStyle: 'initials', country });

    const elsewhere = { ...user, id: user.id + 200 };
    await say(adapter, privateText(elsewhere, '/sign'));
    await say(adapter, buttonPress(elsewhere, 'sd:name:platform'));
    const [plain] = await say(adapter, buttonPress(elsewhere, 'sd:country:KR'));
    expect(plain!.text).not.toContain(t('sign.at-risk-warning', { country: countryName('KR', locale) }));
    expect(plain!.actions).toEqual(['sd:confirm', 'sd:initials', 'sd:cancel']);
  });
});
