import { detached } from './unit-of-work.ts';

/** A call waiting in a batch: what it asked for and how to answer it. */
export interface Waiting<I, R> {
  item: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Collects the calls made during one turn of the event loop and hands them
 * to `flush` together when the turn ends, in groups of at most `max`; each
 * caller waits for its own answer. `flush` answers every call in its group;
 * if it throws, the calls it left unanswered fail with that error. Written
 * by hand: batching libraries (dataloader) key calls by id and cache the
 * answers, while these calls are writes answered row by row by one statement.
 *
 * @example const insert = batchPerTurn(100, async (group) => { const rows = await insertAll(group.map((w) => w.item)); group.forEach((w, i) => w.resolve(rows[i])); });
 */
export function batchPerTurn<I, R>(max: number, flush: (group: Array<Waiting<I, R>>) => Promise<void>): (item: I) => Promise<R> {
  let pending: Array<Waiting<I, R>> = [];
  let scheduled = false;

  async function run(): Promise<void> {
    scheduled = false;
    const all = pending;
    pending = [];
    for (let i = 0; i < all.length; i += max) {
      const group = all.slice(i, i + max);
      try {
        await flush(group);
      } catch (error) {
        // A promise settles once: this reaches only the calls flush left unanswered.
        for (const waiting of group) waiting.reject(error);
      }
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        // Outside any unit of work, so a batch never runs in one caller's transaction.
        detached(() => setImmediate(() => void run()));
      }
    });
}
