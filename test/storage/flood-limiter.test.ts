import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFloodLimiter, createMemoryFloodLimiter } from '../../src/storage/flood-limiter.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { DRIVERS, openTestDatabase } from '../support/databases.ts';

const LIMITS = { commands: 3, perSeconds: 2 };

describe('flood limit in memory', () => {
  it('allows a burst up to the limit, then refuses with the wait, telling the person once', async () => {
    const flood = createMemoryFloodLimiter(LIMITS);
    expect([await flood.allow('k1'), await flood.allow('k1'), await flood.allow('k1')]).toEqual([true, true, true]);
    const first = await flood.allow('k1');
    const second = await flood.allow('k1');
    expect(first).toMatchObject({ notify: true });
    expect(second).toMatchObject({ notify: false });
    if (first === true) throw new Error('allowed');
    expect(first.retryAfterMs).toBeGreaterThan(0);
    expect(first.retryAfterMs).toBeLessThanOrEqual(2_000);
    // Someone else is not affected.
    expect(await flood.allow('k2')).toBe(true);
  });

  it('lets the person in again once the window has passed', async () => {
    const flood = createMemoryFloodLimiter({ commands: 1, perSeconds: 1 });
    expect(await flood.allow('k')).toBe(true);
    expect(await flood.allow('k')).not.toBe(true);
    await sleep(1_100);
    expect(await flood.allow('k')).toBe(true);
  });
});

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`flood limit for this database, ${driver.name}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    beforeAll(async () => {
      handle = await openTestDatabase(driver.name);
    });
    afterAll(async () => handle?.dispose());
    const counters = async () => rowsOf<{ key: string; points: number }>(await handle.database.db.execute(sql`select key, points from flood_counters`));

    it(driver.name === 'postgres' ? 'is shared by every instance through the database' : 'counts in memory on the embedded database', async () => {
      const instanceA = createFloodLimiter(handle.database, LIMITS);
      const instanceB = createFloodLimiter(handle.database, LIMITS);
      expect(await instanceA.allow('signer-key-1')).toBe(true);
      expect(await instanceB.allow('signer-key-1')).toBe(true);
      expect(await instanceA.allow('signer-key-1')).toBe(true);
      if (driver.name === 'postgres') {
        expect(await instanceB.allow('signer-key-1')).toMatchObject({ notify: true });
        expect(await counters()).toEqual([{ key: 'flood:signer-key-1', points: 4 }]);
        // Over the limit, the key is blocked in memory: the flood no longer reaches the database.
        for (let i = 0; i < 20; i++) expect(await instanceB.allow('signer-key-1')).toMatchObject({ notify: false });
        expect((await counters())[0]!.points).toBe(4);
      } else {
        // One process: each limiter counts its own, and nothing is written.
        expect(await instanceB.allow('signer-key-1')).toBe(true);
        expect(await counters()).toEqual([]);
      }
    });

    // Only a server can be down while the app runs; the embedded database never writes here.
    if (driver.name === 'postgres') it('keeps limiting in memory when the database is down', async () => {
      const other = await openTestDatabase(driver.name);
      const flood = createFloodLimiter(other.database, LIMITS);
      await other.dispose();
      expect([await flood.allow('k'), await flood.allow('k'), await flood.allow('k')]).toEqual([true, true, true]);
      expect(await flood.allow('k')).toMatchObject({ notify: true });
    });
  });
}

describe.skipIf(!DRIVERS[1].enabled)('flood counts shared through Postgres, one statement per turn', () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    handle = await openTestDatabase('postgres');
  });
  afterAll(async () => handle?.dispose());

  it('counts commands of one turn together, each caller with its own count, people apart', async () => {
    const flood = createFloodLimiter(handle.database, LIMITS);
    const burst = await Promise.all([...['a', 'a', 'b', 'a', 'a', 'a'].map((who) => flood.allow(`turn-${who}`))]);
    expect(burst).toEqual([true, true, true, true, expect.objectContaining({ notify: true }), expect.objectContaining({ notify: false })]);
    const rows = rowsOf<{ key: string; points: number }>(await handle.database.db.execute(sql`select key, points from flood_counters where key like 'flood:turn-%' order by key`));
    expect(rows).toEqual([
      { key: 'flood:turn-a', points: 5 },
      { key: 'flood:turn-b', points: 1 },
    ]);
  });

  it('starts a new window once the last one has ended, by the database clock', async () => {
    const flood = createFloodLimiter(handle.database, { commands: 1, perSeconds: 1 });
    expect(await flood.allow('window')).toBe(true);
    const refused = await flood.allow('window');
    expect(refused).toMatchObject({ notify: true });
    if (refused === true) throw new Error('allowed');
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);
    await sleep(1_100);
    expect(await flood.allow('window')).toBe(true);
  });
});
