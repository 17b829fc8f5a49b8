import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assembleApp, type App } from '../../../src/app.ts';
import { countryName, DomainError, type Locale } from '../../../src/core/index.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { createTestApp, TEST_SECRET, testCampaign } from '../../support/test-app.ts';
import { actionsOf, buttonPress, privateText, sentTo, testAdapter, type TestUser } from './telegram-harness.ts';

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
// The fake refuses what Telegram refuses (platform-limits.ts): nothing the bot sent may be refused.
afterEach(() => expect(api.refused.map((r) => `${r.method}: ${r.description}`)).toEqual([]));

/** Each case: a person, a bad name and its refusal, a good name, a misspelt country and its suggestion. */
const CASES: Array<{
  locale: Locale;
  user: TestUser;
  badName: string;
  badNameError: string;
  name: string;
  misspeltCountry: string;
  suggested: string;
}> = [
  { locale: 'en', user: { id: 5550002001, firstName: 'Jane', lastName: 'Dialogue', lang: 'en-US' }, badName: '<b>Jane</b>', badNameError: 'name.markup', name: 'Jane Q. Dialogue', misspeltCountry: 'Kroea', suggested: 'KR' },
  { locale: 'ko', user: { id: 5550002002, firstName: '지우', lastName: '대화', lang: 'ko' }, badName: 'https://example.org', badNameError: 'name.link', name: '김 지우', misspeltCountry: '캐나더', suggested: 'CA' },
  { locale: 'zh', user: { id: 5550002003, firstName: '小明', lang: 'zh-hans' }, badName: '😀😀😀', badNameError: 'name.symbols', name: '王小明', misspeltCountry: '加拿打', suggested: 'CA' },
  // Telegram reports a Traditional Chinese client as "zh-hant"; a Latin American Spanish one as "es-419".
  { locale: 'zh-Hant', user: { id: 5550002004, firstName: '美玲', lang: 'zh-hant' }, badName: '😀😀😀', badNameError: 'name.symbols', name: '陳美玲', misspeltCountry: '加拿打', suggested: 'CA' },
  { locale: 'es', user: { id: 5550002005, firstName: 'Lucía', lastName: 'Diálogo', lang: 'es-419' }, badName: '<b>Lucía</b>', badNameError: 'name.markup', name: 'Lucía Fernández', misspeltCountry: 'Argentna', suggested: 'AR' },
];

async function say(adapter: ReturnType<typeof testAdapter>, update: Parameters<ReturnType<typeof testAdapter>['bot']['handleUpdate']>[0]) {
  const before = api.callsOf('sendMessage').length;
  await adapter.bot.handleUpdate(update);
  return api.callsOf('sendMessage').slice(before).map((c) => ({ text: String(c.body.text), actions: actionsOf({ keyboard: c.body.reply_markup?.inline_keyboard ?? [] }) }));
}

