import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, lt, max, min, ne, or, type SQL } from 'drizzle-orm';
import type { ReviewCounts, ReviewedSignature, ReviewSelection, ReviewStore, SignatureState } from '../core/index.ts';
import type { Db } from './database.ts';
import { signatures } from './schema.ts';

const reviewedColumns = {
  id: signatures.id,
  displayName: signatures.displayName,
  nameStyle: signatures.nameStyle,
  country: signatures.country,
  platform: signatures.platform,
  referral: signatures.referral,
  signedAt: signatures.signedAt,
  state: signatures.state,
  heldRule: signatures.heldRule,
};

/** Signatures read per query when looking a receipt code up. */
const SCAN_PAGE = 5_000;

/**
 * Review on the one signatures table. Each change is a single conditional
 * UPDATE (the state it changes from is in its WHERE), so when two staff
 * members approve the same batch at once the second statement waits for the
 * first's row locks, re-checks the condition, and changes nothing: one effect,
 * and each caller learns how many rows it changed. The tally trigger follows
 * every change of state. Nothing here deletes a row.
 */
export function createReviewRepository(db: Db): ReviewStore {
  return {
    async heldGroups(campaignId, sampleSize) {
      const held = and(eq(signatures.campaignId, campaignId), eq(signatures.state, 'held'));
      const groups = await db
        .select({ rule: signatures.heldRule, n: count(), firstAt: min(signatures.signedAt), lastAt: max(signatures.signedAt) })
        .from(signatures)
        .where(held)
        .groupBy(signatures.heldRule)
        .orderBy(desc(count()), asc(signatures.heldRule));
      return Promise.all(
        groups.map(async (group) => ({
          rule: group.rule!,
          count: Number(group.n),
          firstAt: group.firstAt!,
          lastAt: group.lastAt!,
          sample: sampleSize > 0 ? await sample(db, and(held, eq(signatures.heldRule, group.rule!))!, sampleSize) : [],
        })),
      );
    },

    async heldCount(campaignId) {
      const [row] = await db
        .select({ n: count() })
        .from(signatures)
        .where(and(eq(signatures.campaignId, campaignId), eq(signatures.state, 'held')));
      return Number(row?.n ?? 0);
    },

    async count(campaignId, selection, states) {
      const [row] = await db
        .select({ n: count() })
        .from(signatures)
        .where(and(matching(campaignId, selection), inArray(signatures.state, states)));
      return Number(row?.n ?? 0);
    },

    async approve(campaignId, selection, stamp) {
      const changed = await db
        .update(signatures)
        .set({ state: 'valid', reviewedBy: stamp.actor, reviewedAt: stamp.at })
        .where(and(matching(campaignId, selection), eq(signatures.state, 'held')))
        .returning({ id: signatures.id });
      return changed.length;
    },

    async invalidate(campaignId, selection, from, reason, stamp) {
      const states = from.filter((state): state is Exclude<SignatureState, 'invalid'> => state !== 'invalid');
      if (states.length === 0) return 0;
      const changed = await db
        .update(signatures)
        .set({ state: 'invalid', invalidReason: reason, reviewedBy: stamp.actor, reviewedAt: stamp.at })
        .where(and(matching(campaignId, selection), inArray(signatures.state, states)))
        .returning({ id: signatures.id });
      return changed.length;
    },

    async get(campaignId, id) {
      const [row] = await db
        .select(reviewedColumns)
        .from(signatures)
        .where(and(eq(signatures.campaignId, campaignId), eq(signatures.id, id)));
      return row ?? null;
    },

    async findId(campaignId, matches) {
      // Keyset pages by id: memory stays flat however many signatures there are.
      let after = 0;
      for (;;) {
        const page = await db
          .select({ id: signatures.id, signerKey: signatures.signerKey })
          .from(signatures)
          .where(and(eq(signatures.campaignId, campaignId), gt(signatures.id, after)))
          .orderBy(asc(signatures.id))
          .limit(SCAN_PAGE);
        for (const row of page) if (matches(row.signerKey)) return row.id;
        if (page.length < SCAN_PAGE) return null;
        after = page[page.length - 1]!.id;
      }
    },

    async redactName(campaignId, id, expected, initials) {
      // Compare-and-set on the name: a signer who withdrew or a second staff member got there first.
      const changed = await db
        .update(signatures)
        .set({ displayName: initials, nameStyle: 'initials', nameKey: null })
        .where(
          and(
            eq(signatures.campaignId, campaignId),
            eq(signatures.id, id),
            eq(signatures.nameStyle, 'full'),
            eq(signatures.displayName, expected),
          ),
        )
        .returning({ id: signatures.id });
      return changed.length > 0;
    },

    async counts(campaignId) {
      // The WHERE repeats the partial index's predicate, so only reviewed rows are read.
      const rows = await db
        .select({ state: signatures.state, rule: signatures.heldRule, reason: signatures.invalidReason, n: count() })
        .from(signatures)
        .where(and(eq(signatures.campaignId, campaignId), or(ne(signatures.state, 'valid'), isNotNull(signatures.heldRule))))
        .groupBy(signatures.state, signatures.heldRule, signatures.invalidReason);
      const counts: ReviewCounts = {
        held: { total: 0, byRule: {} },
        invalid: { total: 0, byReason: {} },
        approved: { total: 0, byRule: {} },
      };
      for (const row of rows) {
        const n = Number(row.n);
        if (row.state === 'held') add(counts.held, counts.held.byRule, row.rule ?? 'unknown', n);
        else if (row.state === 'invalid') add(counts.invalid, counts.invalid.byReason, row.reason ?? 'other', n);
        else add(counts.approved, counts.approved.byRule, row.rule ?? 'unknown', n);
      }
      return counts;
    },
  };
}

function add(group: { total: number }, by: Record<string, number>, key: string, n: number): void {
  group.total += n;
  by[key] = (by[key] ?? 0) + n;
}

function sample(db: Db, where: SQL, limit: number): Promise<ReviewedSignature[]> {
  return db.select(reviewedColumns).from(signatures).where(where).orderBy(desc(signatures.signedAt), desc(signatures.id)).limit(limit);
}

/** The selection as SQL; the service guarantees at least one criterion, so this never means "everything". */
function matching(campaignId: string, selection: ReviewSelection): SQL {
  const conditions: SQL[] = [eq(signatures.campaignId, campaignId)];
  if (selection.ids) conditions.push(inArray(signatures.id, selection.ids.length > 0 ? selection.ids : [-1]));
  if (selection.rule) conditions.push(eq(signatures.heldRule, selection.rule));
  if (selection.referral) conditions.push(eq(signatures.referral, selection.referral));
  if (selection.from) conditions.push(gte(signatures.signedAt, selection.from));
  if (selection.to) conditions.push(lt(signatures.signedAt, selection.to));
  return and(...conditions)!;
}
