import { sql } from 'drizzle-orm';
import { EventBusyError, type Clock, type EventJournal, type EventOutcome, type EventRef, type Logger, type OnceOptions } from '../core/index.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';
import { batchPerTurn } from './turn-batch.ts';
import { detached, inUnitOfWork, startedQueriesSent } from './unit-of-work.ts';

/** Telegram retries a webhook delivery for about a day; keep ids well past that. */
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;
/** Replies never delivered (a chat that vanished) are forgotten after a day. */
const FORGET_REPLIES_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

interface JournalRow {
  state: 'answered' | 'done';
  replies: unknown;
  lease_until: string | Date | null;
}

/** The event is in the journal already: the unit of work stops, and its outcome is read instead. */
class AlreadyClaimed extends Error {}

const noop = () => {};

/**
 * The event journal on the `processed_events` table. The claim is an INSERT
 * in the unit of work's transaction: a second instance given the same event
 * waits on the row until the first commits (then sees it) or rolls back or
 * dies (then handles it itself). `leaseMs` is how long the instance that
 * answered is given to deliver the replies before a redelivery may.
 *
 * @example const journal = createEventJournal(db, clock, logger)
 */
export function createEventJournal(db: Db, clock: Clock, logger: Pick<Logger, 'warn'>, leaseMs = 30_000): EventJournal & { sweep(): Promise<void> } {
  let lastSweep = 0;
  const markDelivered = createDeliveredMarks(db);

  async function read(event: EventRef): Promise<JournalRow | null> {
    const [row] = rowsOf<JournalRow>(
      await db.execute(sql`select state, replies, lease_until from processed_events where source = ${event.source} and event_id = ${event.id}`),
    );
    return row ?? null;
  }

  /** What a redelivery does with an event already in the journal. */
  async function outcomeOf<T>(event: EventRef, row: JournalRow): Promise<EventOutcome<T>> {
    if (row.state === 'done') return { kind: 'done' };
    const now = clock();
    const lease = row.lease_until ? new Date(row.lease_until) : null;
    if (lease && lease > now) throw new EventBusyError(event);
    // The instance that answered is gone (or gave up): take the delivery over, exactly one taker.
    const taken = rowsOf<{ replies: unknown }>(
      await db.execute(sql`
        update processed_events set lease_until = ${new Date(now.getTime() + leaseMs).toISOString()}
        where source = ${event.source} and event_id = ${event.id} and state = 'answered'
          and lease_until is not distinct from ${lease ? lease.toISOString() : null}::timestamptz
        returning replies`),
    );
    if (taken.length === 0) throw new EventBusyError(event);
    return { kind: 'replay', result: parseJson(taken[0]!.replies) as T };
  }

  /** Ids past a week go; replies never delivered are forgotten after a day. */
  async function sweep(): Promise<void> {
    const now = clock();
    await db.execute(sql`delete from processed_events where seen_at < ${new Date(now.getTime() - KEEP_MS).toISOString()}`);
    await db.execute(sql`
      update processed_events set state = 'done', replies = null, lease_until = null
      where state = 'answered' and seen_at < ${new Date(now.getTime() - FORGET_REPLIES_MS).toISOString()}`);
  }

  function sweepNowAndThen(now: Date): void {
    if (now.getTime() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now.getTime();
    // Outside any transaction: a failed sweep must never undo an event's effects.
    void detached(sweep).catch((error: unknown) => logger.warn({ err: error }, 'event journal sweep failed'));
  }

  /**
   * A handler that writes nothing needs no transaction: it answers first, and
   * the claim goes in with its replies as one statement. A delivery that finds
   * the event claimed meanwhile (another instance answered, or is answering:
   * the insert waits for its transaction) drops its own answer and goes by the
   * journal, as a redelivery does.
   */
  async function onceReadOnly<T>(event: EventRef, handle: () => Promise<T>): Promise<EventOutcome<T>> {
    // No read first: a redelivery (rare) answers again for nothing, and every new event saves a statement.
    const result = await handle();
    const now = clock();
    const claimed = rowsOf(
      await db.execute(sql`
        insert into processed_events (source, event_id, seen_at, state, replies, lease_until)
        values (${event.source}, ${event.id}, ${now.toISOString()}::timestamptz, 'answered', ${JSON.stringify(result ?? null)}::jsonb,
                ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz)
        on conflict do nothing
        returning event_id`),
    );
    if (claimed.length === 0) {
      const row = await read(event);
      if (!row) throw new EventBusyError(event);
      return outcomeOf<T>(event, row);
    }
    sweepNowAndThen(now);
    return { kind: 'handled', result };
  }

  return {
    sweep,
    async once<T>(event: EventRef, conversation: string, handle: () => Promise<T>, options: OnceOptions = {}): Promise<EventOutcome<T>> {
      if (options.readOnly) return onceReadOnly(event, handle);
      // No read first: the claim finds a known event itself (it is rare: a
      // redelivery), and each statement saved is one less on every new event.
      const now = clock();
      try {
        const result = await inUnitOfWork(
          db,
          async () => {
            // Across instances, one event per conversation at a time (the signing steps read the
            // previous step's answer): the lock is taken by the same statement that claims the id.
            const claim = db.execute(sql`
              with conversation_lock as (select pg_advisory_xact_lock(hashtextextended(${conversation}, 0)))
              insert into processed_events (source, event_id, seen_at, state)
              select ${event.source}, ${event.id}, ${now.toISOString()}::timestamptz, 'answered' from conversation_lock
              on conflict do nothing
              returning event_id`);
            if (!options.storageOnly) {
              if (rowsOf(await claim).length === 0) throw new AlreadyClaimed();
              options.onClaimed?.();
              return handle();
            }
            // The claim is sent before anything of the handler: it is started first and the handler
            // called once it is on the connection, so the handler's first statements still go out
            // in the claim's write and run after it, under the conversation's lock, without waiting
            // for its answer.
            const claiming = claim.then(rowsOf);
            claiming.catch(noop);
            await startedQueriesSent();
            const handling = handle();
            // Attached now: a handler failing before the claim's answer is not an unhandled rejection.
            const settled = handling.then(noop, noop);
            const claimed = await claiming.catch(async (error: unknown) => {
              await settled;
              throw error;
            });
            if (claimed.length === 0) {
              // A redelivery: everything the handler sends must stay in this transaction, which
              // then rolls back, so it runs to its end before the transaction does.
              await settled;
              throw new AlreadyClaimed();
            }
            options.onClaimed?.();
            return handling;
          },
          // The replies go with COMMIT (see inUnitOfWork): one round trip less on every event.
          (result) =>
            db.execute(sql`
              update processed_events
              set replies = ${JSON.stringify(result ?? null)}::jsonb, lease_until = ${new Date(clock().getTime() + leaseMs).toISOString()}
              where source = ${event.source} and event_id = ${event.id}`),
        );
        sweepNowAndThen(now);
        return { kind: 'handled', result };
      } catch (error) {
        if (!(error instanceof AlreadyClaimed)) throw error;
        const row = await read(event);
        if (!row) throw new EventBusyError(event);
        return outcomeOf<T>(event, row);
      }
    },

    async seen(event) {
      return (await read(event)) !== null;
    },

    delivered: markDelivered,
  };
}

/** At most this many events are marked delivered by one statement. */
const MAX_MARKS = 200;

/**
 * Marks events delivered in groups: every event whose replies went out in the
 * same turn of the event loop is marked by one UPDATE, so a busy bot pays one
 * statement (and one commit) for many events instead of one each. Each caller
 * still waits until its own mark is committed, so "delivered" means what it did.
 */
function createDeliveredMarks(db: Db): (event: EventRef) => Promise<void> {
  return batchPerTurn<EventRef, void>(MAX_MARKS, async (group) => {
    // The keys go in as one JSON parameter, so the statement's text is the same
    // for any group size and stays one prepared statement (prepared-statements.ts).
    const keys = JSON.stringify(group.map(({ item }) => ({ s: item.source, e: item.id })));
    await db.execute(sql`
      update processed_events set state = 'done', replies = null, lease_until = null
      where (source, event_id) in (select k.s, k.e from jsonb_to_recordset(${keys}::jsonb) as k(s text, e text))`);
    for (const waiting of group) waiting.resolve();
  });
}

/** postgres.js parses jsonb; PGlite may too, but be tolerant of text. */
function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
