import { sql, type SQL } from 'drizzle-orm';
import type { FreezeRequest, FrozenContext, PackSnapshot, PackSnapshotStore, SnapshotRow } from '../core/index.ts';
import { MerkleBuilder } from '../core/index.ts';
import { LEAF_FORMAT_VERSION } from '../core/index.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';

/** Rows per fetch and per insert while freezing, and per read while drawing a pack: memory stays flat (tests pass a small one to cross batches). */
export const SNAPSHOT_BATCH_SIZE = 5_000;

/** Tree nodes a pack_snapshot_nodes row holds (32 bytes each): migration 0012 uses the same number. */
export const TREE_CHUNK_NODES = 1_024;
const HASH_BYTES = 32;

// Any constant works; it only has to be the same for every instance (see database.ts for the migration lock).
const FREEZE_LOCK_ID = 7_254_002;

/**
 * THE selection of signatures that go into a snapshot: every signature of the
 * campaign made up to the freeze instant that review left valid, country by
 * country (drawing a pack reads one country's rows at a time, so they are
 * stored together), in signing order within each.
 */
export function signaturesForSnapshot(campaignId: string, frozenAt: Date): SQL {
  return sql`
    select s.signer_key, s.display_name, s.country, s.signed_on::text as signed_on
    from signatures s
    -- Valid signatures only: held ones wait for review, invalid ones were set aside (issue 12).
    where s.campaign_id = ${campaignId} and s.state = 'valid' and s.signed_at <= ${frozenAt.toISOString()}::timestamptz
    order by s.country, s.id`;
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
 * Snapshots in Postgres. A freeze reads the signatures through one cursor (one
 * consistent view), computes each leaf in the app (it needs the server
 * secret), writes rows in batches, then reads the leaves back sorted and
 * builds the Merkle tree in the app as they stream by, writing each level in
 * runs of TREE_CHUNK_NODES nodes: the app never holds the whole tree.
 */
export function createPackSnapshotRepository(db: Db, options: { batchSize?: number } = {}): PackSnapshotStore {
  const batchSize = options.batchSize ?? SNAPSHOT_BATCH_SIZE;
  async function header(where: SQL): Promise<PackSnapshot | null> {
    const [row] = rowsOf<HeaderRow>(await db.execute(sql`select * from pack_snapshots where ${where} limit 1`));
    return row ? toSnapshot(row) : null;
  }

  return {
    async freeze(request: FreezeRequest) {
      return db.transaction(async (tx) => {
        // One freeze at a time per campaign, on every instance; the second one sees the first's final snapshot.
        await tx.execute(sql`select pg_advisory_xact_lock(${FREEZE_LOCK_ID}, hashtext(${request.campaignId}))`);
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

        // A cursor declared after the lock: every batch reads the same view of the table.
        await tx.execute(sql`declare freeze_rows no scroll cursor for ${signaturesForSnapshot(request.campaignId, request.frozenAt)}`);
        // Rows go straight into pack_snapshot_rows, already in country order. A leaf's tree position is
        // not stored with it (it is known only once all leaves are sorted): findLeaf looks it up in the tree.
        type Signature = { signer_key: string; display_name: string | null; country: string; signed_on: string };
        // then() at once: drizzle sends a query when it is awaited, and this one must go before the insert below.
        const fetchBatch = () => tx.execute(sql.raw(`fetch forward ${batchSize} from freeze_rows`)).then((result) => rowsOf<Signature>(result));
        let seq = 0;
        let batch = await fetchBatch();
        let writing: Promise<unknown> = Promise.resolve();
        while (batch.length > 0) {
          const rows = batch.map((r) => {
            const parts = request.leafOf(r.signer_key, r.country, r.signed_on);
            return { q: seq++, c: r.country, n: r.display_name, d: r.signed_on, r: parts.receiptDigest.toString('hex'), l: parts.leaf.toString('hex') };
          });
          // The next batch is asked for before this one is written, so the server writes this one while
          // the app hashes the next: the connection runs them in order, and at most two batches are held.
          const next = batch.length < batchSize ? Promise.resolve([] as Signature[]) : fetchBatch();
          const previous = writing;
          // A plain promise: drizzle runs its query again on every then(), and this one is awaited twice.
          writing = tx.execute(sql`
            insert into pack_snapshot_rows (snapshot_id, seq, country, display_name, signed_on, receipt_digest, leaf)
            select ${id}, x.q, x.c, x.n, x.d::date, decode(x.r, 'hex'), decode(x.l, 'hex')
            from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(q int, c text, n text, d text, r text, l text)`).then(() => undefined);
          // Awaited on the next turn or below; until then a failure must not count as unhandled.
          writing.catch(() => {});
          batch = (await Promise.all([previous, next]))[1];
        }
        await writing;
        await tx.execute(sql`close freeze_rows`);

        const root = await buildTree(tx as unknown as Db, id, batchSize);
        const byCountry: Record<string, number> = {};
        for (const r of rowsOf<{ country: string; n: number | string }>(
          await tx.execute(sql`select country, count(*)::int as n from pack_snapshot_rows where snapshot_id = ${id} group by country order by country`),
        )) {
          byCountry[r.country] = Number(r.n);
        }
        const [row] = rowsOf<HeaderRow>(
          await tx.execute(sql`
            update pack_snapshots set total = ${seq}, by_country = ${JSON.stringify(byCountry)}::jsonb, merkle_root = ${root}
            where id = ${id} returning *`),
        );
        // Older interim snapshots keep their header (their root was printed) but not their rows:
        // less to keep, and signers who withdrew since are gone from the database too.
        await tx.execute(sql`
          delete from pack_snapshot_rows where snapshot_id in (select id from pack_snapshots where campaign_id = ${request.campaignId} and not final and id < ${id})`);
        await tx.execute(sql`
          delete from pack_snapshot_nodes where snapshot_id in (select id from pack_snapshots where campaign_id = ${request.campaignId} and not final and id < ${id})`);
        return { snapshot: toSnapshot(row!), created: true };
      });
    },

    latest(campaignId) {
      // The final snapshot once it exists, whatever came after; otherwise the newest.
      return header(sql`campaign_id = ${campaignId} order by final desc, id desc`);
    },

    final(campaignId) {
      return header(sql`campaign_id = ${campaignId} and final`);
    },

    async *rowBatches(snapshotId, country): AsyncGenerator<SnapshotRow[]> {
      type Row = { seq: number; display_name: string | null; country: string; signed_on: string };
      const fetchAfter = async (last: number) =>
        rowsOf<Row>(
          await db.execute(sql`
            select seq, display_name, country, signed_on::text as signed_on from pack_snapshot_rows
            where snapshot_id = ${snapshotId} and country = ${country} and seq > ${last}
            order by seq limit ${batchSize}`),
        );
      let batch = await fetchAfter(-1);
      for (;;) {
        // The next batch is asked for before this one is drawn: the server reads it meanwhile, and at most two are held.
        const next = batch.length < batchSize ? null : fetchAfter(Number(batch[batch.length - 1]!.seq));
        // Awaited below; a failure while this batch is drawn must not count as unhandled meanwhile.
        next?.catch(() => {});
        yield batch.map((r) => ({ displayName: r.display_name, country: r.country, signedOn: r.signed_on }));
        if (!next) return;
        batch = await next;
      }
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
      const wanted = sql.join(
        positions.map((p) => sql`(${p.level}::smallint, ${Math.floor(p.index / TREE_CHUNK_NODES)}::int, ${(p.index % TREE_CHUNK_NODES) * HASH_BYTES + 1}::int, ${p.index}::int)`),
        sql`, `,
      );
      // Only each node's 32 bytes leave the server, not its whole run.
      const found = rowsOf<{ level: number; idx: number; hash: string }>(
        await db.execute(sql`
          select p.level, p.idx, encode(substring(n.hashes from p.start for ${HASH_BYTES}), 'hex') as hash
          from (values ${wanted}) as p(level, run, start, idx)
          join pack_snapshot_nodes n on n.snapshot_id = ${snapshotId} and n.level = p.level and n.idx = p.run`),
      );
      const byPosition = new Map(found.map((n) => [`${n.level}:${n.idx}`, n.hash]));
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

/**
 * Builds the tree of merkle.ts over the snapshot's leaves, read back sorted
 * by hash a batch at a time, and stores every level in runs of
 * TREE_CHUNK_NODES nodes. Returns the hex root.
 */
async function buildTree(tx: Db, id: number, batchSize: number): Promise<string> {
  // Per level, the run being filled; a full run is written before the next batch of leaves is read.
  const runs: Array<{ idx: number; nodes: number; bytes: Buffer }> = [];
  const full: Array<{ level: number; idx: number; hashes: Buffer }> = [];
  const tree = new MerkleBuilder((level, hash) => {
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
  await tx.execute(sql`declare freeze_leaves no scroll cursor for select encode(leaf, 'hex') as leaf from pack_snapshot_rows where snapshot_id = ${id} order by leaf`);
  for (;;) {
    const batch = rowsOf<{ leaf: string }>(await tx.execute(sql.raw(`fetch forward ${batchSize} from freeze_leaves`)));
    for (const r of batch) tree.push(Buffer.from(r.leaf, 'hex'));
    await write();
    if (batch.length < batchSize) break;
  }
  await tx.execute(sql`close freeze_leaves`);
  const root = tree.finish();
  // The last run of each level, partly filled.
  for (const [level, run] of runs.entries()) if (run.nodes > 0) full.push({ level, idx: run.idx, hashes: run.bytes.subarray(0, run.nodes * HASH_BYTES) });
  await write();
  return root.toString('hex');
}

function toSnapshot(row: HeaderRow): PackSnapshot {
  const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
  return {
    id: Number(row.id),
    campaignId: row.campaign_id,
    frozenAt: new Date(row.frozen_at),
    final: row.final,
    total: Number(row.total),
    byCountry: json(row.by_country),
    merkleRoot: row.merkle_root,
    leafVersion: Number(row.leaf_version),
    context: json(row.context),
  };
}
