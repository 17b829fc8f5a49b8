/**
 * EventJournal in memory, faithful to src/core/ports/events.ts: one effect per
 * event id; a redelivery while the answer is leased is busy, after the lease a
 * replay, after `delivered` done. Unlike Postgres it cannot roll back what a
 * failed handler wrote to the other memory stores; a failed handler leaves no claim.
 */
import { EventBusyError, type Clock, type EventJournal } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

export function createMemoryEventJournal(tables: MemoryTables, clock: Clock, leaseMs = 30_000): EventJournal {
  const events = tables.processedEvents;
  const keyOf = (event: { source: string; id: string }) => `${event.source}\u0000${event.id}`;
  return {
    async once(event, _conversation, handle, options = {}) {
      tables.check();
      const key = keyOf(event);
      if (options.readOnly && !events.has(key)) {
        // Answered first, claimed after with the answer; a delivery that claimed it meanwhile wins.
        const result = await handle();
        if (!events.has(key)) {
          events.set(key, { state: 'answered', replies: JSON.parse(JSON.stringify(result ?? null)), leaseUntil: clock().getTime() + leaseMs });
          return { kind: 'handled', result };
        }
      }
      const row = events.get(key);
      if (!row) {
        events.set(key, { state: 'handling', replies: null, leaseUntil: null });
        options.onClaimed?.();
        try {
          const result = await handle();
          events.set(key, { state: 'answered', replies: JSON.parse(JSON.stringify(result ?? null)), leaseUntil: clock().getTime() + leaseMs });
          return { kind: 'handled', result };
        } catch (error) {
          events.delete(key);
          throw error;
        }
      }
      if (row.state === 'done') return { kind: 'done' };
      const now = clock().getTime();
      if (row.state === 'handling' || (row.leaseUntil !== null && row.leaseUntil > now)) throw new EventBusyError(event);
      // The one that answered is gone: take the delivery over.
      row.leaseUntil = now + leaseMs;
      return { kind: 'replay', result: structuredClone(row.replies) as never };
    },
    async seen(event) {
      tables.check();
      // A claim still being handled is not committed yet: Postgres would not show it.
      const row = events.get(keyOf(event));
      return row !== undefined && row.state !== 'handling';
    },
    async delivered(event) {
      tables.check();
      const row = events.get(keyOf(event));
      if (row) Object.assign(row, { state: 'done', replies: null, leaseUntil: null });
    },
  };
}
