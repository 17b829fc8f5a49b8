import type { ChatSurface, ChatUser } from '../../src/chat/index.ts';

/** A chat surface like Telegram's (questions one at a time, language chosen with /language). */
export const TEST_SURFACE: ChatSurface = {
  platform: 'telegram',
  eventName: 'update',
  forms: false,
  storedLanguage: true,
  commands: new Set(['start', 'sign', 'withdraw', 'mydata', 'count', 'countdown', 'petition', 'list', 'case', 'video', 'language', 'remind', 'share', 'receipt', 'cancel', 'help']),
};

/**
 * A made-up person for chat-layer tests: the conversation is their address
 * and the surface Telegram-like unless given.
 *
 * @example const user = chatUser({ signer: { platform: 'telegram', userId: '1' }, address: 'telegram:1', isPrivate: true })
 */
export function chatUser(user: Omit<ChatUser, 'conversation' | 'surface'> & Partial<Pick<ChatUser, 'conversation' | 'surface'>>): ChatUser {
  return { conversation: user.address, surface: TEST_SURFACE, ...user };
}

/** Just the texts of replies, for comparisons that are about words. */
export const textsOf = (replies: Array<{ text: string }>) => replies.map((r) => ({ text: r.text }));
