import { and, eq } from 'drizzle-orm';
import type { Locale } from '../core/index.ts';
import type { Clock, SubscriptionStore } from '../core/index.ts';
import type { Db } from './database.ts';
import { deliveries, subscriptions } from './schema.ts';

export function createSubscriptionRepository(db: Db, clock: Clock): SubscriptionStore {
  return {
    async subscribe(campaignId, s) {
      const values = { campaignId, address: s.address, signerKey: s.signerKey, language: s.language, timeZone: s.timeZone, community: s.community ?? null, createdAt: clock() };
      await db
        .insert(subscriptions)
        .values(values)
        .onConflictDoUpdate({
          target: [subscriptions.campaignId, subscriptions.address],
          set: { language: s.language, timeZone: s.timeZone, signerKey: s.signerKey, community: s.community ?? null },
        });
    },

    async unsubscribe(campaignId, address) {
      return db.transaction(async (tx) => {
        const removed = await tx
          .delete(subscriptions)
          .where(and(eq(subscriptions.campaignId, campaignId), eq(subscriptions.address, address)))
          .returning({ address: subscriptions.address });
        // Opting out stops what is already queued for them too.
        await tx
          .update(deliveries)
          .set({ state: 'unsubscribed', updatedAt: clock() })
          .where(and(eq(deliveries.campaignId, campaignId), eq(deliveries.address, address), eq(deliveries.state, 'queued')));
        return removed.length > 0;
      });
    },

    async removeAll(campaignId) {
      return db.transaction(async (tx) => {
        const removed = await tx.delete(subscriptions).where(eq(subscriptions.campaignId, campaignId)).returning({ address: subscriptions.address });
        await tx
          .update(deliveries)
          .set({ state: 'unsubscribed', updatedAt: clock() })
          .where(and(eq(deliveries.campaignId, campaignId), eq(deliveries.state, 'queued')));
        return removed.length;
      });
    },

    async forSigner(campaignId, signerKey) {
      const rows = await db
        .select({ address: subscriptions.address, language: subscriptions.language, timeZone: subscriptions.timeZone })
        .from(subscriptions)
        .where(and(eq(subscriptions.campaignId, campaignId), eq(subscriptions.signerKey, signerKey)));
      return rows.map((r) => ({ ...r, language: r.language as Locale }));
    },
  };
}
