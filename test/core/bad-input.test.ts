import { beforeAll, describe, expect, it } from 'vitest';
import { chatUser, textsOf } from '../support/chat-users.ts';
import { DomainError, LOCALES } from '../../src/core/index.ts';
import { createMemoryCore, type MemoryApp } from '../support/memory/memory-core.ts';

const who = { platform: 'telegram', userId: '1000001' };

/** [what it is, the input, the expected refusal code] */
const hostileNames: Array<[string, string, string]> = [
  ['empty', '', 'name.empty'],
  ['only spaces', '     ', 'name.empty'],
  ['only punctuation', '.-,', 'name.empty'],
  ['10,000 characters', 'a'.repeat(10_000), 'name.too-long'],
  ['81 letters', 'b'.repeat(81), 'name.too-long'],
  ['newline inside', 'Kim\nYoung', 'name.invisible-characters'],
  ['NUL byte', 'Kim\u0000Young', 'name.invisible-characters'],
  ['escape sequence', 'Kim\u001b[31mRed', 'name.invisible-characters'],
  ['right-to-left override', 'Kim\u202eeman', 'name.invisible-characters'],
  ['left-to-right isolate', '\u2066Kim\u2069', 'name.invisible-characters'],
  ['zero-width space', 'Ki\u200bm', 'name.invisible-characters'],
  ['zero-width joiner between ASCII and digit', 'Kim\u200d1', 'name.invisible-characters'],
  ['byte order mark', '\ufeffKim', 'name.invisible-characters'],
  ['Hangul filler posing as a blank name', '\u3164', 'name.invisible-characters'],
  ['soft hyphen', 'Ki\u00adm', 'name.invisible-characters'],
  ['web link', 'https://evil.example/x', 'name.link'],
  ['bare domain', 'Visit spam.com', 'name.link'],
  ['Telegram link', 't.me/spambot', 'name.link'],
  ['mention', '@everyone', 'name.link'],
  ['HTML', '<b>Kim</b>', 'name.markup'],
  ['script tag', '<script>alert(1)</script>', 'name.markup'],
  ['markdown link', '[Kim](http://x.io)', 'name.link'],
  ['markdown bold', '**Kim**', 'name.markup'],
  ['SQL injection', "Robert'); DROP TABLE signatures;--", 'name.markup'],
  ['SQL with quotes and semicolon', "x' OR '1'='1; --", 'name.symbols'],
  ['emoji', 'Kim 😀', 'name.symbols'],
  ['math-styled letters', '𝐊𝐢𝐦', 'name.symbols'],
];

const hostileCountries: Array<[string, string]> = [
  ['unknown code', 'XX'],
  ['SQL injection', "KR'; DROP TABLE signatures;--"],
  ['empty', ''],
  ['10,000 characters', 'K'.repeat(10_000)],
  ['markup', '<b>KR</b>'],
  ['bidi override', '\u202eRK'],
  ['gibberish', 'asdfgh'],
  ['typo with a suggestion', 'Kroea'],
];

