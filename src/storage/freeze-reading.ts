import { sql, type SQL } from 'drizzle-orm';
import type { FreezeReading, SnapshotRow } from '../core/index.ts';
import type { Db } from './database.ts';
import { readAhead } from './read-ahead.ts';
import { rowsOf } from './rows.ts';
import { detached } from './unit-of-work.ts';

/** The snapshot a freeze exported (pg_export_snapshot), and what the freeze selects. */
export interface FrozenView {
  exported: string;
  /** The freeze's selection, as a condition on `signatures s`. */
  selection: SQL;
  batchSize: number;
}

/** What pg_export_snapshot returns: hex groups joined by dashes (it goes into SET TRANSACTION, which takes no parameter). */
const SNAPSHOT_ID = /^[0-9A-F]+(-[0-9A-F]+)+$/i;

/**
 * Reads the rows a freeze is copying, on a connection of their own, through
 * the snapshot the freeze exported: the same rows the freeze copies (each
 * country's in the order it numbers them), while it copies them and builds
 * the tree. Resolves once the snapshot is imported (the freeze may then go
 * on and end); hands the reading to `onReading` once the counts are known.
 * One cursor over every country, largest first: the database sorts once, a
 * pack draws the countries in that order, and the few files that wait for
 * the freeze's fingerprint are the ones that took longest to draw.
 */
export function readWhileFreezing(db: Db, view: FrozenView, onReading: (reading: FreezeReading) => void): Promise<void> {
  if (!SNAPSHOT_ID.test(view.exported)) return Promise.reject(new Error(`not a snapshot id: ${view.exported}`));
  let imported!: () => void;
  let failed!: (error: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    imported = resolve;
    failed = reject;
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  // Outside any unit of work: this transaction is the reading's own, and outlives the freeze's.
  const transaction = detached(() =>
    db.transaction(
      async (tx) => {
        await tx.execute(sql.raw(`set transaction snapshot '${view.exported}'`));
        imported();
        const byCountry: Record<string, number> = {};
        for (const r of rowsOf<{ country: string; n: number | string }>(
          await tx.execute(sql`select s.country, count(*)::int as n from signatures s where ${view.selection} group by s.country`),
        )) {
          byCountry[r.country] = Number(r.n);
        }
        const countries = Object.keys(byCountry).sort((a, b) => byCountry[b]! - byCountry[a]! || (a < b ? -1 : 1));
        await tx.execute(sql`
          declare frozen_rows no scroll cursor for
          select s.display_name as "displayName", s.country, s.signed_on::text as "signedOn"
          from signatures s join jsonb_array_elements_text(${JSON.stringify(countries)}::jsonb) with ordinality as o (country, place) on o.country = s.country::text
          where ${view.selection} order by o.place, s.id`);
        const fetch = () => tx.execute(sql.raw(`fetch forward ${view.batchSize} from frozen_rows`)).then((result) => rowsOf<SnapshotRow>(result));
        onReading({
          byCountry,
          countries,
          async *rows() {
            try {
              // The next batch is asked for before this one is drawn: the server reads it meanwhile.
              for await (const batch of readAhead(fetch, (last) => last.length === view.batchSize)) if (batch.length > 0) yield batch;
            } finally {
              release();
            }
          },
          async close() {
            release();
            await transaction.catch(() => {});
          },
        });
        await released;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    ),
  );
  // Before the import this fails the freeze too; after it, the reader's next fetch reports it.
  transaction.catch(failed);
  return ready;
}
