/**
 * Every input the chat layer answers outside a transaction (`readsOnly`)
 * changes nothing in any store, in private and in a group, whatever its
 * arguments; an input that writes is never classed as read-only.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryTables } from '../support/memory/tables.ts';
import { chatUser } from '../support/chat-users.ts';
import { createMemoryCore } from '../support/memory/memory-core.ts';

/** Everything the stores hold except the event journal (which the journal itself writes). */
const contents = (tables: MemoryTables) => structuredClone(Object.fromEntries(Object.entries(tables).filter(([name]) => name !== 'processedEvents')));

describe('read-only commands', () => {
  const commands = ['petition', 'privacy', 'count', 'countdown', 'list', 'list 2', 'list 99', 'case 1', 'case #2', 'case x', 'video', 'help'];

  it.each([true, false])('change no store (private chat: %s)', async (isPrivate) => {
    const app = await createMemoryCore();
    const person = chatUser({ signer: { platform: 'telegram', userId: '8101' }, address: isPrivate ? 'telegram:8101' : 'telegram:-100777', isPrivate });
    // Someone who chose a language: the reads have something to find.
    await app.chat.command(person, 'language', 'ko');
    const before = contents(app.tables);
    for (const line of commands) {
      const [name, ...args] = line.split(' ');
      expect(app.chat.readsOnly({ kind: 'command', name: name!, args: args.join(' ') })).toBe(true);
      const replies = await app.chat.command(person, name!, args.join(' '));
      expect(replies.length, line).toBeGreaterThan(0);
      expect(contents(app.tables), line).toEqual(before);
    }
  });

  it('does not include commands that write, button presses or text', async () => {
    const app = await createMemoryCore();
    for (const name of ['start', 'sign', 'withdraw', 'mydata', 'language', 'remind', 'stayintouch', 'share', 'receipt', 'cancel', 'channel']) {
      expect(app.chat.readsOnly({ kind: 'command', name, args: '' }), name).toBe(false);
    }
    expect(app.chat.readsOnly({ kind: 'action', payload: 'sd:confirm' })).toBe(false);
    expect(app.chat.readsOnly({ kind: 'text', text: 'count' })).toBe(false);
  });
});