describe.each(CASES)('signing in $locale', ({ locale, user, badName, badNameError, name, misspeltCountry, suggested }) => {
  const t = (key: string, params?: Record<string, unknown>) => app.core.t(locale, key, params);
  const signer = { platform: 'telegram', userId: String(user.id) };

  it('asks name and country, refuses bad answers with a localized reason, and signs on confirmation', async () => {
    const adapter = testAdapter(app, api);
    const first = await say(adapter, privateText(user, '/sign'));
    expect(first.map((m) => m.text)).toEqual([t('sign.intro'), t('sign.ask-name-with-platform')]);
    expect(first[1]!.actions).toEqual(['sd:name:platform', 'sd:name:initials', 'sd:name:anon', 'sd:cancel']);

    const refused = await say(adapter, privateText(user, badName));
    // The reason and the same question again, in one message (its options numbered once on a terminal).
    expect(refused.map((m) => m.text)).toEqual([`${t(`errors:${badNameError}`)}\n\n${t('sign.ask-name-with-platform')}`]);
    expect(await app.core.petition.signatureOf(signer)).toBeNull();

    const country = await say(adapter, privateText(user, name));
    expect(country.map((m) => m.text)).toEqual([t('sign.ask-country')]);
    expect(country[0]!.actions.at(-1)).toBe('sd:cancel');

    const unknown = await say(adapter, privateText(user, misspeltCountry));
    const refusal = app.chat.render.error(locale, new DomainError('country.unknown', { suggestions: [suggested] }));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.text).toBe(`${refusal.text}\n\n${t('sign.ask-country')}`);
    expect(unknown[0]!.actions[0]).toBe(`sd:country:${suggested}`);
    expect(unknown[0]!.actions.at(-1)).toBe('sd:cancel');
    expect(unknown[0]!.text).toContain(countryName(suggested, locale));

    const card = await say(adapter, buttonPress(user, `sd:country:${suggested}`));
    expect(card).toHaveLength(1);
    expect(card[0]!.text).toBe(t('sign.confirm-card', { context: 'full', name, country: countryName(suggested, locale), language: t(`language.name.${locale}`) }));
    expect(card[0]!.actions).toEqual(['sd:confirm', 'sd:initials', 'sd:cancel']);
    expect(await app.core.petition.signatureOf(signer)).toBeNull();

    const done = await say(adapter, buttonPress(user, 'sd:confirm'));
    expect(done).toHaveLength(1);
    expect(done[0]!.text.split('\n')[0]).toBe(t('sign.thanks', { name }));
    expect(await app.core.petition.signatureOf(signer)).toMatchObject({ displayName: name, nameStyle: 'full', country: suggested, language: locale, platform: 'telegram', referral: null });

    const again = await say(adapter, privateText(user, '/sign'));
    expect(again.map((m) => m.text)).toEqual([app.chat.render.alreadySigned(locale, (await app.core.petition.signatureOf(signer))!)]);
  });

  it('cancels by command and by button, saving nothing', async () => {
    const adapter = testAdapter(app, api);
    const other = { ...user, id: user.id + 100 };
    const who = { platform: 'telegram', userId: String(other.id) };
    await say(adapter, privateText(other, '/sign'));
    await say(adapter, privateText(other, name));
    expect((await say(adapter, privateText(other, '/cancel'))).map((m) => m.text)).toEqual([t('sign.cancelled')]);
    // The dialogue is gone: text is no longer taken as an answer.
    expect((await say(adapter, privateText(other, 'CA'))).map((m) => m.text)).toEqual([t('help.hint')]);

    await say(adapter, privateText(other, '/sign'));
    expect((await say(adapter, buttonPress(other, 'sd:cancel'))).map((m) => m.text)).toEqual([t('sign.cancelled')]);
    expect(await app.core.petition.signatureOf(who)).toBeNull();
  });

  it('continues after a restart in the middle: a new core, bot and adapter on the same database', async () => {
    const other = { ...user, id: user.id + 200 };
    const who = { platform: 'telegram', userId: String(other.id) };
    const before = testAdapter(app, api);
    await say(before, privateText(other, '/sign'));
    await say(before, buttonPress(other, 'sd:name:anon'));

    const restarted = assembleApp(app.database, TEST_SECRET, { clock: () => NOW, campaign: testCampaign() });
    const core = restarted.core;
    const after = testAdapter(restarted, api);
    const card = await say(after, privateText(other, 'CA'));
    expect(card.map((m) => m.text)).toEqual([core.t(locale, 'sign.confirm-card', { context: 'anonymous', name: t('sign.anonymous'), country: countryName('CA', locale), language: t(`language.name.${locale}`) })]);
    await say(after, buttonPress(other, 'sd:confirm'));
    expect(await core.petition.signatureOf(who)).toMatchObject({ displayName: null, nameStyle: 'anonymous', country: 'CA', language: locale });
    expect(sentTo(api, other.id)).toHaveLength(5);
  });
});
