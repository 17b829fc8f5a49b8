import type { Chat, User } from 'grammy/types';
import type { ChatUser } from '../../src/chat/chat-bot.ts';

/** The address reminders use for a Telegram chat. */
export function telegramAddress(chatId: number | string): string {
  return `telegram:${chatId}`;
}

/** The chat id in a `telegram:<chat id>` address, or null when it is not one. */
export function chatIdOf(address: string): number | null {
  const match = /^telegram:(-?\d{1,20})$/.exec(address);
  return match ? Number(match[1]) : null;
}

/** A deep link that opens the private chat with the bot and sends `/start <payload>`. */
export function startLink(botUsername: string, payload: string): string {
  return `https://t.me/${botUsername}?start=${payload}`;
}

/**
 * Who is talking, as the core wants to know it: the Telegram user (hashed by
 * the core, never stored as is), where to reach them, their language and name.
 */
export function chatUserOf(from: User, chat: Pick<Chat, 'id' | 'type'>, botUsername: string): ChatUser {
  const platformName = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  return {
    signer: { platform: 'telegram', userId: String(from.id) },
    address: telegramAddress(chat.id),
    languageTag: from.language_code,
    platformName: platformName || undefined,
    isPrivate: chat.type === 'private',
    links: {
      privateChat: (payload) => startLink(botUsername, payload),
      share: (code) => startLink(botUsername, code),
    },
  };
}
