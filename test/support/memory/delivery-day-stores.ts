/**
 * The delivery-day stores that are plain rows (src/core/ports/delivery-day.ts):
 * staff delivery targets, what happened at each embassy, paper signatures.
 * The frozen snapshots and their Merkle trees are built in SQL and stay on PGlite.
 */
import type { DeliveryRecordStore, DeliveryTargetStore, PaperBatch, PaperSignatureStore } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

export function createMemoryDeliveryTargetStore(tables: MemoryTables): DeliveryTargetStore {
  const keyOf = (campaignId: string, country: string) => `${campaignId}\u0000${country}`;
  return {
    async all(campaignId) {
      tables.check();
      const prefix = keyOf(campaignId, '');
      return Object.fromEntries(
        [...tables.deliveryTargets]
          .filter(([key]) => key.startsWith(prefix))
          .map(([key, target]) => [key.slice(prefix.length), structuredClone(target)] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    },
    async set(campaignId, country, target) {
      tables.check();
      tables.deliveryTargets.set(keyOf(campaignId, country), JSON.parse(JSON.stringify(target)));
    },
    async remove(campaignId, country) {
      tables.check();
      return tables.deliveryTargets.delete(keyOf(campaignId, country));
    },
  };
}

export function createMemoryDeliveryRecordStore(tables: MemoryTables): DeliveryRecordStore {
  return {
    async add(campaignId, record) {
      tables.check();
      const row = { ...structuredClone(record), id: tables.nextId('delivery_records'), campaignId };
      tables.deliveryRecords.push(row);
      const { campaignId: _, ...stored } = row;
      return structuredClone(stored);
    },
    async all(campaignId) {
      tables.check();
      return tables.deliveryRecords
        .filter((r) => r.campaignId === campaignId)
        .sort((a, b) => a.id - b.id)
        .map(({ campaignId: _, ...r }) => structuredClone(r));
    },
  };
}

export function createMemoryPaperSignatureStore(tables: MemoryTables): PaperSignatureStore {
  const batchOf = ({ campaignId: _, ...b }: PaperBatch & { campaignId: string }): PaperBatch => structuredClone(b);
  return {
    async add(campaignId, batch) {
      tables.check();
      const row = { ...structuredClone(batch), id: tables.nextId('paper_batches'), reversedAt: null, campaignId };
      tables.paperBatches.push(row);
      return batchOf(row);
    },
    async reverse(campaignId, id, at) {
      tables.check();
      const row = tables.paperBatches.find((b) => b.campaignId === campaignId && b.id === id);
      if (!row) return null;
      // Reversed once: a second reversal leaves the first time.
      if (row.reversedAt === null) row.reversedAt = new Date(at);
      return batchOf(row);
    },
    async totals(campaignId) {
      tables.check();
      const totals: Record<string, number> = {};
      for (const b of tables.paperBatches) if (b.campaignId === campaignId && b.reversedAt === null) totals[b.country] = (totals[b.country] ?? 0) + b.count;
      return Object.fromEntries(Object.entries(totals).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
    async batches(campaignId) {
      tables.check();
      return tables.paperBatches
        .filter((b) => b.campaignId === campaignId)
        .sort((a, b) => b.id - a.id)
        .map(batchOf);
    },
  };
}
