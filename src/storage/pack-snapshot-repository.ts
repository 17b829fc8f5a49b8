import { sql, type SQL } from 'drizzle-orm';
import type { FreezeReading, FreezeRequest, FrozenContext, PackSnapshot, PackSnapshotStore, SnapshotRow } from '../core/index.ts';
import { MerkleBuilder } from '../core/index.ts';
import { LEAF_FORMAT_VERSION } from '../core/index.ts';
import type { Db } from './database.ts';
import { readWhileFreezing } from './freeze-reading.ts';
import { readAhead } from './read-ahead.ts';
import { rowsOf } from './rows.ts';

/** Rows per read while filling in receipt digests, building the tree and drawing a pack: memory stays flat (tests pass a small one to cross batches). */
export const SNAPSHOT_BATCH_SIZE = 5_000;

/** Tree nodes a pack_snapshot_nodes row holds (32 bytes each): migration 0012 uses the same number. */
export const TREE_CHUNK_NODES = 1_024;
const HASH_BYTES = 32;
/**
 * The levels above the leaves inside one run of leaves (log2 of
 * TREE_CHUNK_NODES): a node on levels 1 to 9 covers leaves of one run only,
 * so it is not stored but hashed again from its run when a proof needs it
 * (at most 1,023 hashes, about a millisecond). Storing them was half of the
 * tree's bytes, and writing them a tenth of a pack's time.
 */
const LEVELS_IN_A_RUN = Math.log2(TREE_CHUNK_NODES);

/**
 * THE selection of signatures that go into a snapshot (as a condition on
 * `signatures s`): every signature of the campaign made up to the freeze
 * instant that review left valid.
 */
function inSnapshot(campaignId: string, frozenAt: Date): SQL {
  // Valid signatures only: held ones wait for review, invalid ones were set aside (issue 12).
  return sql`s.campaign_id = ${campaignId} and s.state = 'valid' and s.signed_at <= ${frozenAt.toISOString()}::timestamptz`;
}

/**
 * Country codes in byte order ("C" collation, as JavaScript's sort() orders
 * them) as a number: two ASCII capitals (the codes are ISO 3166 alpha-2,
 * checked at signing). A freeze sorts every row by it; an integer sorts
 * faster than a collated char(2): 173 ms instead of 204 ms for the whole
 * insert of 100,000 rows. A code outside A-Z would break the order, and
 * rowBatches would then fail on rows of another country, not print them.
 */
const countryOrder = sql`(ascii(s.country) * 256 + ascii(substr(s.country, 2, 1)))`;

// The leaf below is leaf format version 1, and so are the leaves signing keeps (signatures.leaf):
// a new version needs a new expression (and its test), and no longer copies the kept ones.
if (LEAF_FORMAT_VERSION !== 1) throw new Error(`pack-snapshot-repository makes leaves of format 1, not ${LEAF_FORMAT_VERSION}`);

/**
 * The leaf of a `signatures s` row by leaf format version 1 (src/core/receipt.ts):
 * SHA-256(0x00 || UTF-8 of "petition-leaf-v1\n<campaign>\n<receipt digest, hex>\n<country>\n<signed on>"),
 * made in the database so a freeze sends no row to the app and back. The
 * port contract checks it against receipt.ts's signatureLeaf on every driver.
 */
const leafOfRow = sql`sha256(decode('00', 'hex') || convert_to(
  'petition-leaf-v1' || chr(10) || s.campaign_id || chr(10) || encode(s.receipt_digest, 'hex') || chr(10) || s.country || chr(10) || to_char(s.signed_on, 'YYYY-MM-DD'),
  'UTF8'))`;

/**
 * Signatures stored without a receipt digest (made before signing kept it)
 * get it now, a batch at a time: only the app holds the secret it comes from.
 */
