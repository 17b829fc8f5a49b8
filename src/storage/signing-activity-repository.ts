import { sql } from 'drizzle-orm';
import type { SigningActivity } from '../core/ports.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';

/**
 * Signings per minute and referral code since an instant, from the
 * `(campaign_id, signed_at)` index: the surge rule's view of every instance.
 * Minutes are cut on the epoch, not in the session's time zone.
 */
export function createSigningActivityRepository(db: Db): SigningActivity {
  return {
    async signingsSince(campaignId, since) {
      const result = await db.execute(sql`
        select (floor(extract(epoch from signed_at) / 60) * 60000)::bigint::text as minute, referral, count(*)::int as n
        from signatures
        where campaign_id = ${campaignId} and signed_at >= ${since.toISOString()}::timestamptz
        group by 1, 2`);
      return rowsOf<{ minute: string; referral: string | null; n: number | string }>(result).map((row) => ({
        minute: new Date(Number(row.minute)),
        referral: row.referral,
        count: Number(row.n),
      }));
    },
  };
}
