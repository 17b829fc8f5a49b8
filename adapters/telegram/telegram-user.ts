import type { Api } from 'grammy';
import type { Chat, User } from 'grammy/types';
import type { ChatSurface, ChatUser } from '../../src/chat/index.ts';
import { MENU_COMMANDS, GROUP_ADMIN_COMMANDS } from './commands.ts';

/** What Telegram can draw: no forms (fields are asked one at a time), and the commands in its menus. */
export const TELEGRAM_SURFACE: ChatSurface = {
  platform: 'telegram',
  eventName: 'update',
  forms: false,
  storedLanguage: true,
  commands: new Set([...MENU_COMMANDS, ...GROUP_ADMIN_COMMANDS]),
};

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
 * Who is talking, as the chat layer wants to know it: the Telegram user
 * (hashed by the core, never stored as is), where to reach them, their
 * language and name; in a group, the group as a community channel whose
 * admins (asked of Telegram) may turn campaign posts on.
 */
export function chatUserOf(from: User, chat: Pick<Chat, 'id' | 'type'> & { title?: string }, botUsername: string, api: Api): ChatUser {
  const platformName = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  const isPrivate = chat.type === 'private';
  return {
    signer: { platform: 'telegram', userId: String(from.id) },
    address: telegramAddress(chat.id),
    conversation: telegramAddress(chat.id),
    surface: TELEGRAM_SURFACE,
    languageTag: from.language_code,
    platformName: platformName || undefined,
    isPrivate,
    community: isPrivate
      ? undefined
      : {
          address: telegramAddress(chat.id),
          // The group is the community: its referral code is a keyed hash of this, never stored as is.
          key: telegramAddress(chat.id),
          name: chat.title ?? null,
          label: chat.title ?? telegramAddress(chat.id),
          async canManage() {
            const member = await api.getChatMember(chat.id, from.id);
            return member.status === 'creator' || member.status === 'administrator';
          },
        },
    links: {
      privateChat: (payload) => startLink(botUsername, payload),
      share: (code) => startLink(botUsername, code),
    },
  };
}
