/**
 * ReviewStore in memory, faithful to src/core/ports/review.ts: each change
 * applies only to rows still in the state it changes from and says how many
 * it changed; nothing is deleted.
 */
import type { ReviewCounts, ReviewedSignature, ReviewSelection, ReviewStore } from '../../../src/core/index.ts';
import type { MemoryTables, SignatureRow } from './tables.ts';

export function createMemoryReviewStore(tables: MemoryTables): ReviewStore {
  const ofCampaign = (campaignId: string) => tables.signatures.filter((r) => r.campaignId === campaignId);
  const matching = (campaignId: string, s: ReviewSelection) =>
    ofCampaign(campaignId).filter(
      (r) =>
        (!s.ids || s.ids.includes(r.id)) &&
        (!s.rule || r.heldRule === s.rule) &&
        (!s.referral || r.referral === s.referral) &&
        (!s.from || r.signedAt >= s.from) &&
        (!s.to || r.signedAt < s.to),
    );

  return {
    async heldGroups(campaignId, sampleSize) {
      tables.check();
      const byRule = new Map<string, SignatureRow[]>();
      for (const r of ofCampaign(campaignId)) if (r.state === 'held') byRule.set(r.heldRule!, [...(byRule.get(r.heldRule!) ?? []), r]);
      return [...byRule]
        .sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0))
        .map(([rule, rows]) => ({
          rule,
          count: rows.length,
          firstAt: new Date(Math.min(...rows.map((r) => r.signedAt.getTime()))),
          lastAt: new Date(Math.max(...rows.map((r) => r.signedAt.getTime()))),
          sample: [...rows]
            .sort((a, b) => b.signedAt.getTime() - a.signedAt.getTime() || b.id - a.id)
            .slice(0, Math.max(sampleSize, 0))
            .map(reviewedOf),
        }));
    },

    async heldCount(campaignId) {
      tables.check();
      return ofCampaign(campaignId).filter((r) => r.state === 'held').length;
    },

    async count(campaignId, selection, states) {
      tables.check();
      return matching(campaignId, selection).filter((r) => states.includes(r.state)).length;
    },

    async approve(campaignId, selection, stamp) {
      tables.check();
      const rows = matching(campaignId, selection).filter((r) => r.state === 'held');
      for (const r of rows) Object.assign(r, { state: 'valid', reviewedBy: stamp.actor, reviewedAt: new Date(stamp.at) });
      return rows.length;
    },

    async invalidate(campaignId, selection, from, reason, stamp) {
      tables.check();
      const rows = matching(campaignId, selection).filter((r) => r.state !== 'invalid' && from.includes(r.state));
      for (const r of rows) Object.assign(r, { state: 'invalid', invalidReason: reason, reviewedBy: stamp.actor, reviewedAt: new Date(stamp.at) });
      return rows.length;
    },

    async get(campaignId, id) {
      tables.check();
      const row = ofCampaign(campaignId).find((r) => r.id === id);
      return row ? reviewedOf(row) : null;
    },

    async findId(campaignId, matches) {
      tables.check();
      const row = [...ofCampaign(campaignId)].sort((a, b) => a.id - b.id).find((r) => matches(r.signerKey));
      return row ? row.id : null;
    },

    async redactName(campaignId, id, expected, initials) {
      tables.check();
      const row = ofCampaign(campaignId).find((r) => r.id === id && r.nameStyle === 'full' && r.displayName === expected);
      if (!row) return false;
      Object.assign(row, { displayName: initials, nameStyle: 'initials', nameKey: null });
      return true;
    },

    async counts(campaignId) {
      tables.check();
      const counts: ReviewCounts = { held: { total: 0, byRule: {} }, invalid: { total: 0, byReason: {} }, approved: { total: 0, byRule: {} } };
      const add = (group: { total: number }, by: Record<string, number>, key: string) => {
        group.total += 1;
        by[key] = (by[key] ?? 0) + 1;
      };
      for (const r of ofCampaign(campaignId)) {
        if (r.state === 'held') add(counts.held, counts.held.byRule, r.heldRule ?? 'unknown');
        else if (r.state === 'invalid') add(counts.invalid, counts.invalid.byReason, r.invalidReason ?? 'other');
        // Valid after being held: approved.
        else if (r.heldRule !== null) add(counts.approved, counts.approved.byRule, r.heldRule);
      }
      return counts;
    },
  };
}

function reviewedOf(r: SignatureRow): ReviewedSignature {
  return {
    id: r.id,
    displayName: r.displayName,
    nameStyle: r.nameStyle,
    country: r.country,
    platform: r.platform,
    referral: r.referral,
    signedAt: new Date(r.signedAt),
    state: r.state,
    heldRule: r.heldRule,
  };
}
