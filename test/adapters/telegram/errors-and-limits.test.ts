import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { apologize, ChatBot, onceEach } from '../../../src/chat/index.ts';
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
