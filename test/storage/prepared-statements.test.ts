/**
 * drizzle's queries on postgres.js run as prepared statements (one round trip
 * from the second run), in transactions too; multi-row batches with many
 * parameters do not, and the journal's grouped marks keep one statement text
 * whatever the group size, so a connection's cache of statements stays small.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/storage/database.ts';
import { createEventJournal } from '../../src/storage/event-journal.ts';
import { MAX_PREPARED_PARAMETERS } from '../../src/storage/prepared-statements.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { contextualDb } from '../../src/storage/unit-of-work.ts';
import { freshDatabaseUrl, TEST_DATABASE_URL } from '../support/databases.ts';
import { testClock } from '../support/test-app.ts';

describe.skipIf(!TEST_DATABASE_URL)('prepared statements on postgres.js (needs TEST_DATABASE_URL)', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let database: Database;
  // One connection, so pg_prepared_statements (per session) shows every statement the app prepared.
  beforeAll(async () => {
    scratch = await freshDatabaseUrl('postgres');
    database = await createDatabase(scratch.url, { poolSize: 1 });
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  const prepared = async (like: string) =>
    rowsOf<{ statement: string }>(await database.db.execute(sql`select statement from pg_prepared_statements where statement like ${like}`)).map(
      (r) => r.statement,
    );

  it('prepares a query once and reuses it, outside and inside a transaction', async () => {
    for (const n of [1, 2, 3]) {
      expect(rowsOf(await database.db.execute(sql`select ${n}::int + 40 as answer`))).toEqual([{ answer: n + 40 }]);
      await database.db.transaction(async (tx) => {
        expect(rowsOf(await tx.execute(sql`select ${n}::int + 50 as in_tx`))).toEqual([{ in_tx: n + 50 }]);
      });
    }
    expect(await prepared('%+ 40 as answer')).toHaveLength(1);
    expect(await prepared('%+ 50 as in_tx')).toHaveLength(1);
  });

  it('runs a statement with more parameters than the limit unprepared', async () => {
    const many = Array.from({ length: MAX_PREPARED_PARAMETERS + 1 }, (_, i) => sql`${i}::int`);
    const [row] = rowsOf<{ total: number }>(await database.db.execute(sql`select (${sql.join(many, sql` + `)}) as total`));
    expect(row!.total).toBe((MAX_PREPARED_PARAMETERS * (MAX_PREPARED_PARAMETERS + 1)) / 2);
    expect(await prepared('%as total')).toEqual([]);
  });

  it('marks groups of any size delivered with one statement text', async () => {
    const journal = createEventJournal(contextualDb(database.db), testClock('2026-11-29T15:00:00Z'), { warn() {} });
    let id = 0;
    for (const size of [1, 2, 5, 9]) {
      const events = Array.from({ length: size }, () => ({ source: 'telegram', id: String(++id) }));
      for (const event of events) await journal.once(event, `telegram:${event.id}`, async () => [{ text: 'ok' }]);
      // Marked in the same turn, so one statement marks the whole group.
      await Promise.all(events.map((event) => journal.delivered(event)));
    }
    const [done] = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from processed_events where state = 'done'`));
    expect(done!.n).toBe(id);
    expect(await prepared(`%set state = 'done'%where (source, event_id) in%`)).toHaveLength(1);
  });
});
