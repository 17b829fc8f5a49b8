import { asc, lt, sql } from 'drizzle-orm';
import type { Clock, DialogueStore } from '../core/index.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';
import { dialogues } from './schema.ts';
import { atCommit, detached, unitMemo } from './unit-of-work.ts';

/**
 * Abandoned sign dialogues are what expires; even a launch-day rush leaves
 * far fewer than this many a minute, and a delete of this size by index
 * takes milliseconds, so a sweep never holds many rows locked for long.
 */
export const SWEEP_BATCH_SIZE = 2_000;
export const SWEEP_EVERY_MS = 60_000;

export interface DialogueRepositoryOptions {
  /** Most rows one sweep deletes. */
  batchSize?: number;
  /** Least clock time between two sweeps of this process. */
  sweepEveryMs?: number;
  /** Told when a background sweep fails; the user's write has succeeded regardless. */
  onSweepError?: (error: unknown) => void;
}

/** The dialogue store, plus the sweep of expired drafts it runs in the background. */
export interface DialogueRepository extends DialogueStore {
  /**
   * Deletes at most one batch of expired drafts, oldest expiry first; returns how many.
   * `set` calls it in the background at most once a minute of clock time.
   *
   * @example const removed = await dialogues.sweepExpired(); // 0 when nothing had expired
   */
  sweepExpired(): Promise<number>;
  /**
   * Resolves once the background sweep in flight, if any, has finished (never rejects).
   *
   * @example await dialogues.set('sign:abc', draft, 3600); await dialogues.settled();
   */
  settled(): Promise<void>;
}

/** A draft written or deleted (null) in the unit of work under way, not yet in the table. */
type Pending = { state: unknown; expiresAt: Date } | null;

/**
 * Drafts in the `dialogues` table. Expired ones are swept by `set` in the
 * background: at most one batch, at most once per `sweepEveryMs` of `clock`.
 * Inside a unit of work (an event being handled), `set` and `delete` go to
 * the table with its COMMIT, one round trip less each (see `atCommit`), and
 * `get` in the same unit answers from what they left.
 *
 * @example const drafts = createDialogueRepository(db, clock, { onSweepError: (err) => logger.warn({ err }, 'sweep failed') });
 */
export function createDialogueRepository(db: Db, clock: Clock, options: DialogueRepositoryOptions = {}): DialogueRepository {
  const batchSize = options.batchSize ?? SWEEP_BATCH_SIZE;
  const sweepEveryMs = options.sweepEveryMs ?? SWEEP_EVERY_MS;
  const onSweepError = options.onSweepError ?? (() => {});
  let lastSweepAt: number | null = null;
  let inFlight: Promise<void> | null = null;

  async function sweepExpired(): Promise<number> {
    const now = clock();
    // The index on expires_at picks the batch; `skip locked` lets two
    // instances sweeping at once take different rows instead of waiting.
    const batch = db
      .select({ key: dialogues.key })
      .from(dialogues)
      .where(lt(dialogues.expiresAt, now))
      .orderBy(asc(dialogues.expiresAt))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    // `= any(array(...))` runs the batch first and deletes by primary key; with
    // `in (...)` the planner hash-joins it against a scan of the whole table.
    // The batch's rows stay locked until the delete, so none can be renewed in between.
    const removed = await db
      .delete(dialogues)
      .where(sql`${dialogues.key} = any(array(${batch}))`)
      .returning({ key: dialogues.key });
    return removed.length;
  }

  /** Starts a sweep unless one ran within the interval or is still running; never awaited by the user's write. */
  function maybeSweep(): void {
    const now = clock().getTime();
    if (inFlight || (lastSweepAt !== null && now - lastSweepAt < sweepEveryMs)) return;
    lastSweepAt = now;
    // Outside the unit of work of the event whose write started it: the sweep is not part of that event.
    inFlight = detached(sweepExpired).then(
      () => {},
      (error: unknown) => {
        try {
          onSweepError(error);
        } catch {
          // A failing error handler must not become an unhandled rejection either.
        }
      },
    );
    void inFlight.finally(() => {
      inFlight = null;
    });
  }

  // Identifies this repository's writes among those of the unit of work.
  const owner = {};

  // get, set and delete run on every signing step: written as SQL, they skip the query
  // builder, which took about 18 µs of CPU a statement.
  return {
    async get<T>(key: string) {
      const pending = unitMemo<string, Pending>(owner)?.get(key);
      if (pending !== undefined) return pending && pending.expiresAt > clock() ? (pending.state as T) : null;
      // Expired drafts wait for the sweep, but are never read.
      // As text, parsed here: whether a driver parses jsonb itself depends on its setup.
      const [row] = rowsOf<{ state: string }>(
        await db.execute(sql`select state::text as state from dialogues where key = ${key} and expires_at > ${clock().toISOString()}::timestamptz`),
      );
      return row ? (JSON.parse(row.state) as T) : null;
    },
    async set(key, state, ttlSeconds) {
      const expiresAt = new Date(clock().getTime() + ttlSeconds * 1000);
      unitMemo<string, Pending>(owner)?.set(key, { state, expiresAt });
      // `excluded`: the state goes over the wire once, not twice, so the write and the event's
      // replies usually still fit in one socket write with COMMIT (postgres.js flushes at 1 KiB).
      await atCommit(() =>
        db.execute(sql`
          insert into dialogues (key, state, expires_at) values (${key}, ${JSON.stringify(state)}::jsonb, ${expiresAt.toISOString()}::timestamptz)
          on conflict (key) do update set state = excluded.state, expires_at = excluded.expires_at`),
      );
      // Half-typed names must not linger, but the sweep is not the user's wait.
      maybeSweep();
    },
    async delete(key) {
      unitMemo<string, Pending>(owner)?.set(key, null);
      await atCommit(() => db.execute(sql`delete from dialogues where key = ${key}`));
    },
    sweepExpired,
    async settled() {
      await inFlight;
    },
  };
}
