/**
 * The language read before the event's unit of work is the one the handler
 * answers in, read once per event; a bot leaving a chat reads nothing.
 */
import { describe, expect, it } from 'vitest';
import { ChatBot, readLocale, type ChatEvent } from '../../src/chat/index.ts';
import type { Locale } from '../../src/core/index.ts';
import { chatUser } from '../support/chat-users.ts';
import { createMemoryCore } from '../support/memory/memory-core.ts';

describe('readLocale middleware', () => {
  it('answers in the language it read, without reading it again', async () => {
    const { core } = await createMemoryCore();
    const reads: string[] = [];
    const bot = new ChatBot({ core, send: async () => {}, recipientGone: async () => {} }).use(
      readLocale(async (user): Promise<Locale> => {
        reads.push(user.address);
        return 'ko';
      }),
    );
    // No stored preference and an English platform: without the middleware this would be English.
    const user = chatUser({ signer: { platform: 'telegram', userId: '7001' }, address: 'telegram:7001', isPrivate: true, languageTag: 'en' });
    const [reply] = await bot.command(user, 'petition');
    expect(reply!.text).toMatch(/[\u3131-\uD79D]/);
    expect(reads).toEqual(['telegram:7001']);
  });

  it('reads nothing for a bot that left the chat', async () => {
    const { core } = await createMemoryCore();
    let reads = 0;
    const bot = new ChatBot({ core, send: async () => {}, recipientGone: async () => {} }).use(
      readLocale(async () => {
        reads += 1;
        return 'en';
      }),
    );
    const user = chatUser({ signer: { platform: 'telegram', userId: '7002' }, address: 'telegram:7002', isPrivate: true });
    const event: ChatEvent = { user, input: { kind: 'gone' }, respond: async () => {} };
    await bot.handle(event);
    expect(reads).toBe(0);
  });
});
