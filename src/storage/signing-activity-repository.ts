import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { SigningActivity } from '../core/index.ts';
import type { Db } from './database.ts';
import { signingMinutes } from './schema.ts';

/** Counts are kept this long after their minute: the surge rules look back an hour. */
const KEEP_MS = 2 * 3_600_000;

/**
 * The shared per-minute counts of `signing_minutes`: one upsert of what this
 * instance counted (a row per minute and referral code or community, not per
 * signing), one read of everyone's sums, and a sweep of old minutes.
 */
export function createSigningActivityRepository(db: Db): SigningActivity {
  return {
    async exchange(campaignId, counted, since) {
      if (counted.length > 0) {
        await db
          .insert(signingMinutes)
          .values(counted.map((c) => ({ campaignId, minute: c.minute, scope: c.scope, key: c.key, n: c.count })))
          .onConflictDoUpdate({
            target: [signingMinutes.campaignId, signingMinutes.minute, signingMinutes.scope, signingMinutes.key],
            set: { n: sql`${signingMinutes.n} + excluded.n` },
          });
      }
      await db
        .delete(signingMinutes)
        .where(and(eq(signingMinutes.campaignId, campaignId), lt(signingMinutes.minute, new Date(since.getTime() - KEEP_MS / 2))));
      const rows = await db
        .select({ minute: signingMinutes.minute, scope: signingMinutes.scope, key: signingMinutes.key, n: signingMinutes.n })
        .from(signingMinutes)
        .where(and(eq(signingMinutes.campaignId, campaignId), gte(signingMinutes.minute, new Date(Math.floor(since.getTime() / 60_000) * 60_000))));
      return rows.map((r) => ({ minute: r.minute, scope: r.scope, key: r.key, count: Number(r.n) }));
    },
  };
}
