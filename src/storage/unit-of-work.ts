import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './database.ts';

/** The transaction of the unit of work under way, while it is open. */
interface Work {
  tx: Db;
  open: boolean;
  /** Writes to send with COMMIT (see `atCommit`), in the order asked. */
  atCommit: Array<() => PromiseLike<unknown>>;
  /** What repositories keep for the rest of the unit (see `unitMemo`). */
  memos: Map<object, Map<unknown, unknown>>;
  /** Whether writes may go with COMMIT on a guess of their outcome (see `mayGuess`). */
  guessing: boolean;
}

/**
 * A write sent with COMMIT on a guess of its outcome found the guess wrong:
 * its statement failed, so the unit of work rolled back, and it runs again
 * without guessing (see `mayGuess`).
 */
export class WrongGuess extends Error {
  constructor(what: string) {
    super(`${what}: the outcome guessed before it was sent was wrong`);
    this.name = 'WrongGuess';
  }
}

const current = new AsyncLocalStorage<Work>();

/**
 * Units of work open in this process. While there are none the storage is
 * turned off: in Node 20 an enabled AsyncLocalStorage runs its hooks on every
 * promise the process makes (HTTP, the platforms' clients), and events that
 * only read (a count, a page of THE LIST) open no unit at all. (`disable()`
 * is marked experimental in Node 20's documentation, as it has been since
 * Node 12. From Node 24, AsyncLocalStorage runs on AsyncContextFrame and has
 * no hooks to turn off; this becomes unneeded there.)
 */
let openUnits = 0;

/**
 * A `Db` that runs every query in the transaction of the unit of work under
 * way (see `inUnitOfWork`), or on the database itself outside one. Every
 * repository gets this one, so the effects of handling one platform event
 * commit together with the event's claim, without threading a transaction
 * through the core. (drizzle has no ambient transaction of its own.) Work
 * started inside a unit of work that outlives it (a background sweep, an
 * exchange of counts) uses the database itself once the transaction ended.
 */
export function contextualDb(db: Db): Db {
  return new Proxy(db, {
    get(target, property) {
      const work = current.getStore();
      const active = work?.open ? work.tx : target;
      const value = Reflect.get(active, property, active) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(active) : value;
    },
  });
}

/**
 * Runs `work` in one transaction on `db`; every query made through a
 * `contextualDb` inside it (across awaits) joins that transaction.
 *
 * The writes put off with `atCommit`, then `last` (given the work's result),
 * are the transaction's last statements. They are not awaited before COMMIT
 * but sent with it (postgres.js writes what is queued on a connection in one
 * turn together; PGlite runs them before COMMIT in call order): one round
 * trip per unit of work instead of one each. Their failure still fails the
 * unit of work: a COMMIT after a failed statement rolls back (PGlite throws
 * then; postgres.js reports success, so their errors are awaited here after
 * the transaction). When one of them was sent on a guess that proved wrong
 * (`WrongGuess`), nothing of the unit stayed, and it runs once more, with
 * every write awaited for its real outcome.
 */
export async function inUnitOfWork<T>(db: Db, work: () => Promise<T>, last?: (result: T) => PromiseLike<unknown>): Promise<T> {
  try {
    return await attempt(db, work, last, true);
  } catch (error) {
    if (!(error instanceof WrongGuess)) throw error;
    return attempt(db, work, last, false);
  }
}

async function attempt<T>(db: Db, work: () => Promise<T>, last: ((result: T) => PromiseLike<unknown>) | undefined, guessing: boolean): Promise<T> {
  let sent: Promise<void> | undefined;
  let result: T;
  try {
    result = await db.transaction(async (tx) => {
      const unit: Work = { tx: tx as unknown as Db, open: true, atCommit: [], memos: new Map(), guessing };
      openUnits += 1;
      try {
        return await current.run(unit, async () => {
          const result = await work();
          const statements = unit.atCommit.map((write) => write());
          if (last) statements.push(last(result));
          if (statements.length > 0) {
            sent = firstFailure(statements);
            // Handled here; the error is rethrown below once the transaction has ended.
            sent.catch(() => {});
            // On the transaction's connection ahead of COMMIT, still in the same write.
            await startedQueriesSent();
          }
          return result;
        });
      } finally {
        unit.open = false;
        openUnits -= 1;
        // Nothing can read a store any more (every unit is closed): run() turns it on again.
        if (openUnits === 0) current.disable();
      }
    });
  } catch (error) {
    // PGlite fails the COMMIT after a failed statement: the statement's own error says why.
    await sent;
    throw error;
  }
  await sent;
  return result;
}

/**
 * Settles when all `statements` have; fails with a wrong guess if one made
 * it (the statements after a failed one fail only because it did), else with
 * the first failure.
 */
async function firstFailure(statements: Array<PromiseLike<unknown>>): Promise<void> {
  const failures = (await Promise.allSettled(statements)).flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (failures.length > 0) throw failures.find((f) => f instanceof WrongGuess) ?? failures[0];
}

/**
 * Resolves once every query started before it is on its connection. drizzle
 * starts a query only when it is awaited, a few promise steps after the
 * call; one turn of the event loop later it is queued, and postgres.js
 * writes all a connection queued in that turn together: a statement started
 * after this resolves still goes out in the same socket write, behind them.
 */
export function startedQueriesSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Inside a unit of work, `write` is sent with its COMMIT instead of now (see
 * `inUnitOfWork`) and this resolves at once; its failure fails the unit.
 * Outside one it runs now. Only for writes whose effect the rest of the unit
 * does not read from the database: a repository that reads its own writes
 * back keeps them in `unitMemo` until then.
 */
export async function atCommit(write: () => PromiseLike<unknown>): Promise<void> {
  const work = current.getStore();
  if (work?.open) work.atCommit.push(write);
  else await write();
}

/**
 * Whether a write may be sent with COMMIT (`atCommit`) on a guess of its
 * outcome, its statement failing with `WrongGuess` when the guess is wrong:
 * inside a unit of work, unless it runs again after such a guess (then every
 * write is awaited for its real outcome).
 */
export function mayGuess(): boolean {
  const work = current.getStore();
  return work?.open === true && work.guessing;
}

/**
 * A map that lives as long as the unit of work under way, one per `owner`
 * (a repository); undefined outside a unit of work.
 */
export function unitMemo<K, V>(owner: object): Map<K, V> | undefined {
  const work = current.getStore();
  if (!work?.open) return undefined;
  let memo = work.memos.get(owner);
  if (!memo) work.memos.set(owner, (memo = new Map()));
  return memo as Map<K, V>;
}

/** Whether a unit of work is under way here (its queries must go through its transaction). */
export function inTransaction(): boolean {
  return current.getStore()?.open === true;
}

/**
 * Runs background work started from inside a unit of work outside of it, so
 * it never joins a transaction that is about to end (a sweep, a batch).
 */
export function detached<T>(work: () => T): T {
  // With no unit open there is nothing to leave, and run() would turn the storage on.
  if (openUnits === 0) return work();
  // run() with no store, not exit(): exit() turns the storage off and on again around `work`, and
  // in Node 20 each turn removes and reinstalls the promise hooks of every AsyncLocalStorage.
  return current.run(undefined as unknown as Work, work);
}
