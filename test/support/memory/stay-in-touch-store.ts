/** StayInTouchStore in memory, faithful to src/core/ports/people.ts: one consent per address, renewed by a second opt-in. */
import type { StayInTouchStore } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

export function createMemoryStayInTouchStore(tables: MemoryTables): StayInTouchStore {
  return {
    async optIn({ address, language, consentedAt }) {
      tables.check();
      tables.stayInTouch.set(address, { language, consentedAt: new Date(consentedAt) });
    },
    async optOut(address) {
      tables.check();
      return tables.stayInTouch.delete(address);
    },
    async consentOf(address) {
      tables.check();
      const row = tables.stayInTouch.get(address);
      return row ? new Date(row.consentedAt) : null;
    },
  };
}
