import type { Api } from 'grammy';
import { RateLimitedError, RecipientGoneError, type Messenger } from '../../src/core/index.ts';
import { toTelegramMessages } from './render-telegram.ts';
import { isRecipientGone, retryAfterMs } from './telegram-errors.ts';
import { chatIdOf } from './telegram-user.ts';

/**
 * The outgoing-message port for Telegram: reminders and announcements to
 * `telegram:<chat id>` addresses, on the broadcast Api (see telegram-api.ts:
 * no throttler, no retry; the delivery worker paces and retries). A 429
 * becomes `RateLimitedError` (with Telegram's `retry_after`); a blocked bot
 * (403) becomes `RecipientGoneError`, which the app's one handler turns into
 * an unsubscription.
 *
 * @example await createTelegramMessenger(api).send('telegram:42', { text: 'Three days left' })
 */
export function createTelegramMessenger(api: Api): Messenger {
  return {
    prefix: 'telegram',
    async send(address, message) {
      const chatId = chatIdOf(address);
      if (chatId === null) throw new Error('not a telegram:<chat id> address');
      try {
        for (const part of toTelegramMessages(message)) await api.sendMessage(chatId, part.text, part.options);
      } catch (error) {
        if (isRecipientGone(error)) throw new RecipientGoneError(address, error.description, chatId < 0 ? 'channel' : 'person');
        const wait = retryAfterMs(error);
        if (wait !== null) throw new RateLimitedError(wait);
        throw error;
      }
    },
  };
}
