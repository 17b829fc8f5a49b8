/**
 * `onceEach` tells an event it is being answered as soon as that is known
 * (`answering`): before the handler runs once the event is claimed, after
 * the claim for one that only reads, for a replay; never for a duplicate
 * whose replies went out already. No storage: the journal in memory.
 */
import { describe, expect, it } from 'vitest';
import { compose, contextFor, onceEach, type ChatEvent } from '../../src/chat/index.ts';
import { chatUser } from '../support/chat-users.ts';
import { createMemoryEventJournal } from '../support/memory/event-journal.ts';
import { MemoryTables } from '../support/memory/tables.ts';

const user = chatUser({ signer: { platform: 'telegram', userId: '7101' }, address: 'telegram:7101', isPrivate: true });

/** An event that logs when it is told it is answered, when it is handled and when it responds. */
function pressEvent(id: string, log: string[]): ChatEvent {
  return {
    id: { source: 'telegram', id },
    user,
    input: { kind: 'action', payload: 'sd:confirm' },
    respond: async () => void log.push('respond'),
    answering: () => void log.push('answering'),
  };
}

describe('onceEach telling an event it is answered', () => {
  it('tells a claimed event before its handler runs, then sends the replies', async () => {
    const clock = () => new Date('2026-12-01T06:00:00Z');
    const journal = createMemoryEventJournal(new MemoryTables(), clock);
    const log: string[] = [];
    const run = compose([onceEach(journal)], async (ctx) => {
      log.push('handler');
      ctx.replies = [{ text: 'Thank you' }];
    });
    await run(contextFor(pressEvent('900001', log)));
    expect(log).toEqual(['answering', 'handler', 'respond']);
  });

  it('tells a read-only event once its replies are claimed, after it was answered', async () => {
    const journal = createMemoryEventJournal(new MemoryTables(), () => new Date('2026-12-01T06:00:00Z'));
    const log: string[] = [];
    const run = compose([onceEach(journal, { readsOnly: () => true })], async (ctx) => {
      log.push('handler');
      ctx.replies = [{ text: '1,204 signatures' }];
    });
    await run(contextFor(pressEvent('900002', log)));
    expect(log).toEqual(['handler', 'answering', 'respond']);
  });

  it('does not tell a duplicate whose replies went out, and tells a replay of replies never delivered', async () => {
    let now = new Date('2026-12-01T06:00:00Z');
    const journal = createMemoryEventJournal(new MemoryTables(), () => now, 30_000);
    const handled: string[] = [];
    const run = compose([onceEach(journal)], async (ctx) => {
      handled.push(ctx.event.id!.id);
      ctx.replies = [{ text: 'Thank you' }];
    });

    const first: string[] = [];
    await run(contextFor(pressEvent('900003', first)));
    const duplicate: string[] = [];
    await run(contextFor(pressEvent('900003', duplicate)));
    expect(first).toEqual(['answering', 'respond']);
    expect(duplicate).toEqual([]);

    // Answered and recorded by an instance that died before sending: after its lease, a redelivery replays.
    await journal.once({ source: 'telegram', id: '900004' }, user.conversation, async () => [{ text: 'Recorded before the crash' }]);
    now = new Date(now.getTime() + 31_000);
    const replay: string[] = [];
    await run(contextFor(pressEvent('900004', replay)));
    expect(replay).toEqual(['answering', 'respond']);
    expect(handled).toEqual(['900003']);
  });
});
