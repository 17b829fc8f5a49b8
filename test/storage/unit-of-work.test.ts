/**
 * A unit of work's last statement, and the writes put off with `atCommit`,
 * are sent with COMMIT, not before it, and still commit with the work or not
 * at all, on both drivers; a write sent on a wrong guess runs the unit again.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/storage/database.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { atCommit, contextualDb, detached, inTransaction, inUnitOfWork, mayGuess, WrongGuess } from '../../src/storage/unit-of-work.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { countPostgresWrites } from '../support/postgres-writes.ts';

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`unit of work on ${driver.name}`, () => {
    let scratch: { url: string; drop(): Promise<void> };
    let database: Database;
    let db: Database['db'];
    // One connection, so every statement of the test goes through the socket counted below.
    beforeAll(async () => {
      scratch = await freshDatabaseUrl(driver.name);
      database = await createDatabase(scratch.url, { poolSize: 1 });
      db = contextualDb(database.db);
      await db.execute(sql`create table probe (id int primary key, note text)`);
    });
    afterAll(async () => {
      await database?.close();
      await scratch?.drop();
    });

    const notes = async () => rowsOf<{ id: number; note: string }>(await db.execute(sql`select id, note from probe order by id`));
    const insert = (id: number, note: string) => db.execute(sql`insert into probe (id, note) values (${id}, ${note})`);

    it('runs detached work outside the unit, across awaits, and the unit goes on in its transaction', async () => {
      const seen: Record<string, boolean> = {};
      let background: Promise<void> | undefined;
      await inUnitOfWork(db, async () => {
        seen.unitBefore = inTransaction();
        background = detached(async () => {
          seen.detachedAtOnce = inTransaction();
          await new Promise((resolve) => setImmediate(resolve));
          seen.detachedLater = inTransaction();
        });
        await new Promise((resolve) => setImmediate(resolve));
        seen.unitAfter = inTransaction();
      });
      await background;
      expect(seen).toEqual({ unitBefore: true, detachedAtOnce: false, detachedLater: false, unitAfter: true });
    });

    it('commits the last statement, given the work’s result, with the work', async () => {
      const result = await inUnitOfWork(
        db,
        async () => {
          await insert(1, 'work');
          return 'answer';
        },
        (answer) => insert(2, answer),
      );
      expect(result).toBe('answer');
      expect(await notes()).toEqual([
        { id: 1, note: 'work' },
        { id: 2, note: 'answer' },
      ]);
    });

    it('fails as a whole when the last statement fails: nothing of the work stays', async () => {
      const failing = inUnitOfWork(
        db,
        async () => {
          await insert(3, 'work');
          return 'answer';
        },
        // The same key again: a unique violation at the last statement.
        () => insert(3, 'again'),
      );
      await expect(failing).rejects.toThrow();
      expect((await notes()).map((r) => r.id)).toEqual([1, 2]);
      // The connection is usable afterwards (no transaction left open on it).
      await insert(4, 'after');
      expect((await notes()).map((r) => r.id)).toEqual([1, 2, 4]);
    });

    it('sends writes put off with atCommit, in order, before the last statement; outside a unit it writes at once', async () => {
      await inUnitOfWork(
        db,
        async () => {
          await atCommit(() => insert(5, 'first'));
          await atCommit(() => db.execute(sql`update probe set note = note || ' then second' where id = 5`));
          // Not written yet.
          expect((await notes()).map((r) => r.id)).toEqual([1, 2, 4]);
          return 'last';
        },
        () => db.execute(sql`update probe set note = note || ' then last' where id = 5`),
      );
      expect((await notes()).find((r) => r.id === 5)).toEqual({ id: 5, note: 'first then second then last' });
      await atCommit(() => insert(6, 'now'));
      expect((await notes()).map((r) => r.id)).toEqual([1, 2, 4, 5, 6]);
    });

    it('fails as a whole when a write put off with atCommit fails', async () => {
      await expect(
        inUnitOfWork(db, async () => {
          await insert(7, 'work');
          // The same key again.
          await atCommit(() => insert(1, 'again'));
        }),
      ).rejects.toThrow();
      expect((await notes()).map((r) => r.id)).toEqual([1, 2, 4, 5, 6]);
    });

    it('runs a unit again, without guessing, when a write sent on a guess finds it wrong: the first run leaves nothing', async () => {
      const runs: Array<{ guessing: boolean }> = [];
      const result = await inUnitOfWork(
        db,
        async () => {
          const guessing = mayGuess();
          runs.push({ guessing });
          await insert(100 + runs.length, 'work');
          // Guessed free, but id 1 is taken: the statement fails, and says so as a guard does.
          if (guessing) await atCommit(() => insert(1, 'guessed').then(undefined, () => Promise.reject(new WrongGuess('probe insert'))));
          return guessing ? 'told from the guess' : 'told from the answer';
        },
        (told) => insert(200 + runs.length, told),
      );
      expect(runs).toEqual([{ guessing: true }, { guessing: false }]);
      expect(result).toBe('told from the answer');
      // Only the second run's rows: its work and its last statement.
      expect(await notes()).toEqual([1, 2, 4, 5, 6, 102, 202].map((id) => expect.objectContaining({ id })));
      expect((await notes()).find((r) => r.id === 202)?.note).toBe('told from the answer');
      expect(mayGuess()).toBe(false);
    });

    it('does not run a unit again for any other failure of a write sent with COMMIT', async () => {
      let runs = 0;
      await expect(
        inUnitOfWork(db, async () => {
          runs++;
          await atCommit(() => insert(1, 'again'));
        }),
      ).rejects.not.toBeInstanceOf(WrongGuess);
      expect(runs).toBe(1);
      expect((await notes()).map((r) => r.id)).toEqual([1, 2, 4, 5, 6, 102, 202]);
    });

    // Only a real server has socket writes to count (PGlite runs in this process).
    if (driver.name === 'postgres') {
      it('sends the last statement and COMMIT to Postgres in one write', async () => {
        const writes = (run: () => Promise<unknown>) => countPostgresWrites(scratch.url, run);
        let id = 10;
        const awaited = () =>
          inUnitOfWork(db, async () => {
            await insert(++id, 'work');
            await insert(++id, 'last');
          });
        const withLast = () =>
          inUnitOfWork(
            db,
            () => insert(++id, 'work'),
            () => insert(++id, 'last'),
          );
        const putOff = () =>
          inUnitOfWork(db, async () => {
            await insert(++id, 'work');
            await atCommit(() => insert(++id, 'put off'));
            await atCommit(() => insert(++id, 'put off'));
          }, () => insert(++id, 'last'));
        // Warm: each statement prepared on the connection already.
        await awaited();
        await withLast();
        await putOff();
        // BEGIN, the work's insert, the last insert, COMMIT: four writes when awaited, three when it travels with COMMIT.
        expect(await writes(awaited)).toBe(4);
        expect(await writes(withLast)).toBe(3);
        // Two writes put off: still three.
        expect(await writes(putOff)).toBe(3);
      });

      // The storage is turned off whenever no unit is open (Node 20 runs its hooks on every
      // promise while it is on): a unit that ends must not take the context of one still open.
      it('keeps a unit in its transaction when another, started later, ends first', async () => {
        const two = await createDatabase(scratch.url, { poolSize: 2 });
        const twoDb = contextualDb(two.db);
        try {
          await twoDb.execute(sql`create table overlap (id int primary key)`);
          let release!: () => void;
          const gate = new Promise<void>((resolve) => (release = resolve));
          const seen: boolean[] = [];
          const longer = inUnitOfWork(twoDb, async () => {
            await twoDb.execute(sql`insert into overlap values (1)`);
            await gate;
            seen.push(inTransaction());
            await twoDb.execute(sql`insert into overlap values (2)`);
            throw new Error('roll back');
          });
          await inUnitOfWork(twoDb, async () => {
            await twoDb.execute(sql`insert into overlap values (3)`);
          });
          expect(inTransaction()).toBe(false);
          release();
          await expect(longer).rejects.toThrow('roll back');
          // Both of the failed unit's rows, the one after the other unit ended too, were rolled back.
          expect(seen).toEqual([true]);
          expect(rowsOf<{ id: number }>(await twoDb.execute(sql`select id from overlap order by id`))).toEqual([{ id: 3 }]);
          // With no unit open, detached work simply runs.
          expect(detached(() => inTransaction())).toBe(false);
        } finally {
          await two.close();
        }
      });
    }
  });
}
