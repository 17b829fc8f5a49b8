import { sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';
import { batchPerTurn } from './turn-batch.ts';

/** A person's count in the current window, this command included, and when the window ends. */
export interface FloodCount {
  consumed: number;
  msBeforeNext: number;
}

/** At most this many people are counted by one statement. */
const MAX_KEYS = 200;
/** Windows that ended this long ago are deleted (the key is a person's signer key: kept no longer than needed). */
const SWEEP_EVERY_MS = 5 * 60 * 1000;

/**
 * Counts commands per person in fixed windows in the `flood_counters` table,
 * shared by every instance: every command of one event-loop turn is counted
 * by one upsert, with each caller told its own count.
 *
 * Why by hand: rate-limiter-flexible's drizzle store (used before) runs one
 * upsert per command, built with drizzle's query builder each time; that was
 * about a sixth of the bot's CPU per /sign step in the Telegram benchmark.
 * No limiter library batches. The window follows the database's clock
 * (`now()`), one clock for every instance, and the rows have the same shape
 * and keys as the library's, so counts carry over.
 *
 * @example const count = createFloodCounter(db, 10); (await count('flood:key')).consumed
 */
export function createFloodCounter(db: Db, perSeconds: number): (key: string) => Promise<FloodCount> {
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = () =>
    db.execute(sql`delete from flood_counters where expire < now() - interval '1 hour'`).catch(() => {
      // Tried again at the next sweep; an old row only holds a count that no longer matters.
    });

  const count = batchPerTurn<string, FloodCount>(MAX_KEYS, async (group) => {
    const perKey = new Map<string, number>();
    for (const { item } of group) perKey.set(item, (perKey.get(item) ?? 0) + 1);
    const keys = JSON.stringify([...perKey].map(([key, n]) => ({ key, n })));
    // A window that has ended starts again with this turn's commands; one that runs adds them.
    const rows = rowsOf<{ key: string; points: number; ms: number }>(
      await db.execute(sql`
        insert into flood_counters as c (key, points, expire)
        select k.key, k.n, now() + make_interval(secs => ${perSeconds})
        from jsonb_to_recordset(${keys}::jsonb) as k(key text, n int)
        on conflict (key) do update set
          points = case when c.expire <= now() then excluded.points else c.points + excluded.points end,
          expire = case when c.expire <= now() then excluded.expire else c.expire end
        returning c.key, c.points, greatest(0, extract(epoch from c.expire - now()) * 1000)::float8 as ms`),
    );
    const after = new Map(rows.map((row) => [row.key, row]));
    // One person's calls in this group were counted last, in the order they came.
    const counted = new Map<string, number>();
    for (const waiting of group) {
      const row = after.get(waiting.item)!;
      const nth = (counted.get(waiting.item) ?? 0) + 1;
      counted.set(waiting.item, nth);
      waiting.resolve({ consumed: Number(row.points) - perKey.get(waiting.item)! + nth, msBeforeNext: Number(row.ms) });
    }
  });

  return (key) => {
    sweeper ??= setInterval(() => void sweep(), SWEEP_EVERY_MS).unref();
    return count(key);
  };
}