async function fillReceiptDigests(tx: Db, request: FreezeRequest, batchSize: number): Promise<void> {
  for (;;) {
    const missing = rowsOf<{ id: number | string; signer_key: string }>(
      await tx.execute(sql`
        select s.id, s.signer_key from signatures s
        where ${inSnapshot(request.campaignId, request.frozenAt)} and s.receipt_digest is null
        order by s.id limit ${batchSize}`),
    );
    if (missing.length === 0) return;
    const digests = JSON.stringify(missing.map((r) => ({ i: Number(r.id), r: request.receiptDigestOf(r.signer_key).toString('hex') })));
    await tx.execute(sql`
      update signatures s set receipt_digest = decode(x.r, 'hex')
      from jsonb_to_recordset(${digests}::jsonb) as x(i bigint, r text)
      where s.id = x.i`);
    if (missing.length < batchSize) return;
  }
}

interface HeaderRow {
  id: number;
  campaign_id: string;
  frozen_at: string | Date;
  final: boolean;
  total: number;
  by_country: Record<string, number> | string;
  merkle_root: string;
  leaf_version: number;
  context: FrozenContext | string;
}

/**
 * Snapshots in Postgres. A freeze copies the signatures into the snapshot
 * with their leaves in one statement (the database hashes; receipt digests
 * are kept from signing on), has the database write the sorted leaves as the
 * tree's level 0, then reads them back and builds the levels above in the
 * app, writing the levels above a run's (LEVELS_IN_A_RUN) in runs of
 * TREE_CHUNK_NODES nodes: the app never holds the whole tree or the rows.
 */
