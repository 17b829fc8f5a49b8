import { sql, type SQL } from 'drizzle-orm';
import type { InsertGuess, NewSignature } from '../core/index.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';
import { batchPerTurn, type Waiting } from './turn-batch.ts';
import { atCommit, inTransaction, WrongGuess } from './unit-of-work.ts';
import { signatures, signatureTallies } from './schema.ts';

export interface BatchedInsert {
  campaignId: string;
  signerKey: string;
  signature: NewSignature;
}

/** Inserted with its state and the campaign's valid total (including it when it is valid), or not inserted (already signed). */
export type BatchResult = { inserted: true; total: number; state: 'valid' | 'held' } | { inserted: false };

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
  const enqueue = batchPerTurn<BatchedInsert, BatchResult>(MAX_BATCH, async (group) => {
    // One statement per campaign; nearly always there is just one.
    const byCampaign = new Map<string, typeof group>();
    for (const waiting of group) byCampaign.set(waiting.item.campaignId, [...(byCampaign.get(waiting.item.campaignId) ?? []), waiting]);
    await Promise.all([...byCampaign].map(([campaignId, calls]) => run(campaignId, calls)));
  });

  async function run(campaignId: string, calls: Array<Waiting<BatchedInsert, BatchResult>>): Promise<void> {
    try {
      const results = await insertMany(db, campaignId, calls.map((c) => c.item));
      calls.forEach((call, i) => call.resolve(results[i]!));
    } catch (error) {
      if (calls.length === 1) return calls[0]!.reject(error);
      // One bad row fails the whole statement: retry each on its own so only it fails.
      await Promise.all(calls.map((call) => run(campaignId, [call])));
    }
  }

  return async (item) => {
    // Inside a unit of work (a platform event's transaction) the row must
    // commit or roll back with that event, so it is inserted on its own there.
    if (inTransaction()) return (await insertMany(db, item.campaignId, [item]))[0]!;
    return enqueue(item);
  };
}

/**
 * Sends `item`'s row with the COMMIT of the unit of work under way (see
 * `atCommit`), its statement checking `guess`: a row that does not go in,
 * or not in the guessed state, fails it with SQLSTATE NK001 (migration
 * 0021), which fails the unit of work with `WrongGuess`.
 */
export function insertOnGuess(db: Db, item: BatchedInsert, guess: InsertGuess): Promise<void> {
  return atCommit(() =>
    db
      .execute(sql`${insertRows(item.campaignId, [item])}
        select signature_guess_check((select count(*) = 1 from ins where state = ${guess.state}))`)
      .catch((error: unknown) => {
        throw sqlStateOf(error) === 'NK001' ? new WrongGuess('signature insert') : error;
      }),
  );
}

async function insertMany(db: Db, campaignId: string, items: BatchedInsert[]): Promise<BatchResult[]> {
  // The sub-select reads the tallies as they were before this statement (a
  // WITH query shares one snapshot), so the new valid rows are counted on top.
  const result = await db.execute(sql`${insertRows(campaignId, items)}
    select (select coalesce(sum(n), 0) from ${signatureTallies} where campaign_id = ${campaignId})::text as before,
           (select coalesce(json_agg(json_build_object('k', signer_key, 's', state)), '[]'::json) from ins)::text as inserted`);
  const row = rowsOf<{ before: string; inserted: string }>(result)[0]!;
  const states = new Map((JSON.parse(row.inserted) as Array<{ k: string; s: 'valid' | 'held' }>).map(({ k, s }) => [k, s]));
  let total = Number(row.before);
  // A key twice in one batch is inserted once; the later caller sees "already signed".
  // A held signature is not counted: its signer is told the total without it.
  return items.map(({ signerKey }) => {
    const state = states.get(signerKey);
    if (!state) return { inserted: false };
    states.delete(signerKey);
    if (state === 'valid') total += 1;
    return { inserted: true, total, state };
  });
}

/**
 * The WITH query that inserts `items` (unless their signer signed already),
 * its CTE `ins` returning each new row's signer key and state; the caller
 * ends it with a SELECT that reads `ins`.
 */
function insertRows(campaignId: string, items: BatchedInsert[]): SQL {
  const values = sql.join(
    items.map(({ signerKey, signature: s }) => {
      const sameName = s.holdIfSameName && s.nameKey ? s.holdIfSameName : null;
      return sql`(${signerKey}, ${s.displayName}, ${s.nameStyle}, ${s.country}::char(2), ${s.language}, ${s.platform}, ${s.referral}, ${s.signedAt.toISOString()}::timestamptz, ${s.signedOn}::date, ${s.heldRule ?? null}, ${s.nameKey ?? null}, ${sameName?.rule ?? null}, ${sameName ? sameName.since.toISOString() : null}::timestamptz, ${s.receiptDigest ?? null}::bytea, ${s.leaf ?? null}::bytea)`;
    }),
    sql`, `,
  );
  // The review state was decided before the insert and goes in with the row;
  // the one condition only the table can answer (the same name and country
  // from another platform lately) is checked here, in the same statement:
  // "another platform" as two ranges of the signatures_same_name index, so
  // many signers of one common name on the same platform are never scanned.
  // `decided` is materialized because its rule feeds two columns, and an inlined
  // CTE would run both lookups twice per row; the country goes in as char(2),
  // the column's type, so it is part of the index condition instead of a filter
  // on fetched rows.
  return sql`
    with v (signer_key, display_name, name_style, country, language, platform, referral, signed_at, signed_on, held_rule, name_key, same_name_rule, same_name_since, receipt_digest, leaf) as (
      values ${values}
    ),
    decided as materialized (
      select v.*, coalesce(v.held_rule, case when v.same_name_rule is not null and (exists (
        select 1 from ${signatures} s
        where s.campaign_id = ${campaignId} and s.name_key = v.name_key and s.country = v.country
          and s.platform < v.platform and s.signed_at >= v.same_name_since
      ) or exists (
        select 1 from ${signatures} s
        where s.campaign_id = ${campaignId} and s.name_key = v.name_key and s.country = v.country
          and s.platform > v.platform and s.signed_at >= v.same_name_since
      )) then v.same_name_rule end) as rule
      from v
    ),
    ins as (
      insert into ${signatures} (campaign_id, signer_key, display_name, name_style, country, language, platform, referral, signed_at, signed_on, state, held_rule, name_key, receipt_digest, leaf)
      select ${campaignId}, signer_key, display_name, name_style, country, language, platform, referral, signed_at, signed_on,
             case when rule is null then 'valid' else 'held' end, rule, name_key, receipt_digest, leaf
      from decided
      on conflict (campaign_id, signer_key) do nothing
      returning signer_key, state
    )`;
}

/** The SQLSTATE of a driver's error, also when drizzle wrapped it (as its `cause`). */
function sqlStateOf(error: unknown): unknown {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
