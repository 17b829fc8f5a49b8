import { count, like } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.ts';
import { createDialogueRepository } from '../../src/storage/dialogue-repository.ts';
import { dialogues } from '../../src/storage/schema.ts';
import { contextualDb, inUnitOfWork } from '../../src/storage/unit-of-work.ts';
import { DRIVERS, openTestDatabase } from '../support/databases.ts';
import { testClock } from '../support/test-app.ts';

const START = '2026-11-20T09:00:00.000Z';
const at = (iso: string, plusMs: number) => new Date(new Date(iso).getTime() + plusMs).toISOString();

/** Drafts put straight into the table, expired one second before `now`. */
async function seedExpired(db: Db, prefix: string, n: number, now: string): Promise<void> {
  const expiresAt = new Date(new Date(now).getTime() - 1000);
  await db.insert(dialogues).values(Array.from({ length: n }, (_, i) => ({ key: `${prefix}:${i}`, state: { step: 'name' }, expiresAt })));
}

async function countKeys(db: Db, prefix: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(dialogues).where(like(dialogues.key, `${prefix}:%`));
  return row!.n;
}

/**
 * The same database, but every delete waits for `open()` before it runs, and
 * is counted: shows whether a sweep is awaited by `set` and whether sweeps overlap.
 */
function gatedDeletes(db: Db) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const calls = { deletes: 0 };
  const gated = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'delete') return Reflect.get(target, prop, receiver);
      return (table: typeof dialogues) => {
        calls.deletes++;
        const builder = target.delete(table);
        const run = builder.then.bind(builder);
        // drizzle's delete builder returns itself from where()/returning(); holding its then() holds the statement.
        Object.assign(builder, { then: (ok?: (v: unknown) => unknown, ko?: (e: unknown) => unknown) => gate.then(() => run(ok as never, ko)) });
        return builder;
      };
    },
  });
  return { db: gated, calls, open: () => open() };
}

