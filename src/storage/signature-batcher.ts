import { sql } from 'drizzle-orm';
import type { NewSignature } from '../core/ports.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';
import { signatures, signatureTallies } from './schema.ts';

export interface BatchedInsert {
  campaignId: string;
  signerKey: string;
  signature: NewSignature;
}

/** Inserted with the campaign's valid total (including it when it is valid), or not inserted (already signed). */
export type BatchResult = { inserted: true; total: number } | { inserted: false };

const MAX_BATCH = 100;

/**
 * Groups signatures that arrive in the same event-loop turn into one
 * multi-row INSERT ... ON CONFLICT DO NOTHING: one round trip and one commit
 * for many signers. At launch or on delivery day hundreds sign at once, and a
 * commit per signature would make the database, not the bot, the bottleneck.
 * A lone signer waits only for the current turn to end. No batching library
 * fits: this needs per-row conflict results from one Postgres statement.
 */
export function createSignatureBatcher(db: Db): (item: BatchedInsert) => Promise<BatchResult> {
  let pending: Array<BatchedInsert & { resolve(r: BatchResult): void; reject(e: unknown): void }> = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const all = pending;
    pending = [];
    for (let i = 0; i < all.length; i += MAX_BATCH) {
      const batch = all.slice(i, i + MAX_BATCH);
      // One statement per campaign; nearly always there is just one.
      const byCampaign = new Map<string, typeof batch>();
      for (const item of batch) byCampaign.set(item.campaignId, [...(byCampaign.get(item.campaignId) ?? []), item]);
      await Promise.all([...byCampaign].map(([campaignId, items]) => run(campaignId, items)));
    }
  }

  async function run(campaignId: string, items: typeof pending): Promise<void> {
    try {
      const results = await insertMany(db, campaignId, items);
      items.forEach((item, i) => item.resolve(results[i]!));
    } catch (error) {
      if (items.length === 1) return items[0]!.reject(error);
      // One bad row fails the whole statement: retry each on its own so only it fails.
      await Promise.all(items.map((item) => run(campaignId, [item])));
    }
  }

  return (item) =>
    new Promise<BatchResult>((resolve, reject) => {
      pending.push({ ...item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => void flush());
      }
    });
}

async function insertMany(db: Db, campaignId: string, items: BatchedInsert[]): Promise<BatchResult[]> {
  const values = sql.join(
    items.map(({ signerKey, signature: s }) =>
      sql`(${campaignId}, ${signerKey}, ${s.displayName}, ${s.nameStyle}, ${s.country}, ${s.language}, ${s.platform}, ${s.referral}, ${s.signedAt.toISOString()}::timestamptz, ${s.signedOn}::date, ${s.heldRule ? 'held' : 'valid'}, ${s.heldRule ?? null}, ${s.nameKey ?? null})`,
    ),
    sql`, `,
  );
  // The sub-select reads the tallies as they were before this statement (a
  // WITH query shares one snapshot), so the new valid rows are counted on top.
  // The review state was decided before the insert and goes in with the row.
  const result = await db.execute(sql`
    with ins as (
      insert into ${signatures} (campaign_id, signer_key, display_name, name_style, country, language, platform, referral, signed_at, signed_on, state, held_rule, name_key)
      values ${values}
      on conflict (campaign_id, signer_key) do nothing
      returning signer_key
    )
    select (select coalesce(sum(n), 0) from ${signatureTallies} where campaign_id = ${campaignId})::text as before,
           coalesce((select array_agg(signer_key) from ins), '{}') as keys`);
  const row = rowsOf<{ before: string; keys: string[] | string }>(result)[0]!;
  const inserted = new Set(parseKeys(row.keys));
  let total = Number(row.before);
  // A key twice in one batch is inserted once; the later caller sees "already signed".
  // A held signature is not counted: its signer is told the total without it.
  return items.map(({ signerKey, signature }) => {
    if (!inserted.delete(signerKey)) return { inserted: false };
    if (!signature.heldRule) total += 1;
    return { inserted: true, total };
  });
}

/** postgres.js parses text[] into an array; be tolerant of the literal form too. */
function parseKeys(keys: string[] | string): string[] {
  if (Array.isArray(keys)) return keys;
  return keys.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((k) => k.replace(/^"|"$/g, ''));
}
