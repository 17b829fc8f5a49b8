import { sql } from 'drizzle-orm';
import type { SendRateLimiter } from '../core/index.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';

export interface PlatformRate {
  /** Sends per second for the bot as a whole, across every instance. */
  perSecond: number;
  /** How many may go at once after a quiet spell. */
  burst: number;
}

/**
 * A token bucket per platform in one Postgres row. Each send takes a token
 * in one UPDATE; when the bucket is empty the taker waits off its debt, so
 * instances share the rate between them. A pause (a 429) empties it. Uses
 * the server's clock (real time), since this paces real sends. Platforms without a rate (Discord,
 * Slack: their libraries queue) are not limited here.
 */
export function createSendRateLimiter(db: Db, rates: Record<string, PlatformRate>): SendRateLimiter {
  const ready = new Set<string>();

  return {
    async acquire(platform) {
      const rate = rates[platform];
      if (!rate) return 0;
      if (!ready.has(platform)) {
        await db.execute(sql`insert into send_rates (platform, tokens, updated_at) values (${platform}, ${rate.burst}, clock_timestamp()) on conflict (platform) do nothing`);
        ready.add(platform);
      }
      const [row] = rowsOf<{ tokens: number; paused_ms: number | null }>(
        await db.execute(sql`
          update send_rates
          set tokens = least(${rate.burst}::float8, tokens + greatest(0, extract(epoch from clock_timestamp() - updated_at)) * ${rate.perSecond}::float8) - 1,
              updated_at = greatest(updated_at, clock_timestamp())
          where platform = ${platform}
          returning tokens, greatest(0, extract(epoch from paused_until - clock_timestamp()) * 1000)::float8 as paused_ms`),
      );
      const tokens = Number(row?.tokens ?? 0);
      const debtMs = tokens < 0 ? (-tokens / rate.perSecond) * 1000 : 0;
      // The bucket refills only after a pause, so debt is paid after it too.
      return Number(row?.paused_ms ?? 0) + debtMs;
    },

    async pause(platform, ms) {
      // The bucket is emptied and refills only from the end of the pause, so
      // sending resumes at the steady rate rather than with a burst: a burst
      // right after a 429 meets the platform's own bucket just as empty as
      // ours and earns the next 429 (each costing every instance retry_after).
      await db.execute(sql`
        insert into send_rates (platform, tokens, updated_at, paused_until)
        values (${platform}, 0, clock_timestamp() + ${ms} * interval '1 millisecond', clock_timestamp() + ${ms} * interval '1 millisecond')
        on conflict (platform) do update
        set paused_until = greatest(coalesce(send_rates.paused_until, excluded.paused_until), excluded.paused_until),
            tokens = least(send_rates.tokens, 0),
            updated_at = greatest(send_rates.updated_at, excluded.paused_until)`);
    },
  };
}
