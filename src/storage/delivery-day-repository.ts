import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type {
  DeliveryRecord,
  DeliveryRecordStore,
  DeliveryTarget,
  DeliveryTargetStore,
  PaperBatch,
  PaperSignatureStore,
} from '../core/index.ts';
import type { Db } from './database.ts';
import { deliveryRecords, deliveryTargets, paperBatches } from './schema.ts';

/** Staff overrides of the campaign file's delivery targets. */
export function createDeliveryTargetRepository(db: Db): DeliveryTargetStore {
  return {
    async all(campaignId) {
      const rows = await db
        .select({ country: deliveryTargets.country, target: deliveryTargets.target })
        .from(deliveryTargets)
        .where(eq(deliveryTargets.campaignId, campaignId))
        .orderBy(asc(deliveryTargets.country));
      return Object.fromEntries(rows.map((r) => [r.country, (typeof r.target === 'string' ? JSON.parse(r.target) : r.target) as DeliveryTarget]));
    },

    async set(campaignId, country, target, changedBy) {
      await db
        .insert(deliveryTargets)
        .values({ campaignId, country, target, updatedBy: changedBy })
        .onConflictDoUpdate({
          target: [deliveryTargets.campaignId, deliveryTargets.country],
          set: { target, updatedBy: changedBy, updatedAt: sql`now()` },
        });
    },

    async remove(campaignId, country) {
      const removed = await db
        .delete(deliveryTargets)
        .where(and(eq(deliveryTargets.campaignId, campaignId), eq(deliveryTargets.country, country)))
        .returning({ country: deliveryTargets.country });
      return removed.length > 0;
    },
  };
}

/** What happened at each embassy, one row per report. */
export function createDeliveryRecordRepository(db: Db): DeliveryRecordStore {
  return {
    async add(campaignId, record) {
      const [row] = await db
        .insert(deliveryRecords)
        .values({ campaignId, ...record })
        .returning();
      return toRecord(row!);
    },

    async all(campaignId) {
      const rows = await db.select().from(deliveryRecords).where(eq(deliveryRecords.campaignId, campaignId)).orderBy(asc(deliveryRecords.id));
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: typeof deliveryRecords.$inferSelect): DeliveryRecord {
  return {
    id: row.id,
    country: row.country,
    status: row.status,
    note: row.note,
    photoUrl: row.photoUrl,
    online: row.online,
    paper: row.paper,
    recordedAt: row.recordedAt,
    recordedBy: row.recordedBy,
  };
}

/** Paper signatures per event; reversing keeps the row and stops it counting. */
export function createPaperSignatureRepository(db: Db): PaperSignatureStore {
  return {
    async add(campaignId, batch) {
      const [row] = await db.insert(paperBatches).values({ campaignId, ...batch }).returning();
      return toBatch(row!);
    },

    async reverse(campaignId, id, at) {
      const [reversed] = await db
        .update(paperBatches)
        .set({ reversedAt: at })
        .where(and(eq(paperBatches.campaignId, campaignId), eq(paperBatches.id, id), isNull(paperBatches.reversedAt)))
        .returning();
      if (reversed) return toBatch(reversed);
      const [existing] = await db.select().from(paperBatches).where(and(eq(paperBatches.campaignId, campaignId), eq(paperBatches.id, id)));
      return existing ? toBatch(existing) : null;
    },

    async totals(campaignId) {
      const rows = await db
        .select({ country: paperBatches.country, n: sql<string>`sum(${paperBatches.count})` })
        .from(paperBatches)
        .where(and(eq(paperBatches.campaignId, campaignId), isNull(paperBatches.reversedAt)))
        .groupBy(paperBatches.country)
        .orderBy(asc(paperBatches.country));
      return Object.fromEntries(rows.map((r) => [r.country, Number(r.n)]));
    },

    async batches(campaignId) {
      const rows = await db.select().from(paperBatches).where(eq(paperBatches.campaignId, campaignId)).orderBy(desc(paperBatches.id));
      return rows.map(toBatch);
    },
  };
}

function toBatch(row: typeof paperBatches.$inferSelect): PaperBatch {
  return { id: row.id, country: row.country, count: row.count, event: row.event, addedAt: row.addedAt, addedBy: row.addedBy, reversedAt: row.reversedAt };
}
