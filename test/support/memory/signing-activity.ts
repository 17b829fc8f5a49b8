/** SigningActivity in memory, faithful to src/core/ports/review.ts: counts add up per minute, scope and key. */
import type { SigningActivity } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

/** Counts are kept this long after their minute, as in storage: the surge rules look back an hour. */
const KEEP_MS = 2 * 3_600_000;

export function createMemorySigningActivity(tables: MemoryTables): SigningActivity {
  const counts = tables.signingMinutes;
  return {
    async exchange(campaignId, counted, since) {
      tables.check();
      for (const c of counted) {
        const key = [campaignId, c.minute.getTime(), c.scope, c.key].join('\u0000');
        const row = counts.get(key);
        if (row) row.count += c.count;
        else counts.set(key, { campaignId, minute: new Date(c.minute), scope: c.scope, key: c.key, count: c.count });
      }
      for (const [key, row] of counts) if (row.campaignId === campaignId && row.minute.getTime() < since.getTime() - KEEP_MS / 2) counts.delete(key);
      const from = Math.floor(since.getTime() / 60_000) * 60_000;
      return [...counts.values()]
        .filter((row) => row.campaignId === campaignId && row.minute.getTime() >= from)
        .map(({ minute, scope, key, count }) => ({ minute: new Date(minute), scope, key, count }));
    },
  };
}