/** The same database, but every delete fails, as on a lost connection. */
function failingDeletes(db: Db) {
  const calls = { deletes: 0 };
  const failing = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'delete') return Reflect.get(target, prop, receiver);
      return () => {
        calls.deletes++;
        throw new Error('connection terminated');
      };
    },
  });
  return { db: failing, calls };
}

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`dialogue drafts on ${driver.name}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    let db: Db;

    beforeAll(async () => {
      handle = await openTestDatabase(driver.name);
      db = handle.database.db;
    });
    afterAll(async () => handle?.dispose());
    beforeEach(async () => {
      await db.delete(dialogues);
    });

    it('reads back any JSON state as it was written: a referral code (a string), a draft with quotes and nesting', async () => {
      const store = createDialogueRepository(db, testClock(START));
      const draft = { step: 'confirm', name: { style: 'full', name: 'O\'Brien "Ana" 李' }, referral: null };
      await store.set('referral:a', 'SPRING-24', 60);
      await store.set('sign:a', draft, 60);
      expect(await store.get('referral:a')).toBe('SPRING-24');
      expect(await store.get('sign:a')).toEqual(draft);
    });

    it('never reads back an expired draft, swept or not', async () => {
      const clock = testClock(START);
      const store = createDialogueRepository(db, clock);
      await store.set('sign:a', { step: 'country' }, 60);
      expect(await store.get('sign:a')).toEqual({ step: 'country' });
      clock.set(at(START, 61_000));
      expect(await store.get('sign:a')).toBeNull();
      expect(await countKeys(db, 'sign')).toBe(1);
    });

    it('removes expired drafts in a sweep and keeps live ones', async () => {
      const clock = testClock(START);
      const store = createDialogueRepository(db, clock);
      await seedExpired(db, 'old', 30, START);
      await store.set('live:1', { step: 'name' }, 3600);
      await store.set('live:2', { step: 'confirm' }, 1);
      await store.settled();
      expect(await store.sweepExpired()).toBe(0);
      expect(await countKeys(db, 'old')).toBe(0);
      expect(await countKeys(db, 'live')).toBe(2);
      expect(await store.get('live:2')).toEqual({ step: 'confirm' });
    });

    it('removes at most one batch per sweep, oldest expiry first', async () => {
      const store = createDialogueRepository(db, testClock(START), { batchSize: 5 });
      await seedExpired(db, 'old', 12, START);
      await db.insert(dialogues).values({ key: 'oldest:1', state: {}, expiresAt: new Date('2026-11-01T00:00:00Z') });
      expect(await store.sweepExpired()).toBe(5);
      expect(await countKeys(db, 'oldest')).toBe(0);
      expect(await countKeys(db, 'old')).toBe(8);
      expect(await store.sweepExpired()).toBe(5);
      expect(await store.sweepExpired()).toBe(3);
      expect(await store.sweepExpired()).toBe(0);
    });

    it('sweeps from set at most once a minute of clock time', async () => {
      const clock = testClock(START);
      const store = createDialogueRepository(db, clock, { batchSize: 1000 });
      await seedExpired(db, 'a', 3, START);
      await store.set('live:1', {}, 86_400);
      await store.settled();
      expect(await countKeys(db, 'a')).toBe(0);

      clock.set(at(START, 59_999));
      await seedExpired(db, 'b', 3, at(START, 59_999));
      await store.set('live:1', {}, 86_400);
      await store.settled();
      expect(await countKeys(db, 'b')).toBe(3);

      clock.set(at(START, 60_000));
      await store.set('live:1', {}, 86_400);
      await store.settled();
      expect(await countKeys(db, 'b')).toBe(0);
      expect(await countKeys(db, 'live')).toBe(1);
    });

    it('does not make set wait for a sweep, and runs one sweep at a time', async () => {
      const clock = testClock(START);
      const gated = gatedDeletes(db);
      // No interval, so only the one-at-a-time rule can hold the second sweep back.
      const store = createDialogueRepository(gated.db, clock, { sweepEveryMs: 0 });
      await seedExpired(db, 'old', 4, START);
      await store.set('live:1', {}, 3600);
      // The sweep is held at its gate, yet every write returns.
      clock.set(at(START, 120_000));
      await store.set('live:2', {}, 3600);
      await Promise.all([store.set('live:3', {}, 3600), store.set('live:4', {}, 3600)]);
      expect(await store.get('live:4')).toEqual({});
      expect(gated.calls.deletes).toBe(1);
      expect(await countKeys(db, 'old')).toBe(4);

      gated.open();
      await store.settled();
      expect(await countKeys(db, 'old')).toBe(0);
      await store.set('live:5', {}, 3600);
      await store.settled();
      expect(gated.calls.deletes).toBe(2);
    });

    it('reports a failing sweep instead of failing the write, and tries again a minute later', async () => {
      const clock = testClock(START);
      const failing = failingDeletes(db);
      const errors: unknown[] = [];
      const store = createDialogueRepository(failing.db, clock, { onSweepError: (error) => errors.push(error) });
      await expect(store.set('live:1', { step: 'name' }, 3600)).resolves.toBeUndefined();
      await store.settled();
      expect(errors).toHaveLength(1);
      expect(await store.get('live:1')).toEqual({ step: 'name' });

      clock.set(at(START, 30_000));
      await store.set('live:1', { step: 'country' }, 3600);
      await store.settled();
      expect(failing.calls.deletes).toBe(1);

      clock.set(at(START, 60_000));
      await store.set('live:1', { step: 'confirm' }, 3600);
      await store.settled();
      expect(failing.calls.deletes).toBe(2);
      expect(errors).toHaveLength(2);
    });
    it('in a unit of work, writes drafts with its commit, reads its own writes back, and leaves nothing if the unit fails', async () => {
      const clock = testClock(START);
      const unitDb = contextualDb(db);
      const store = createDialogueRepository(unitDb, clock);
      await store.set('sign:kept', { step: 'name' }, 3600);
      await store.set('sign:gone', { step: 'name' }, 3600);
      const seen = await inUnitOfWork(unitDb, async () => {
        await store.set('sign:kept', { step: 'country' }, 3600);
        await store.set('sign:new', { step: 'name' }, 60);
        await store.delete('sign:gone');
        // Not in the table yet, even for this transaction: sent with COMMIT.
        expect(await countKeys(unitDb, 'sign')).toBe(2);
        expect((await unitDb.select({ key: dialogues.key }).from(dialogues).orderBy(dialogues.key)).map((r) => r.key)).toEqual(['sign:gone', 'sign:kept']);
        return { kept: await store.get('sign:kept'), created: await store.get('sign:new'), gone: await store.get('sign:gone') };
      });
      expect(seen).toEqual({ kept: { step: 'country' }, created: { step: 'name' }, gone: null });
      expect(await store.get('sign:kept')).toEqual({ step: 'country' });
      expect(await store.get('sign:new')).toEqual({ step: 'name' });
      expect(await store.get('sign:gone')).toBeNull();

      // A draft written in a unit expires as one in the table does.
      await inUnitOfWork(unitDb, async () => {
        await store.set('sign:short', { step: 'name' }, 60);
        clock.set(at(START, 61_000));
        expect(await store.get('sign:short')).toBeNull();
      });
      clock.set(START);

      // The unit fails after its writes: none of them stays.
      await expect(
        inUnitOfWork(unitDb, async () => {
          await store.set('sign:kept', { step: 'confirm' }, 3600);
          await store.delete('sign:new');
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      expect(await store.get('sign:kept')).toEqual({ step: 'country' });
      expect(await store.get('sign:new')).toEqual({ step: 'name' });
    });
  });
}