export function createPackSnapshotRepository(db: Db, options: { batchSize?: number; readWhileFreezing?: boolean } = {}): PackSnapshotStore {
  const batchSize = options.batchSize ?? SNAPSHOT_BATCH_SIZE;
  async function header(where: SQL): Promise<PackSnapshot | null> {
    const [row] = rowsOf<HeaderRow>(await db.execute(sql`select * from pack_snapshots where ${where} limit 1`));
    return row ? toSnapshot(row) : null;
  }

  /** Per snapshot, where each country's rows start and how many there are, from its header (headers never change). */
  const ranges = new Map<number, Map<string, { start: number; count: number }>>();
  async function countryRanges(snapshotId: number): Promise<Map<string, { start: number; count: number }>> {
    let known = ranges.get(snapshotId);
    if (!known) {
      const [row] = rowsOf<Pick<HeaderRow, 'by_country'>>(await db.execute(sql`select by_country from pack_snapshots where id = ${snapshotId}`));
      const byCountry = row ? parseJson<Record<string, number>>(row.by_country) : {};
      known = new Map();
      // The order the freeze numbered them in: country codes in byte order ("C" collation), as sort() orders them.
      let start = 0;
      for (const cc of Object.keys(byCountry).sort()) {
        known.set(cc, { start, count: Number(byCountry[cc]) });
        start += Number(byCountry[cc]);
      }
      // A pack reads one or two snapshots; keep a few.
      if (ranges.size >= 8) ranges.clear();
      if (row) ranges.set(snapshotId, known);
    }
    return known;
  }

  return {
    async freeze(request: FreezeRequest, onReading?: (reading: FreezeReading) => void) {
      // Signatures stored without a receipt digest get theirs first, in a transaction of their own: the
      // freeze below reads one view of the database, and a reading of its rows shares that view.
      await db.transaction((tx) => fillReceiptDigests(tx as unknown as Db, request, batchSize));
      // Repeatable read: every statement of the freeze, and a reading of its rows (readWhileFreezing),
      // sees the signatures as they were when its first query ran, after the lock below.
      return db.transaction(async (tx) => {
        // One freeze at a time, on every instance and whatever the campaign (the mode conflicts with
        // itself): the second one sees the first's final snapshot. Two freezes attaching or dropping
        // partitions at once would also each wait for the other's lock on the table. Reads are not held
        // up by this mode. Taken first: a repeatable read transaction's view is fixed by its first query.
        await tx.execute(sql`lock table pack_snapshot_rows in share update exclusive mode`);
        // The freeze sorts every row twice (signing order, leaf order): in memory rather than through
        // temporary files at the default 4 MB. One freeze runs at a time, and only for this transaction.
        await tx.execute(sql`set local work_mem = '64MB'`);
        if (request.final) {
          const [existing] = rowsOf<HeaderRow>(
            await tx.execute(sql`select * from pack_snapshots where campaign_id = ${request.campaignId} and final limit 1`),
          );
          if (existing) return { snapshot: toSnapshot(existing), created: false };
        }
        const [created] = rowsOf<{ id: number }>(
          await tx.execute(sql`
            insert into pack_snapshots (campaign_id, frozen_at, final, total, by_country, merkle_root, leaf_version, context)
            values (${request.campaignId}, ${request.frozenAt.toISOString()}, ${request.final}, 0, '{}'::jsonb, '', ${LEAF_FORMAT_VERSION}, ${JSON.stringify(request.context)}::jsonb)
            returning id`),
        );
        const id = Number(created!.id);
        if (onReading && options.readWhileFreezing) {
          const [exported] = rowsOf<{ id: string }>(await tx.execute(sql`select pg_export_snapshot() as id`));
          await readWhileFreezing(db, { exported: exported!.id, selection: inSnapshot(request.campaignId, request.frozenAt), batchSize }, onReading);
        }
        // The snapshot's rows go into a table of their own with no index yet, attached afterwards as its
        // partition of pack_snapshot_rows (migration 0018): Postgres then builds each index in one pass.
        const partition = sql.raw(partitionName(id));
        await tx.execute(sql`create table ${partition} (like pack_snapshot_rows)`);
        // One statement, one view of the table: rows go in already in country order, each with its leaf
        // (kept at signing, or made here for a row signed before leaves were kept), and come back counted
        // by country. A leaf's tree position is not stored with it (it is known only once all leaves are
        // sorted): findLeaf looks it up in the tree.
        const byCountry: Record<string, number> = {};
        let total = 0;
        for (const r of rowsOf<{ country: string; n: number | string }>(
          await tx.execute(sql`
            with frozen as (
              insert into ${partition} (snapshot_id, seq, country, display_name, signed_on, receipt_digest, leaf)
              select ${id}, (row_number() over (order by ${countryOrder}, s.id) - 1)::int, s.country, s.display_name, s.signed_on, s.receipt_digest, coalesce(s.leaf, ${leafOfRow})
              from signatures s
              where ${inSnapshot(request.campaignId, request.frozenAt)}
              returning country
            )
            select country, count(*)::int as n from frozen group by country`),
        )) {
          byCountry[r.country] = Number(r.n);
          total += Number(r.n);
        }
        await tx.execute(sql`alter table pack_snapshot_rows attach partition ${partition} for values in (${sql.raw(String(id))})`);

        const root = await buildTree(tx as unknown as Db, id, batchSize);
        const [row] = rowsOf<HeaderRow>(
          await tx.execute(sql`
            update pack_snapshots set total = ${total}, by_country = ${JSON.stringify(byCountry)}::jsonb, merkle_root = ${root}
            where id = ${id} returning *`),
        );
        // Older interim snapshots keep their header (their root was printed) but not their rows:
        // less to keep, and signers who withdrew since are gone from the database too.
        const older = rowsOf<{ id: number }>(
          await tx.execute(sql`
            select s.id from pack_snapshots s
            join pg_inherits i on i.inhparent = 'pack_snapshot_rows'::regclass
            join pg_class c on c.oid = i.inhrelid and c.relname = 'pack_snapshot_rows_' || s.id
            where s.campaign_id = ${request.campaignId} and not s.final and s.id < ${id}`),
        );
        if (older.length > 0) {
          // Dropping a partition locks its parent too. The parent first, as every read locks them: a read
          // of the snapshot being dropped, between the two locks, would otherwise deadlock with this.
          await tx.execute(sql`lock table pack_snapshot_rows in access exclusive mode`);
          await tx.execute(sql.raw(`drop table ${older.map((o) => partitionName(Number(o.id))).join(', ')}`));
        }
        await tx.execute(sql`
          delete from pack_snapshot_nodes where snapshot_id in (select id from pack_snapshots where campaign_id = ${request.campaignId} and not final and id < ${id})`);
        return { snapshot: toSnapshot(row!), created: true };
      }, { isolationLevel: 'repeatable read' });
    },

    latest(campaignId) {
      // The final snapshot once it exists, whatever came after; otherwise the newest.
      return header(sql`campaign_id = ${campaignId} order by final desc, id desc`);
    },

    final(campaignId) {
      return header(sql`campaign_id = ${campaignId} and final`);
    },

    async *rowBatches(snapshotId, country): AsyncGenerator<SnapshotRow[]> {
      const range = (await countryRanges(snapshotId)).get(country);
      if (!range) {
        yield [];
        return;
      }
      const end = range.start + range.count;
      // A country's rows are the seq range [start, end) with no gap: a batch from `from` ends at from + its length.
      // Columns come named as SnapshotRow's fields, so rows are handed on as they are parsed.
      const fetchFrom = async (from: number) => {
        const rows = rowsOf<SnapshotRow>(
          await db.execute(sql`
            select display_name as "displayName", country, signed_on::text as "signedOn" from pack_snapshot_rows
            where snapshot_id = ${snapshotId} and seq >= ${from} and seq < ${end}
            order by seq limit ${batchSize}`),
        );
        if (rows.some((r) => r.country !== country)) throw new Error(`snapshot ${snapshotId} has rows of another country among ${country}'s`);
        // Short of the range: a later freeze removed this interim snapshot's rows (maybe while a pack drew them).
        if (rows.length !== Math.min(batchSize, end - from)) throw new Error(`snapshot ${snapshotId} no longer has its rows (a later freeze removed them): make the pack again`);
        return rows;
      };
      let from = range.start;
      // The next batch is asked for before this one is drawn: the server reads it meanwhile.
      yield* readAhead(
        () => fetchFrom(from),
        (last) => {
          from += last.length;
          return last.length === batchSize && from < end;
        },
      );
    },

    async findLeaf(snapshotId, digest) {
      const [row] = rowsOf<{ leaf: string }>(
        await db.execute(sql`
          select encode(leaf, 'hex') as leaf from pack_snapshot_rows
          where snapshot_id = ${snapshotId} and receipt_digest = decode(${digest.toString('hex')}, 'hex')`),
      );
      if (!row) return null;
      const leaf = Buffer.from(row.leaf, 'hex');
      // The leaf's position: the run of sorted leaves (level 0) that starts at or before it, then a binary search in that run.
      const [run] = rowsOf<{ idx: number; hashes: string }>(
        await db.execute(sql`
          select idx, encode(hashes, 'hex') as hashes from pack_snapshot_nodes
          where snapshot_id = ${snapshotId} and level = 0 and substring(hashes from 1 for ${HASH_BYTES}) <= decode(${row.leaf}, 'hex')
          order by idx desc limit 1`),
      );
      const hashes = run ? Buffer.from(run.hashes, 'hex') : Buffer.alloc(0);
      let low = 0;
      let high = hashes.length / HASH_BYTES - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const order = hashes.compare(leaf, 0, HASH_BYTES, mid * HASH_BYTES, (mid + 1) * HASH_BYTES);
        if (order === 0) return { leafIndex: Number(run!.idx) * TREE_CHUNK_NODES + mid, leaf };
        if (order < 0) low = mid + 1;
        else high = mid - 1;
      }
      throw new Error(`snapshot ${snapshotId} has a row whose leaf is not in its tree`);
    },

    async nodes(snapshotId, positions) {
      if (positions.length === 0) return [];
      const inRuns = await nodesInRuns(
        db,
        snapshotId,
        positions.filter((p) => p.level > 0 && p.level < LEVELS_IN_A_RUN),
      );
      const stored = positions.filter((p) => p.level === 0 || p.level >= LEVELS_IN_A_RUN);
      const wanted = sql.join(
        stored.map((p) => sql`(${p.level}::smallint, ${Math.floor(p.index / TREE_CHUNK_NODES)}::int, ${(p.index % TREE_CHUNK_NODES) * HASH_BYTES + 1}::int, ${p.index}::int)`),
        sql`, `,
      );
      // Only each node's 32 bytes leave the server, not its whole run.
      const found = stored.length === 0 ? [] : rowsOf<{ level: number; idx: number; hash: string }>(
        await db.execute(sql`
          select p.level, p.idx, encode(substring(n.hashes from p.start for ${HASH_BYTES}), 'hex') as hash
          from (values ${wanted}) as p(level, run, start, idx)
          join pack_snapshot_nodes n on n.snapshot_id = ${snapshotId} and n.level = p.level and n.idx = p.run`),
      );
      const byPosition = new Map([...found.map((n): [string, string] => [`${n.level}:${n.idx}`, n.hash]), ...inRuns]);
      return positions.map((p) => {
        const hash = byPosition.get(`${p.level}:${p.index}`);
        if (!hash || hash.length !== HASH_BYTES * 2) throw new Error(`snapshot ${snapshotId} has no tree node ${p.level}:${p.index}`);
        return Buffer.from(hash, 'hex');
      });
    },

    async eraseNames(campaignId) {
      const erased = rowsOf(
        await db.execute(sql`
          update pack_snapshot_rows r set display_name = null
          from pack_snapshots s
          where s.id = r.snapshot_id and s.campaign_id = ${campaignId} and r.display_name is not null
          returning r.seq`),
      );
      return erased.length;
    },
  };
}

