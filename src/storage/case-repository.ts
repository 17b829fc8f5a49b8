import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Case, CaseQuery, CaseStore, Clock } from '../core/index.ts';
import type { Db } from './database.ts';
import { cases } from './schema.ts';

export function createCaseRepository(db: Db, clock: Clock): CaseStore {
  return {
    async page(query: CaseQuery) {
      const where = and(
        query.kind ? eq(cases.kind, query.kind) : undefined,
        query.search ? matches(query.search) : undefined,
      );
      const [rows, [{ total } = { total: 0 }]] = await Promise.all([
        db.select().from(cases).where(where).orderBy(asc(cases.number)).offset(query.offset).limit(query.limit),
        db.select({ total: count() }).from(cases).where(where),
      ]);
      return { cases: rows.map(toCase), total };
    },

    async get(number) {
      const [row] = await db.select().from(cases).where(eq(cases.number, number));
      return row ? toCase(row) : null;
    },

    async upsert(list, changedBy) {
      if (list.length === 0) return;
      await db.transaction(async (tx) => {
        for (const c of list) {
          const values = { ...c, updatedBy: changedBy, updatedAt: clock() };
          await tx.insert(cases).values(values).onConflictDoUpdate({ target: cases.number, set: values });
        }
      });
    },

    async remove(number) {
      const removed = await db.delete(cases).where(eq(cases.number, number)).returning({ number: cases.number });
      return removed.length > 0;
    },
  };
}

/** Every word must appear somewhere in the case (name, place, summaries or stories). */
function matches(search: string): SQL | undefined {
  const words = search.split(/\s+/).filter(Boolean).slice(0, 8);
  const haystack = sql`concat_ws(' ', ${cases.name}, ${cases.place}, ${cases.date}, ${cases.summary}::text, ${cases.story}::text)`;
  return and(...words.map((w) => or(ilike(haystack, `%${escapeLike(w)}%`))));
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toCase(row: typeof cases.$inferSelect): Case {
  return {
    number: row.number,
    kind: row.kind,
    name: row.name,
    date: row.date,
    place: row.place,
    summary: row.summary,
    story: row.story,
    source: row.source,
    isSample: row.isSample,
  };
}
