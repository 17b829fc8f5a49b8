/**
 * The language read before the event's unit of work is the one the handler
 * answers in, read once per event; a bot leaving a chat reads nothing. The
 * read overlaps the flood limit's count (in the app's order), and is settled
 * before the journal opens the event's transaction.
 */
import { describe, expect, it } from 'vitest';
import { ChatBot, floodLimit, onceEach, readLocale, type ChatEvent } from '../../src/chat/index.ts';
import type { Locale } from '../../src/core/index.ts';
import { chatUser } from '../support/chat-users.ts';
import { createMemoryEventJournal } from '../support/memory/event-journal.ts';
import { MemoryTables } from '../support/memory/tables.ts';
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

  it('reads while the flood limit counts, and has the language before the event is claimed', async () => {
    const { core } = await createMemoryCore();
    const log: string[] = [];
    let answerRead!: (locale: Locale) => void;
    const tables = new MemoryTables();
    const journal = createMemoryEventJournal(tables, () => new Date('2026-12-01T06:00:00Z'));
    const bot = new ChatBot({ core, send: async () => {}, recipientGone: async () => {} }).use(
      readLocale(() => {
        log.push('read started');
        return new Promise<Locale>((resolve) => (answerRead = resolve));
      }),
      floodLimit(
        {
          async allow() {
            log.push('flood counted');
            // Only now does the language arrive: a read that waited for its answer before the
            // flood limit would never get here.
            setTimeout(() => {
              log.push('read answered');
              answerRead('ko');
            }, 20);
            return true;
          },
        },
        core.keyOf,
        async () => {},
      ),
      onceEach({
        ...journal,
        once: (event, conversation, handle, options) => {
          log.push('claimed');
          return journal.once(event, conversation, handle, options);
        },
      }),
    );
    const user = chatUser({ signer: { platform: 'telegram', userId: '7003' }, address: 'telegram:7003', isPrivate: true, languageTag: 'en' });
    const [reply] = await bot.replies(user, { kind: 'command', name: 'petition', args: '' }, { source: 'telegram', id: '7003' });
    expect(reply!.text).toMatch(/[\u3131-\uD79D]/);
    expect(log).toEqual(['read started', 'flood counted', 'read answered', 'claimed']);
  });
});
