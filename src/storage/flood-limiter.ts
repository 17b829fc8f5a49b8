/**
 * Flood limits on chat commands per person.
 *
 * Which store: on Postgres the app may run as several instances behind a load
 * balancer, and a per-process count would give a flooding user N times the
 * budget, so the count lives in the `flood_counters` table (flood-counter.ts:
 * one upsert per event-loop turn for everyone counted in it). Once a person
 * is over the limit their key is blocked in this process's memory until the
 * window ends, so a flood does not reach the database at all; and when the
 * database fails, a memory limiter (rate-limiter-flexible) takes over rather
 * than letting everything through or refusing everyone. The embedded PGlite
 * is one process by definition, so it counts in memory and writes nothing.
 *
 * The memory limiter times its windows with the machine clock and the shared
 * count with the database's, not the app's Clock: a flood window is a few
 * seconds long and is never compared with campaign dates, so a test clock set
 * to another day does not affect it.
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { FloodLimiter } from '../core/index.ts';
import type { Database } from './database.ts';
import { createFloodCounter, type FloodCount } from './flood-counter.ts';

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
  const count = createFloodCounter(database.db, limits.perSeconds);
  const insurance = createMemoryFloodLimiter(limits);
  /** Keys over the limit, with the moment (performance.now(), a monotonic timer) their window ends. */
  const blocked = new Map<string, number>();
  return {
    async allow(userKey) {
      const key = `flood:${userKey}`;
      const blockedUntil = blocked.get(key);
      if (blockedUntil !== undefined) return { retryAfterMs: Math.max(0, blockedUntil - performance.now()), notify: false };
      let counted: FloodCount;
      try {
        counted = await count(key);
      } catch {
        return insurance.allow(userKey);
      }
      if (counted.consumed <= limits.commands) return true;
      blocked.set(key, performance.now() + counted.msBeforeNext);
      setTimeout(() => blocked.delete(key), counted.msBeforeNext).unref();
      // As in limiterPort: only the refusal that crossed the limit is told.
      return { retryAfterMs: counted.msBeforeNext, notify: counted.consumed === limits.commands + 1 };
    },
  };
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