/** The partition of pack_snapshot_rows that holds one snapshot's rows (migration 0018). */
function partitionName(snapshotId: number): string {
  if (!Number.isSafeInteger(snapshotId) || snapshotId < 1) throw new Error(`not a snapshot id: ${snapshotId}`);
  return `pack_snapshot_rows_${snapshotId}`;
}

/**
 * Nodes on the levels inside a run (1 to LEVELS_IN_A_RUN - 1), hashed again
 * from their run of leaves, by "level:index" as hex. A node there covers the
 * leaves of one run, and the tree's last run is built as the whole tree is:
 * a node without a partner carried up unchanged.
 */
async function nodesInRuns(db: Db, snapshotId: number, positions: ReadonlyArray<{ level: number; index: number }>): Promise<Array<[string, string]>> {
  if (positions.length === 0) return [];
  const runOf = (p: { level: number; index: number }) => p.index >> (LEVELS_IN_A_RUN - p.level);
  const runs = [...new Set(positions.map(runOf))];
  const found = rowsOf<{ idx: number; hashes: string }>(
    await db.execute(sql`
      select idx, encode(hashes, 'hex') as hashes from pack_snapshot_nodes
      where snapshot_id = ${snapshotId} and level = 0 and idx in (${sql.join(runs.map((r) => sql`${r}`), sql`, `)})`),
  );
  const wanted = new Set(positions.map((p) => `${p.level}:${p.index}`));
  const nodes: Array<[string, string]> = [];
  for (const run of found) {
    const first = Number(run.idx);
    // Each level's index within the run, counted as MerkleBuilder hands the nodes over.
    const next: number[] = [];
    const tree = new MerkleBuilder((level, hash) => {
      const index = (first << (LEVELS_IN_A_RUN - level)) + (next[level] ?? 0);
      next[level] = (next[level] ?? 0) + 1;
      if (wanted.has(`${level}:${index}`)) nodes.push([`${level}:${index}`, hash.toString('hex')]);
    });
    const leaves = Buffer.from(run.hashes, 'hex');
    for (let at = 0; at < leaves.length; at += HASH_BYTES) tree.push(leaves.subarray(at, at + HASH_BYTES));
    tree.finish();
  }
  return nodes;
}