describe('bad input is refused with a clear, localized message and writes nothing', () => {
  // The core and chat layer on the in-memory ports: nothing here needs SQL (the stores' contract is test/storage/port-contract.test.ts).
  let app: MemoryApp;
  beforeAll(async () => {
    app = await createMemoryCore();
  });

  async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
    try {
      await run();
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  }

  it.each(hostileNames)('name: %s', async (_what, name, code) => {
    const error = await refusal(() => app.core.petition.sign(who, { name: { style: 'full', name }, country: 'KR', language: 'en' }));
    expect(error.code).toBe(code);
    const messages = LOCALES.map((locale) => app.chat.render.error(locale, error).text);
    // A real message in each language, not the key, and not the same text in two languages.
    for (const message of messages) expect(message).not.toMatch(/^(errors:)?name\./);
    expect(new Set(messages).size).toBe(LOCALES.length);
    expect(await app.core.petition.signatureOf(who)).toBeNull();
    expect((await app.core.petition.stats()).total).toBe(0);
  });

  it.each(hostileCountries)('country: %s', async (_what, country) => {
    const error = await refusal(() => app.core.petition.sign(who, { name: { style: 'anonymous' }, country, language: 'ko' }));
    expect(error.code).toBe('country.unknown');
    expect(app.chat.render.error('ko', error).text).toContain('나라');
    expect((await app.core.petition.stats()).total).toBe(0);
  });

  it('suggests the likely country for a typo, in the reader’s language', async () => {
    const error = await refusal(() => app.core.petition.sign(who, { name: { style: 'anonymous' }, country: 'Kroea', language: 'zh' }));
    const reply = app.chat.render.error('zh', error);
    expect(reply.text).toContain('韩国');
    expect(reply.buttons?.[0]?.[0]).toEqual({ label: '韩国', action: 'sd:country:KR' });
  });

  it('refuses a bad referral code', async () => {
    const error = await refusal(() =>
      app.core.petition.sign(who, { name: { style: 'anonymous' }, country: 'KR', language: 'en', referral: 'bad code!' }),
    );
    expect(error.code).toBe('referral.invalid');
    expect((await app.core.petition.stats()).total).toBe(0);
  });

  it('in the signing dialogue, a hostile name is refused and the same question is asked again', async () => {
    const bot = app.chat;
    const user = chatUser({ signer: { platform: 'telegram', userId: '1000002' }, address: 'telegram:1000002', languageTag: 'ko', isPrivate: true });
    await bot.command(user, 'sign', '');
    const replies = await bot.text(user, 'Kim\u202eeman');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toBe(`${app.core.t('ko', 'errors:name.invisible-characters')}\n\n${app.core.t('ko', 'sign.ask-name')}`);
    // Still at the name question: a good name moves on to the country.
    const next = await bot.text(user, '김영삼');
    expect(next[0]!.text).toBe(app.core.t('ko', 'sign.ask-country'));
    expect((await app.core.petition.stats()).total).toBe(0);
  });

  it('commands in the wrong place: signing in a group asks nothing and points to a private chat', async () => {
    const bot = app.chat;
    const user = chatUser({
      signer: { platform: 'telegram', userId: '1000003' },
      address: 'telegram:-100200',
      languageTag: 'en',
      isPrivate: false,
      links: { privateChat: (payload) => `https://t.me/test_bot?start=${payload}` },
    });
    const [reply] = await bot.command(user, 'sign', '');
    expect(reply!.text).toBe(app.core.t('en', 'errors:command.private-only'));
    expect(reply!.buttons).toEqual([[{ label: app.core.t('en', 'buttons.open-private'), url: 'https://t.me/test_bot?start=sign' }]]);
    expect(await bot.text(user, 'Kim Young-sam')).toEqual([]);
  });

  it('an unknown command gets help, a too-long message is refused', async () => {
    const bot = app.chat;
    const user = chatUser({ signer: { platform: 'terminal', userId: 'x' }, address: 'terminal:x', isPrivate: true });
    expect((await bot.command(user, 'frobnicate', ''))[0]!.text).toContain('/frobnicate');
    expect((await bot.text(user, 'x'.repeat(5000)))[0]!.text).toBe(app.core.t('en', 'errors:input.too-long'));
  });
});

describe('a closed campaign', () => {
  it('refuses signing with the final total and nations, and writes nothing', async () => {
    let now = new Date('2026-12-01T12:00:00Z');
    const app = await createMemoryCore({ clock: () => now });
    try {
      await app.core.petition.sign({ platform: 'discord', userId: '1' }, { name: { style: 'anonymous' }, country: 'KR', language: 'en' });
      await app.core.petition.sign({ platform: 'discord', userId: '2' }, { name: { style: 'anonymous' }, country: 'US', language: 'en' });
      now = new Date('2026-12-11T05:00:00Z');
      const outcome = await app.core.petition.sign({ platform: 'discord', userId: '3' }, { name: { style: 'anonymous' }, country: 'KR', language: 'en' });
      expect(outcome).toEqual({ status: 'closed', finalTotal: 2, nations: 2 });
      expect(app.chat.render.signOutcome('en', outcome).text).toBe('The petition is closed. It was delivered with 2 signatures from 2 nations. Thank you.');
      expect(app.chat.render.signOutcome('ko', outcome).text).toContain('2개국');
      expect((await app.core.petition.stats()).total).toBe(2);
      // The signing dialogue says so before asking anything.
      const bot = app.chat;
      const user = chatUser({ signer: { platform: 'telegram', userId: '4' }, address: 'telegram:4', languageTag: 'en', isPrivate: true });
      expect(textsOf(await bot.command(user, 'sign', ''))).toEqual([{ text: app.chat.render.signOutcome('en', outcome).text }]);
      expect(textsOf(await bot.text(user, 'Kim Young-sam'))).toEqual([{ text: app.core.t('en', 'help.hint') }]);
    } finally {
      await app.close();
    }
  });
});

describe('a database that is down', () => {
  it('fails the call (the adapter apologizes) and writes nothing', async () => {
    const app = await createMemoryCore();
    await app.close();
    await expect(
      app.core.petition.sign({ platform: 'terminal', userId: 'z' }, { name: { style: 'anonymous' }, country: 'KR', language: 'en' }),
    ).rejects.toThrow();
    expect(app.chat.render.apology('zh').text).toBe(app.core.t('zh', 'errors:unexpected'));
  });
});
