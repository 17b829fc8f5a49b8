import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { apologize, ChatBot, hasLoneSurrogate, onceEach } from '../../../src/chat/index.ts';
import { RateLimitedError, RecipientGoneError, type EventJournal } from '../../../src/core/index.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { createTestApp } from '../../support/test-app.ts';
import { memoryLogger, privateText, sentTo, testAdapter } from './telegram-harness.ts';

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

const signerOf = (id: number) => ({ platform: 'telegram', userId: String(id) });

describe('rate limits (429)', () => {
  it('waits retry_after and sends the reply again', async () => {
    const adapter = testAdapter(app, api);
    const user = { id: 5550004001, firstName: 'Rita', lang: 'en' };
    api.rateLimit('sendMessage', 1, 1);
    await adapter.bot.handleUpdate(privateText(user, '/countdown'));
    const attempts = sentTo(api, user.id);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.text).toBe(attempts[0]!.text);
    expect(attempts[1]!.text).toBe(app.chat.render.countdown('en', app.core.petition.countdown()));
  });

  it('gives a reminder back to the delivery queue as RateLimitedError at once, with Telegram’s retry_after', async () => {
    const adapter = testAdapter(app, api);
    api.rateLimit('sendMessage', 1, 600);
    const error = await adapter.messenger!.send('telegram:5550004002', { text: 'Three days left' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(600_000);
  });

  it('does not retry a reminder by itself, even after a short retry_after (the queue pauses every instance and retries)', async () => {
    const adapter = testAdapter(app, api);
    api.rateLimit('sendMessage', 1, 1);
    const error = await adapter.messenger!
      .send('telegram:5550004003', { text: 'Three days left', buttons: [[{ label: 'Sign', action: 'sign' }]] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(1_000);
    expect(sentTo(api, 5550004003)).toHaveLength(1);
    // The next try (the queue's) goes through with its buttons.
    await adapter.messenger!.send('telegram:5550004003', { text: 'Three days left', buttons: [[{ label: 'Sign', action: 'sign' }, { label: 'Site', url: 'https://example.org' }]] });
    const sent = sentTo(api, 5550004003);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({ text: 'Three days left', keyboard: [[{ text: 'Sign', callback_data: 'sign' }, { text: 'Site', url: 'https://example.org' }]] });
  });
});

describe('blocked users (403)', () => {
  it('reports RecipientGoneError to the sender of a reminder, and the app’s one handler unsubscribes the address', async () => {
    const adapter = testAdapter(app, api);
    const user = { id: 5550004010, firstName: 'Bo', lang: 'ko' };
    await adapter.bot.handleUpdate(privateText(user, '/remind on'));
    expect(await app.core.reminders.forSigner(signerOf(user.id))).toHaveLength(1);
    api.block(user.id);
    const error = await adapter.messenger!.send(`telegram:${user.id}`, { text: 'Three days left' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecipientGoneError);
    expect((error as RecipientGoneError).address).toBe(`telegram:${user.id}`);
    // The messenger only reports; the delivery worker hands the error to this one handler.
    expect(await app.core.reminders.forSigner(signerOf(user.id))).toHaveLength(1);
    await app.recipientGone((error as RecipientGoneError).address, error as RecipientGoneError);
    expect(await app.core.reminders.forSigner(signerOf(user.id))).toEqual([]);
  });

  it('unsubscribes when a reply finds the bot blocked, and keeps running', async () => {
    const adapter = testAdapter(app, api);
    const user = { id: 5550004011, firstName: 'Cy', lang: 'en' };
    await adapter.bot.handleUpdate(privateText(user, '/remind on'));
    api.block(user.id);
    await adapter.bot.handleUpdate(privateText(user, '/count'));
    expect(await app.core.reminders.forSigner(signerOf(user.id))).toEqual([]);
    const other = { id: 5550004012, firstName: 'Di', lang: 'en' };
    await adapter.bot.handleUpdate(privateText(other, '/count'));
    expect(sentTo(api, other.id)).toHaveLength(1);
  });

  it('refuses an address that is not a Telegram chat', async () => {
    const adapter = testAdapter(app, api);
    await expect(adapter.messenger!.send('discord:channel:1', { text: 'x' })).rejects.toThrow(/telegram/);
    expect(adapter.messenger!.prefix).toBe('telegram');
  });
});

describe('the error seam', () => {
  it('logs without personal data, apologizes in the user’s language and handles the next update', async () => {
    const { logger, lines } = memoryLogger();
    let failures = 1;
    const journal: EventJournal = {
      async once(event, conversation, handle) {
        if (failures-- > 0) throw new Error(`storage down while claiming ${event.source}:${event.id} for Chloé Secretname`, { cause: new Error('ECONNRESET') });
        return app.journal.once(event, conversation, handle);
      },
      delivered: (event) => app.journal.delivered(event),
      seen: (event) => app.journal.seen(event),
    };
    const chat = new ChatBot({ core: app.core, send: app.messengers.send, recipientGone: app.recipientGone }).use(
      apologize({ logger, localeOf: (event) => chat.localeForApology(event), apology: (locale) => chat.apology(locale), recipientGone: app.recipientGone }),
      onceEach(journal),
    );
    const adapter = testAdapter(app, api, {}, { chat, logger });
    const user = { id: 5550004020, firstName: 'Chloé', lastName: 'Secretname', lang: 'zh-hant' };
    await adapter.bot.handleUpdate(privateText(user, '/count'));
    expect(sentTo(api, user.id).map((m) => m.text)).toEqual([app.core.t('zh-Hant', 'errors:unexpected')]);

    const log = lines.join('');
    expect(log).toContain('telegram update failed');
    expect(log).not.toContain('Chloé');
    expect(log).not.toContain('Secretname');
    expect(log).not.toContain(String(user.id));

    await adapter.bot.handleUpdate(privateText(user, '/count'));
    expect(sentTo(api, user.id)).toHaveLength(2);
    expect(sentTo(api, user.id)[1]!.text).toBe(app.chat.render.count('zh-Hant', await app.core.petition.stats()));
  });
});

describe('long texts (Telegram refuses over 4,096 UTF-16 units and any lone surrogate)', () => {
  it('splits a text at a grapheme boundary when the limit falls inside an emoji or a rare Chinese character', async () => {
    const adapter = testAdapter(app, api);
    // No line break or space anywhere: the cut must fall between characters, and 4,096 lands inside a pair.
    for (const filler of ['😀', '𠀀', '👩‍👧‍👦', '🇰🇷']) {
      const text = `a${filler.repeat(Math.ceil(5000 / filler.length))}`;
      await adapter.messenger!.send('telegram:5550004030', { text });
      const parts = sentTo(api, 5550004030).map((m) => m.text);
      expect(parts.length).toBeGreaterThanOrEqual(2);
      expect(parts.join('')).toBe(text);
      for (const part of parts) {
        expect(part.length).toBeLessThanOrEqual(4096);
        expect(hasLoneSurrogate(part)).toBe(false);
      }
      expect(api.refused).toEqual([]);
      api.reset();
    }
  });

  it('/case of the largest case arrives whole, story, source and sample note, over several messages', async () => {
    const adapter = testAdapter(app, api);
    const story = `${'지어낸 사연 문장입니다 🇰🇷 𠜎. '.repeat(250)}`.slice(0, 5000);
    await app.core.list.seed(
      [{ number: 999_998, kind: 'refugee', name: '가'.repeat(200), date: '2024', place: 'P'.repeat(200), summary: { en: 'S', ko: '요'.repeat(500), zh: 'S' }, story: { ko: story }, source: 'o'.repeat(500), isSample: true }],
      'test',
    );
    const user = { id: 5550004032, firstName: 'Su', lang: 'ko' };
    await adapter.bot.handleUpdate(privateText(user, '/case 999998'));
    const parts = sentTo(api, user.id).map((m) => m.text);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const shown = parts.join('\n').replace(/\s+/g, '');
    expect(shown).toContain(story.replace(/\s+/g, ''));
    expect(shown).toContain(app.core.t('ko', 'case.sample-note').replace(/\s+/g, ''));
    expect(shown).toContain(app.core.t('ko', 'case.source', { source: 'o'.repeat(500) }).replace(/\s+/g, ''));
    expect(api.refused).toEqual([]);
  });

  it('the fake refuses like Telegram: over 4,096 units, a lone surrogate, callback data over 64 bytes', async () => {
    const adapter = testAdapter(app, api);
    const call = (body: Record<string, unknown>) => adapter.bot.api.raw.sendMessage({ chat_id: 5550004031, ...body } as never).then(() => 'sent', (e: Error) => e.message);
    expect(await call({ text: 'x'.repeat(4097) })).toMatch(/message text is 4097 long/);
    expect(await call({ text: `broken ${'😀'.slice(0, 1)}` })).toMatch(/UTF-8/);
    expect(await call({ text: 'ok', reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: '가'.repeat(22) }]] } })).toMatch(/callback_data is 66 long/);
    expect(await call({ text: 'x'.repeat(4096) })).toBe('sent');
  });
});
