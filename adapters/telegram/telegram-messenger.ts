import type { Api } from 'grammy';
import { RateLimitedError, RecipientGoneError, type Messenger } from '../../src/core/ports.ts';
import { toTelegramMessages } from './render-telegram.ts';
import { isRecipientGone, retryAfterMs } from './telegram-errors.ts';
import { chatIdOf } from './telegram-user.ts';

export interface TelegramMessengerOptions {
  /** The broadcast Api (see telegram-api.ts): no throttler, no retry; the delivery worker paces and retries. */
  api: Api;
  /** Called when a recipient blocked the bot or is gone, before the error is thrown. */
  onRecipientGone(address: string): Promise<unknown>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/**
 * The core's outgoing-message port for Telegram: reminders and announcements
 * to `telegram:<chat id>` addresses. A 429 becomes `RateLimitedError` (with
 * Telegram's `retry_after`); a blocked bot (403) unsubscribes the address and becomes
 * `RecipientGoneError`, so the caller stops sending there.
 *
 * @example await messenger.send('telegram:42', { text: 'Three days left' })
 */
export function createTelegramMessenger(options: TelegramMessengerOptions): Messenger {
  const { api } = options;
  return {
    prefix: 'telegram',
    async send(address, message) {
      const chatId = chatIdOf(address);
      if (chatId === null) throw new Error('not a telegram:<chat id> address');
      try {
        for (const part of toTelegramMessages(message)) await api.sendMessage(chatId, part.text, part.options);
      } catch (error) {
        if (isRecipientGone(error)) {
          await options.onRecipientGone(address);
          throw new RecipientGoneError(address, error.description);
        }
        const wait = retryAfterMs(error);
        if (wait !== null) throw new RateLimitedError(wait);
        throw error;
      }
    },
    start: options.start ?? (async () => {}),
    stop: options.stop ?? (async () => {}),
  };
}
