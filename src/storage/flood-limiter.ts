/**
 * Flood limits on chat commands per person, with rate-limiter-flexible (a
 * maintained limiter with both stores we need).
 *
 * Which store: on Postgres the app may run as several instances behind a load
 * balancer, and a per-process count would give a flooding user N times the
 * budget, so the count lives in the `flood_counters` table (one atomic upsert
 * per command, on the drizzle connection the app already has). Once a person
 * is over the limit their key is blocked in this process's memory until the
 * window ends, so a flood does not reach the database at all; and when the
 * database fails, a memory limiter takes over rather than letting everything
 * through or refusing everyone. The embedded PGlite is one process by
 * definition, so it counts in memory and writes nothing.
 *
 * The library times its windows with the machine clock, not the app's Clock:
 * a flood window is a few seconds long and is never compared with campaign
 * dates, so a test clock set to another day does not affect it.
 */
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { FloodLimiter } from '../core/index.ts';
import type { Database } from './database.ts';
import { floodCounters } from './schema.ts';

export interface FloodLimits {
  /** Commands (messages, button presses) a person may send... */
  commands: number;
  /** ...in this many seconds. */
  perSeconds: number;
}

/**
 * A signing dialogue is five quick answers and a person reading THE LIST
 * presses "next" a few times a minute; a script sends dozens a second.
 */
export const DEFAULT_FLOOD_LIMITS: FloodLimits = { commands: 12, perSeconds: 10 };

/**
 * The limiter for this database: shared through Postgres, in memory on PGlite.
 *
 * @example const flood = createFloodLimiter(app.database); if ((await flood.allow(core.keyOf(who))) !== true) ...
 */
export function createFloodLimiter(database: Pick<Database, 'db' | 'driver'>, limits: FloodLimits = DEFAULT_FLOOD_LIMITS): FloodLimiter {
  if (database.driver === 'pglite') return createMemoryFloodLimiter(limits);
  const options = { keyPrefix: 'flood', points: limits.commands, duration: limits.perSeconds };
  return limiterPort(
    new RateLimiterDrizzle({
      ...options,
      storeClient: database.db,
      schema: floodCounters,
      inMemoryBlockOnConsumed: limits.commands + 1,
      insuranceLimiter: new RateLimiterMemory(options),
    }),
    limits,
  );
}

/**
 * Counts in this process only: one instance, or tests.
 *
 * @example const flood = createMemoryFloodLimiter({ commands: 3, perSeconds: 10 })
 */
export function createMemoryFloodLimiter(limits: FloodLimits = DEFAULT_FLOOD_LIMITS): FloodLimiter {
  return limiterPort(new RateLimiterMemory({ keyPrefix: 'flood', points: limits.commands, duration: limits.perSeconds }), limits);
}

function limiterPort(limiter: RateLimiterAbstract, limits: FloodLimits): FloodLimiter {
  return {
    async allow(userKey) {
      try {
        await limiter.consume(userKey);
        return true;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        // The one refusal that crossed the limit says so; the rest of the burst is ignored
        // quietly, or answering a flood would double it.
        return { retryAfterMs: Math.max(0, refusal.msBeforeNext), notify: refusal.consumedPoints === limits.commands + 1 };
      }
    },
  };
}
