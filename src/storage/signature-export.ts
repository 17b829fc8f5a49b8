import { and, asc, eq, gt } from 'drizzle-orm';
import type { SignatureExport, SignatureExportRow } from '../core/index.ts';
import type { Db } from './database.ts';
import { signatures } from './schema.ts';

/** Rows per query: large enough to be quick, small enough that memory stays flat. */
export const EXPORT_BATCH_SIZE = 5_000;

/**
 * Streams a campaign's signatures by keyset pagination on the primary key
 * (`id > last`), which stays as fast on the last page as on the first and
 * needs no open cursor or transaction.
 */
export function createSignatureExport(db: Db, options: { batchSize?: number } = {}): SignatureExport {
  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;
  return {
    async *rows(campaignId): AsyncGenerator<SignatureExportRow> {
      let last = 0;
      for (;;) {
        const batch = await db
          .select({ id: signatures.id, displayName: signatures.displayName, country: signatures.country, signedOn: signatures.signedOn })
          .from(signatures)
          // Only valid signatures are delivered; held and invalid rows are skipped here, in the one query.
          .where(and(eq(signatures.campaignId, campaignId), eq(signatures.state, 'valid'), gt(signatures.id, last)))
          .orderBy(asc(signatures.id))
          .limit(batchSize);
        for (const row of batch) yield { displayName: row.displayName, country: row.country, signedOn: row.signedOn };
        if (batch.length < batchSize) return;
        last = batch[batch.length - 1]!.id;
      }
    },
  };
}
