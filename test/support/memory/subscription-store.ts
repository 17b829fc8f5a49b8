/** SubscriptionStore in memory, faithful to src/core/ports/people.ts: opting out also stops what is queued. */
import type { Clock, SubscriptionStore } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

export function createMemorySubscriptionStore(tables: MemoryTables, clock: Clock): SubscriptionStore {
  const stopQueued = (campaignId: string, address?: string) => {
    for (const d of tables.deliveries) {
      if (d.campaignId === campaignId && d.state === 'queued' && (address === undefined || d.address === address)) {
        d.state = 'unsubscribed';
        d.updatedAt = clock();
      }
    }
  };
  return {
    async subscribe(campaignId, s) {
      tables.check();
      const key = tables.subscriptionKey(campaignId, s.address);
      const existing = tables.subscriptions.get(key);
      // An upsert by address: language, zone and signer change, the creation time stays.
      tables.subscriptions.set(key, {
        campaignId,
        address: s.address,
        signerKey: s.signerKey,
        language: s.language,
        timeZone: s.timeZone,
        community: s.community ?? null,
        createdAt: existing?.createdAt ?? clock(),
      });
    },

    async unsubscribe(campaignId, address) {
      tables.check();
      const removed = tables.subscriptions.delete(tables.subscriptionKey(campaignId, address));
      stopQueued(campaignId, address);
      return removed;
    },

    async forSigner(campaignId, signerKey) {
      tables.check();
      return [...tables.subscriptions.values()]
        .filter((s) => s.campaignId === campaignId && s.signerKey === signerKey)
        .map((s) => ({ address: s.address, language: s.language, timeZone: s.timeZone }));
    },

    async removeAll(campaignId) {
      tables.check();
      let removed = 0;
      for (const [key, s] of tables.subscriptions) {
        if (s.campaignId !== campaignId) continue;
        tables.subscriptions.delete(key);
        removed += 1;
      }
      stopQueued(campaignId);
      return removed;
    },
  };
}
