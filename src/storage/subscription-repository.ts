import { and, eq } from 'drizzle-orm';
import type { AddressCipher, Locale } from '../core/index.ts';
import type { Clock, SubscriptionStore } from '../core/index.ts';
import type { Db } from './database.ts';
import { deliveries, subscriptions } from './schema.ts';

/** Addresses go in sealed and are found by their blind index; they come out opened. */
export function createSubscriptionRepository(db: Db, clock: Clock, addresses: AddressCipher): SubscriptionStore {
  return {
    async subscribe(campaignId, s) {
      const sealed = addresses.seal(s.address);
      const addressIndex = addresses.index(s.address);
      const platform = s.address.split(':', 1)[0]!;
      const values = { campaignId, address: sealed, addressIndex, platform, signerKey: s.signerKey, language: s.language, timeZone: s.timeZone, community: s.community ?? null, createdAt: clock() };
      await db
        .insert(subscriptions)
        .values(values)
        .onConflictDoUpdate({
          target: [subscriptions.campaignId, subscriptions.addressIndex],
          set: { language: s.language, timeZone: s.timeZone, signerKey: s.signerKey, community: s.community ?? null },
        });
    },

    async unsubscribe(campaignId, address) {
      const addressIndex = addresses.index(address);
      return db.transaction(async (tx) => {
        const removed = await tx
          .delete(subscriptions)
          .where(and(eq(subscriptions.campaignId, campaignId), eq(subscriptions.addressIndex, addressIndex)))
          .returning({ campaignId: subscriptions.campaignId });
        // Opting out stops what is already queued for them too.
        await tx
          .update(deliveries)
          .set({ state: 'unsubscribed', updatedAt: clock() })
          .where(and(eq(deliveries.campaignId, campaignId), eq(deliveries.addressIndex, addressIndex), eq(deliveries.state, 'queued')));
        return removed.length > 0;
      });
    },

    async removeAll(campaignId) {
      return db.transaction(async (tx) => {
        const removed = await tx.delete(subscriptions).where(eq(subscriptions.campaignId, campaignId)).returning({ campaignId: subscriptions.campaignId });
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
      return rows.map((r) => ({ ...r, address: addresses.open(r.address), language: r.language as Locale }));
    },
  };
}
