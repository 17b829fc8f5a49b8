import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Locale } from '../core/index.ts';
import type { NewSignature, SignatureRecord, SignatureStore, SignatureTotals } from '../core/index.ts';
import type { Db } from './database.ts';
import { createSignatureBatcher, insertOnGuess } from './signature-batcher.ts';
import { mayGuess } from './unit-of-work.ts';
import { signatureDaily, signatures, signatureTallies } from './schema.ts';

export function createSignatureRepository(db: Db): SignatureStore {
  const insertBatched = createSignatureBatcher(db);
  const columns = {
    displayName: signatures.displayName,
    nameStyle: signatures.nameStyle,
    country: signatures.country,
    language: signatures.language,
    platform: signatures.platform,
    referral: signatures.referral,
    signedAt: signatures.signedAt,
    state: signatures.state,
  };
  const bySigner = (campaignId: string, signerKey: string) =>
    and(eq(signatures.campaignId, campaignId), eq(signatures.signerKey, signerKey));

  async function find(campaignId: string, signerKey: string): Promise<SignatureRecord | null> {
    const [row] = await db.select(columns).from(signatures).where(bySigner(campaignId, signerKey));
    return row ? toRecord(row) : null;
  }

  return {
    async insert(campaignId, signerKey, signature: NewSignature, guess) {
      // In a unit of work, a guessed outcome lets the row go with COMMIT: one round trip less.
      if (guess && mayGuess()) {
        await insertOnGuess(db, { campaignId, signerKey, signature }, guess);
        return { inserted: true, ...guess };
      }
      const result = await insertBatched({ campaignId, signerKey, signature });
      if (result.inserted) return result;
      const existing = await find(campaignId, signerKey);
      // Withdrawn between our insert and read: the insert lost to a row that is gone now.
      if (!existing) throw new Error('signature vanished during insert');
      return { inserted: false, existing };
    },

    find,

    async delete(campaignId, signerKey) {
      const deleted = await db
        .delete(signatures)
        .where(bySigner(campaignId, signerKey))
        .returning({ id: signatures.id });
      return deleted.length > 0;
    },

    async totals(campaignId): Promise<SignatureTotals> {
      const rows = await db
        .select({
          country: signatureTallies.country,
          platform: signatureTallies.platform,
          n: sql<string>`sum(${signatureTallies.n})`,
        })
        .from(signatureTallies)
        .where(eq(signatureTallies.campaignId, campaignId))
        .groupBy(signatureTallies.country, signatureTallies.platform);
      const totals: SignatureTotals = { total: 0, byCountry: {}, byPlatform: {} };
      for (const row of rows) {
        const n = Number(row.n);
        if (n === 0) continue;
        totals.total += n;
        totals.byCountry[row.country] = (totals.byCountry[row.country] ?? 0) + n;
        totals.byPlatform[row.platform] = (totals.byPlatform[row.platform] ?? 0) + n;
      }
      return totals;
    },

    async eraseNames(campaignId) {
      // The tally trigger on UPDATE counts only changes of state, country,
      // platform or day, so erasing names leaves every count as it is.
      const erased = await db
        .update(signatures)
        .set({ displayName: null, nameStyle: 'anonymous', nameKey: null })
        .where(and(eq(signatures.campaignId, campaignId), isNotNull(signatures.displayName)))
        .returning({ id: signatures.id });
      return erased.length;
    },

    async perDay(campaignId) {
      const rows = await db
        .select({ day: signatureDaily.day, n: sql<string>`sum(${signatureDaily.n})` })
        .from(signatureDaily)
        .where(eq(signatureDaily.campaignId, campaignId))
        .groupBy(signatureDaily.day)
        .orderBy(asc(signatureDaily.day));
      return rows.map((r) => ({ day: r.day, count: Number(r.n) })).filter((r) => r.count > 0);
    },
  };
}

function toRecord(row: Omit<SignatureRecord, 'language'> & { language: string }): SignatureRecord {
  return { ...row, language: row.language as Locale };
}
