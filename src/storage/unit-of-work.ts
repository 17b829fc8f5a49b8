import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './database.ts';

/** The transaction of the unit of work under way, while it is open. */
interface Work {
  tx: Db;
  open: boolean;
}

const current = new AsyncLocalStorage<Work>();

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
 * `last`, given the work's result, is the transaction's last statement. It is
 * not awaited before COMMIT but sent with it (postgres.js writes what is
 * queued on a connection in one turn together; PGlite runs it before COMMIT
 * in call order): one round trip less per unit of work. Its failure still
 * fails the unit of work: a COMMIT after a failed statement rolls back
 * (PGlite throws then; postgres.js reports success, so its error is awaited
 * here after the transaction).
 */
export async function inUnitOfWork<T>(db: Db, work: () => Promise<T>, last?: (result: T) => PromiseLike<unknown>): Promise<T> {
  let lastDone: Promise<unknown> | undefined;
  const result = await db.transaction(async (tx) => {
    const unit: Work = { tx: tx as unknown as Db, open: true };
    try {
      return await current.run(unit, async () => {
        const result = await work();
        if (last) {
          lastDone = Promise.resolve(last(result));
          // Handled here; its error is rethrown below once the transaction has ended.
          lastDone.catch(() => {});
          // drizzle starts a query a few promise steps after the call: one turn of the event
          // loop puts it on the transaction's connection ahead of COMMIT, still in the same write.
          await new Promise((resolve) => setImmediate(resolve));
        }
        return result;
      });
    } finally {
      unit.open = false;
    }
  });
  await lastDone;
  return result;
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
  return current.exit(work);
}
