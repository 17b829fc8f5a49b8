/** SignatureStore and SignatureExport in memory, faithful to src/core/ports/signatures.ts. */
import type { SignatureExport, SignatureRecord, SignatureStore, SignatureTotals } from '../../../src/core/index.ts';
import type { MemoryTables, SignatureRow } from './tables.ts';

export function createMemorySignatureStore(tables: MemoryTables): SignatureStore & SignatureExport {
  const rowOf = (campaignId: string, signerKey: string) => tables.signatures.find((r) => r.campaignId === campaignId && r.signerKey === signerKey);
  const valid = (campaignId: string) => tables.signatures.filter((r) => r.campaignId === campaignId && r.state === 'valid');

  return {
    async insert(campaignId, signerKey, s) {
      tables.check();
      const existing = rowOf(campaignId, signerKey);
      if (existing) return { inserted: false, existing: recordOf(existing) };
      const nameKey = s.nameKey ?? null;
      // Same name and country from another platform since `since`: held under the rule (as the insert statement decides).
      const sameName =
        s.holdIfSameName && nameKey
          ? tables.signatures.some(
              (r) =>
                r.campaignId === campaignId && r.nameKey === nameKey && r.country === s.country && r.platform !== s.platform && r.signedAt >= s.holdIfSameName!.since,
            )
          : false;
      const rule = s.heldRule ?? (sameName ? s.holdIfSameName!.rule : null);
      const before = valid(campaignId).length;
      const row: SignatureRow = {
        id: tables.nextId('signatures'),
        campaignId,
        signerKey,
        displayName: s.displayName,
        nameStyle: s.nameStyle,
        country: s.country,
        language: s.language,
        platform: s.platform,
        referral: s.referral,
        signedAt: new Date(s.signedAt),
        signedOn: s.signedOn,
        state: rule === null ? 'valid' : 'held',
        heldRule: rule,
        nameKey,
        receiptDigest: s.receiptDigest ? Buffer.from(s.receiptDigest) : null,
        leaf: s.leaf ? Buffer.from(s.leaf) : null,
        invalidReason: null,
        reviewedBy: null,
        reviewedAt: null,
      };
      tables.signatures.push(row);
      return { inserted: true, state: row.state, total: before + (row.state === 'valid' ? 1 : 0) };
    },

    async find(campaignId, signerKey) {
      tables.check();
      const row = rowOf(campaignId, signerKey);
      return row ? recordOf(row) : null;
    },

    async delete(campaignId, signerKey) {
      tables.check();
      const index = tables.signatures.findIndex((r) => r.campaignId === campaignId && r.signerKey === signerKey);
      if (index < 0) return false;
      tables.signatures.splice(index, 1);
      return true;
    },

    async totals(campaignId) {
      tables.check();
      const totals: SignatureTotals = { total: 0, byCountry: {}, byPlatform: {} };
      for (const r of valid(campaignId)) {
        totals.total += 1;
        totals.byCountry[r.country] = (totals.byCountry[r.country] ?? 0) + 1;
        totals.byPlatform[r.platform] = (totals.byPlatform[r.platform] ?? 0) + 1;
      }
      return totals;
    },

    async perDay(campaignId) {
      tables.check();
      const days = new Map<string, number>();
      for (const r of valid(campaignId)) days.set(r.signedOn, (days.get(r.signedOn) ?? 0) + 1);
      return [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count }));
    },

    async eraseNames(campaignId) {
      tables.check();
      let erased = 0;
      for (const r of tables.signatures) {
        if (r.campaignId !== campaignId || r.displayName === null) continue;
        Object.assign(r, { displayName: null, nameStyle: 'anonymous', nameKey: null });
        erased += 1;
      }
      return erased;
    },

    async *rows(campaignId) {
      tables.check();
      // Signing order is id order; a snapshot of the ids, as a batched read sees them.
      for (const r of [...valid(campaignId)].sort((a, b) => a.id - b.id)) yield { displayName: r.displayName, country: r.country, signedOn: r.signedOn };
    },
  };
}

function recordOf(r: SignatureRow): SignatureRecord {
  return {
    displayName: r.displayName,
    nameStyle: r.nameStyle,
    country: r.country,
    language: r.language,
    platform: r.platform,
    referral: r.referral,
    signedAt: new Date(r.signedAt),
    state: r.state,
  };
}