/**
 * Builds the tree of merkle.ts over the snapshot's leaves and stores level 0
 * and the levels above a run's in runs of TREE_CHUNK_NODES nodes. The
 * database sorts the leaves and writes level 0 (their runs) itself; the app
 * reads those runs back a few at a time and hashes the levels above, writing
 * each stored run once it is full: it never holds the whole tree. Returns
 * the hex root.
 */
async function buildTree(tx: Db, id: number, batchSize: number): Promise<string> {
  await tx.execute(sql`
    insert into pack_snapshot_nodes (snapshot_id, level, idx, hashes)
    select ${id}, 0, run, string_agg(leaf, ''::bytea order by rn)
    from (
      select leaf, rn, (rn / ${sql.raw(String(TREE_CHUNK_NODES))})::int as run
      from (select leaf, row_number() over (order by leaf) - 1 as rn from pack_snapshot_rows where snapshot_id = ${id}) numbered
    ) sorted
    group by run`);
  // Per level above the leaves, the run being filled; a full run is written before the next runs of leaves are read.
  const runs: Array<{ idx: number; nodes: number; bytes: Buffer }> = [];
  const full: Array<{ level: number; idx: number; hashes: Buffer }> = [];
  const tree = new MerkleBuilder((level, hash) => {
    if (level < LEVELS_IN_A_RUN) return;
    const run = (runs[level] ??= { idx: 0, nodes: 0, bytes: Buffer.alloc(TREE_CHUNK_NODES * HASH_BYTES) });
    hash.copy(run.bytes, run.nodes * HASH_BYTES);
    run.nodes += 1;
    if (run.nodes === TREE_CHUNK_NODES) {
      full.push({ level, idx: run.idx, hashes: Buffer.from(run.bytes) });
      run.idx += 1;
      run.nodes = 0;
    }
  });
  const write = async () => {
    if (full.length === 0) return;
    const values = full.map((r) => sql`(${id}, ${r.level}, ${r.idx}, decode(${r.hashes.toString('hex')}, 'hex'))`);
    full.length = 0;
    await tx.execute(sql`insert into pack_snapshot_nodes (snapshot_id, level, idx, hashes) values ${sql.join(values, sql`, `)}`);
  };
  // About batchSize leaves a read, whole runs.
  const runsPerRead = Math.max(1, Math.floor(batchSize / TREE_CHUNK_NODES));
  const readRuns = (after: number) =>
    tx
      .execute(sql`
        select idx, encode(hashes, 'hex') as hashes from pack_snapshot_nodes
        where snapshot_id = ${id} and level = 0 and idx > ${after} order by idx limit ${runsPerRead}`)
      .then((result) => rowsOf<{ idx: number | string; hashes: string }>(result));
  let batch = await readRuns(-1);
  for (;;) {
    // The next runs are asked for before these are hashed, so the server reads them meanwhile.
    const next = batch.length < runsPerRead ? null : readRuns(Number(batch[batch.length - 1]!.idx));
    // Awaited below; a failure while these are hashed must not count as unhandled meanwhile.
    next?.catch(() => {});
    for (const run of batch) {
      const leaves = Buffer.from(run.hashes, 'hex');
      for (let at = 0; at < leaves.length; at += HASH_BYTES) tree.push(leaves.subarray(at, at + HASH_BYTES));
    }
    await write();
    if (!next) break;
    batch = await next;
  }
  const root = tree.finish();
  // The last run of each level above the leaves, partly filled.
  for (const [level, run] of runs.entries()) if (run && run.nodes > 0) full.push({ level, idx: run.idx, hashes: run.bytes.subarray(0, run.nodes * HASH_BYTES) });
  await write();
  return root.toString('hex');
}

/** postgres.js parses jsonb; PGlite may give text. */
function parseJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function toSnapshot(row: HeaderRow): PackSnapshot {
  return {
    id: Number(row.id),
    campaignId: row.campaign_id,
    frozenAt: new Date(row.frozen_at),
    final: row.final,
    total: Number(row.total),
    byCountry: parseJson(row.by_country),
    merkleRoot: row.merkle_root,
    leafVersion: Number(row.leaf_version),
    context: parseJson(row.context),
  };
}
