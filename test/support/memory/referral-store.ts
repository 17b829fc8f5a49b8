/** ReferralStore in memory, faithful to src/core/ports/referrals.ts: counts valid signatures only, most first. */
import type { Community, ReferralStore } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

export function createMemoryReferralStore(tables: MemoryTables): ReferralStore {
  const counted = (campaignId: string) => tables.signatures.filter((s) => s.campaignId === campaignId && s.referral !== null && s.state === 'valid');
  return {
    async saveCommunity(campaignId, community, at) {
      tables.check();
      const key = `${campaignId}\u0000${community.code}`;
      const existing = tables.communities.get(key);
      // The code never changes; a rename keeps the creation time and so the order.
      tables.communities.set(key, { campaignId, ...community, createdAt: existing?.createdAt ?? at });
    },

    async community(campaignId, code) {
      tables.check();
      const row = tables.communities.get(`${campaignId}\u0000${code}`);
      return row ? { code: row.code, platform: row.platform, name: row.name } : null;
    },

    async communities(campaignId) {
      tables.check();
      return [...tables.communities.values()]
        .filter((c) => c.campaignId === campaignId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
        .map((c): Community => ({ code: c.code, platform: c.platform, name: c.name }));
    },

    async tally(campaignId, options = {}) {
      tables.check();
      const wanted = options.codes ? new Set(options.codes) : null;
      const byCode = new Map<string, { count: number; nations: Set<string> }>();
      for (const s of counted(campaignId)) {
        if (wanted && !wanted.has(s.referral!)) continue;
        const entry = byCode.get(s.referral!) ?? { count: 0, nations: new Set<string>() };
        entry.count += 1;
        entry.nations.add(s.country);
        byCode.set(s.referral!, entry);
      }
      const rows = [...byCode]
        .map(([referral, e]) => ({ referral, count: e.count, nations: e.nations.size }))
        .sort((a, b) => b.count - a.count || (a.referral < b.referral ? -1 : a.referral > b.referral ? 1 : 0));
      return options.limit ? rows.slice(0, options.limit) : rows;
    },

    async perDay(campaignId) {
      tables.check();
      const byDay = new Map<string, number>();
      for (const s of counted(campaignId)) byDay.set(s.signedOn, (byDay.get(s.signedOn) ?? 0) + 1);
      return [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, count]) => ({ day, count }));
    },
  };
}
