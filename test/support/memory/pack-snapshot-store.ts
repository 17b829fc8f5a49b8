/**
 * PackSnapshotStore in memory, faithful to src/core/ports/delivery-day.ts and
 * to the SQL freeze: valid signatures signed up to the freeze instant, in
 * signing order; leaves sorted by hash; the bottom-up tree of merkle.ts (pairs
 * hashed, a last node without a partner carried up); older interim snapshots
 * keep their header but lose their rows and tree.
 */
import { EMPTY_ROOT, LEAF_FORMAT_VERSION, leafData, leafHash, nodeHash, type PackSnapshot, type PackSnapshotStore } from '../../../src/core/index.ts';
import type { MemoryTables, PackSnapshotRow } from './tables.ts';

export function createMemoryPackSnapshotStore(tables: MemoryTables): PackSnapshotStore {
  const header = (s: PackSnapshotRow): PackSnapshot => structuredClone(s.header);
  const byId = (id: number) => tables.packSnapshots.find((s) => s.header.id === id);
  const ofCampaign = (campaignId: string) => tables.packSnapshots.filter((s) => s.header.campaignId === campaignId);

  return {
    async freeze(request) {
      tables.check();
      if (request.final) {
        const existing = ofCampaign(request.campaignId).find((s) => s.header.final);
        if (existing) return { snapshot: header(existing), created: false };
      }
      const selected = tables.signatures
        .filter((r) => r.campaignId === request.campaignId && r.state === 'valid' && r.signedAt <= request.frozenAt)
        .sort((a, b) => a.id - b.id);
      const rows = selected.map((r, seq) => {
        // As the SQL freeze: a digest missing (a row signed before digests were kept) is filled in first.
        r.receiptDigest ??= Buffer.from(request.receiptDigestOf(r.signerKey));
        // A leaf kept at signing is copied as it is; an older row's is made here.
        const leaf = r.leaf ? Buffer.from(r.leaf) : leafHash(leafData(request.campaignId, r.receiptDigest, r.country, r.signedOn));
        return { seq, displayName: r.displayName, country: r.country, signedOn: r.signedOn, receiptDigest: Buffer.from(r.receiptDigest), leaf, leafIndex: -1 };
      });
      const sorted = [...rows].sort((a, b) => Buffer.compare(a.leaf, b.leaf));
      sorted.forEach((row, index) => (row.leafIndex = index));
      const levels: Buffer[][] = [sorted.map((r) => r.leaf)];
      while (levels.at(-1)!.length > 1) {
        const level = levels.at(-1)!;
        const next: Buffer[] = [];
        for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i]!, level[i + 1]!) : level[i]!);
        levels.push(next);
      }
      const byCountry: Record<string, number> = {};
      for (const r of [...rows].sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0))) byCountry[r.country] = (byCountry[r.country] ?? 0) + 1;
      const snapshot: PackSnapshotRow = {
        header: {
          id: tables.nextId('pack_snapshots'),
          campaignId: request.campaignId,
          frozenAt: new Date(request.frozenAt),
          final: request.final,
          total: rows.length,
          byCountry,
          merkleRoot: (rows.length === 0 ? EMPTY_ROOT : levels.at(-1)![0]!).toString('hex'),
          leafVersion: LEAF_FORMAT_VERSION,
          // Stored as JSON, as the jsonb column keeps it.
          context: JSON.parse(JSON.stringify(request.context)),
        },
        rows,
        levels: rows.length === 0 ? [] : levels,
      };
      // Older interim snapshots keep their header (their root was printed), not their rows.
      for (const older of ofCampaign(request.campaignId)) {
        if (older.header.final) continue;
        older.rows = [];
        older.levels = [];
      }
      tables.packSnapshots.push(snapshot);
      return { snapshot: header(snapshot), created: true };
    },

    async latest(campaignId) {
      tables.check();
      // The final snapshot once it exists, whatever came after; otherwise the newest.
      const all = ofCampaign(campaignId);
      const pick = all.find((s) => s.header.final) ?? all.at(-1);
      return pick ? header(pick) : null;
    },

    async final(campaignId) {
      tables.check();
      const pick = ofCampaign(campaignId).find((s) => s.header.final);
      return pick ? header(pick) : null;
    },

    async *rowBatches(snapshotId, country) {
      tables.check();
      const snapshot = byId(snapshotId);
      const rows = (snapshot?.rows ?? []).filter((r) => r.country === country);
      if (snapshot && rows.length !== (snapshot.header.byCountry[country] ?? 0)) throw new Error(`snapshot ${snapshotId} no longer has its rows`);
      yield rows.map((r) => ({ displayName: r.displayName, country: r.country, signedOn: r.signedOn }));
    },

    async findLeaf(snapshotId, digest) {
      tables.check();
      const row = byId(snapshotId)?.rows.find((r) => r.receiptDigest.equals(digest));
      return row ? { leafIndex: row.leafIndex, leaf: Buffer.from(row.leaf) } : null;
    },

    async nodes(snapshotId, positions) {
      tables.check();
      const levels = byId(snapshotId)?.levels ?? [];
      return positions.map((p) => {
        const hash = levels[p.level]?.[p.index];
        if (!hash) throw new Error(`snapshot ${snapshotId} has no tree node ${p.level}:${p.index}`);
        return Buffer.from(hash);
      });
    },

    async eraseNames(campaignId) {
      tables.check();
      let erased = 0;
      for (const s of ofCampaign(campaignId)) {
        for (const r of s.rows) {
          if (r.displayName === null) continue;
          r.displayName = null;
          erased += 1;
        }
      }
      return erased;
    },
  };
}
