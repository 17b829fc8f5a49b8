import { sql } from 'drizzle-orm';
import type { SameNameLookup } from '../core/ports.ts';
import type { Db } from './database.ts';
import { microBatch } from './micro-batch.ts';
import { rowsOf } from './rows.ts';

interface Query {
  campaignId: string;
  nameKey: string;
  country: string;
  platform: string;
  since: Date;
}

/**
 * "Did this name and country sign from another platform lately?", answered
 * from the partial index `signatures_same_name` (campaign, name key, country,
 * time). Concurrent questions share one query, so a burst of signings costs
 * one extra round trip per batch, not per signer.
 */
export function createSameNameLookup(db: Db): SameNameLookup {
  const ask = microBatch(async (queries: Query[]) => {
    const values = sql.join(
      queries.map((q, i) => sql`(${i}::int, ${q.campaignId}, ${q.nameKey}, ${q.country}, ${q.platform}, ${q.since.toISOString()}::timestamptz)`),
      sql`, `,
    );
    const result = await db.execute(sql`
      select q.i from (values ${values}) as q(i, campaign_id, name_key, country, platform, since)
      where exists (
        select 1 from signatures s
        where s.campaign_id = q.campaign_id and s.name_key = q.name_key and s.country = q.country
          and s.signed_at >= q.since and s.platform <> q.platform
      )`);
    const found = new Set(rowsOf<{ i: number | string }>(result).map((row) => Number(row.i)));
    return queries.map((_, i) => found.has(i));
  });
  return {
    signedElsewhere: (campaignId, query) => ask({ campaignId, ...query }),
  };
}
