/** CaseStore in memory, faithful to src/core/ports/list.ts: number order, every search word somewhere in the case. */
import type { Case, CaseStore } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

export function createMemoryCaseStore(tables: MemoryTables): CaseStore {
  const cases = tables.cases;
  const haystack = (c: Case) => [c.name, c.place, c.date, JSON.stringify(c.summary), JSON.stringify(c.story)].filter((p) => p !== null).join(' ').toLowerCase();
  return {
    async page(query) {
      tables.check();
      const words = (query.search ?? '').split(/\s+/).filter(Boolean).slice(0, 8).map((w) => w.toLowerCase());
      const matching = [...cases.values()]
        .filter((c) => (!query.kind || c.kind === query.kind) && words.every((w) => haystack(c).includes(w)))
        .sort((a, b) => a.number - b.number);
      return { cases: matching.slice(query.offset, query.offset + query.limit).map((c) => structuredClone(c)), total: matching.length };
    },
    async get(number) {
      tables.check();
      const c = cases.get(number);
      return c ? structuredClone(c) : null;
    },
    async upsert(list) {
      tables.check();
      for (const c of list) cases.set(c.number, structuredClone(c));
    },
    async remove(number) {
      tables.check();
      return cases.delete(number);
    },
  };
}
