import { and, asc, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Community, ReferralStore } from '../core/index.ts';
import type { Db } from './database.ts';
import { communities, signatures } from './schema.ts';

/**
 * Communities and per-code counts of valid signatures, served by the partial
 * index `signatures_referral` (its predicate is written literally so the
 * planner can match it).
 */
export function createReferralRepository(db: Db): ReferralStore {
  const columns = { code: communities.code, platform: communities.platform, name: communities.name };

  return {
    async saveCommunity(campaignId, community, at) {
      await db
        .insert(communities)
        .values({ campaignId, ...community, createdAt: at })
        .onConflictDoUpdate({ target: [communities.campaignId, communities.code], set: { name: community.name, platform: community.platform } });
    },

    async community(campaignId, code): Promise<Community | null> {
      const [row] = await db.select(columns).from(communities).where(and(eq(communities.campaignId, campaignId), eq(communities.code, code)));
      return row ?? null;
    },

    async communities(campaignId) {
      return db.select(columns).from(communities).where(eq(communities.campaignId, campaignId)).orderBy(asc(communities.createdAt), asc(communities.code));
    },

    async tally(campaignId, options = {}) {
      if (options.codes && options.codes.length === 0) return [];
      const n = count();
      const query = db
        .select({ referral: sql<string>`${signatures.referral}`, n, nations: sql<string>`count(distinct ${signatures.country})` })
        .from(signatures)
        .where(
          and(
            eq(signatures.campaignId, campaignId),
            isNotNull(signatures.referral),
            sql`${signatures.state} = 'valid'`,
            options.codes ? inArray(signatures.referral, [...options.codes]) : undefined,
          ),
        )
        .groupBy(signatures.referral)
        .orderBy(desc(n), asc(signatures.referral));
      const rows = options.limit ? await query.limit(options.limit) : await query;
      return rows.map((r) => ({ referral: r.referral, count: Number(r.n), nations: Number(r.nations) }));
    },

    async perDay(campaignId) {
      const n = count();
      const rows = await db
        .select({ day: signatures.signedOn, n })
        .from(signatures)
        .where(and(eq(signatures.campaignId, campaignId), isNotNull(signatures.referral), sql`${signatures.state} = 'valid'`))
        .groupBy(signatures.signedOn)
        .orderBy(asc(signatures.signedOn));
      return rows.map((r) => ({ day: r.day, count: Number(r.n) }));
    },
  };
}
