/**
 * The running counts kept by the triggers on `signatures` (migrations 0009,
 * 0016, 0017, 0020): they always equal the valid rows, whatever inserts,
 * reviews and withdrawals change in bulk; signings under way at the same time
 * never wait on each other's counters (each takes a slot no one else holds),
 * not even a counter's first ones, before it has rows; and one that finds
 * every slot held waits for one holder per counter only.
 */
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/storage/rows.ts';
import { DRIVERS, openTestDatabase } from '../support/databases.ts';

const CAMPAIGN = 'tally-campaign';

/** One made-up signature as a VALUES row (valid unless said). */
const row = (key: string, country: string, day: string, state = 'valid', platform = 'telegram') =>
  `('${CAMPAIGN}', '${key}', 'Made Up Person', 'full', '${country}', 'en', '${platform}', '${day}T12:00:00Z', '${day}', '${state}', ${state === 'held' ? "'burst'" : 'null'})`;
const INSERT = 'insert into signatures (campaign_id, signer_key, display_name, name_style, country, language, platform, signed_at, signed_on, state, held_rule) values ';

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`signature tallies on ${driver.name}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    const run = (text: string) => handle.database.db.execute(sql.raw(text));
    /** Counters and the rows they count, side by side. */
    const compare = async () => {
      const [counted] = rowsOf<{ tallies: string; daily: string; rows: string; days: string }>(
        await run(`select
          (select coalesce(json_agg(t order by t.country, t.platform), '[]') from (select country, platform, sum(n)::int as n from signature_tallies where campaign_id = '${CAMPAIGN}' group by 1, 2 having sum(n) <> 0) t)::text as tallies,
          (select coalesce(json_agg(t order by t.country, t.platform), '[]') from (select country, platform, count(*)::int as n from signatures where campaign_id = '${CAMPAIGN}' and state = 'valid' group by 1, 2) t)::text as rows,
          (select coalesce(json_agg(d order by d.day), '[]') from (select day::text, sum(n)::int as n from signature_daily where campaign_id = '${CAMPAIGN}' group by 1 having sum(n) <> 0) d)::text as daily,
          (select coalesce(json_agg(d order by d.day), '[]') from (select signed_on::text as day, count(*)::int as n from signatures where campaign_id = '${CAMPAIGN}' and state = 'valid' group by 1) d)::text as days`),
      );
      return { tallies: JSON.parse(counted!.tallies) as unknown, rows: JSON.parse(counted!.rows) as unknown, daily: JSON.parse(counted!.daily) as unknown, days: JSON.parse(counted!.days) as unknown };
    };

    beforeAll(async () => {
      handle = await openTestDatabase(driver.name);
    });
    afterAll(async () => handle?.dispose());

    it('equal the valid rows after bulk inserts, reviews, withdrawals and moves', async () => {
      const countries = ['KR', 'US', 'JP'];
      const days = ['2026-11-28', '2026-11-29'];
      await run(INSERT + Array.from({ length: 60 }, (_, i) => row(`bulk-${i}`, countries[i % 3]!, days[i % 2]!, i % 5 === 0 ? 'held' : 'valid', i % 4 === 0 ? 'discord' : 'telegram')).join(', '));
      await run(INSERT + row('single-1', 'KR', '2026-11-29'));
      // Review: some held become valid, some valid become invalid (with the reasons the table asks for).
      await run(`update signatures set state = 'valid' where campaign_id = '${CAMPAIGN}' and state = 'held' and signer_key in ('bulk-0', 'bulk-10', 'bulk-20')`);
      await run(`update signatures set state = 'invalid', invalid_reason = 'duplicate', reviewed_by = 'test', reviewed_at = now() where campaign_id = '${CAMPAIGN}' and signer_key in ('bulk-1', 'bulk-2', 'bulk-3')`);
      // Withdrawals, one and many; a change of country and of day.
      await run(`delete from signatures where campaign_id = '${CAMPAIGN}' and signer_key = 'bulk-7'`);
      await run(`delete from signatures where campaign_id = '${CAMPAIGN}' and signer_key in ('bulk-11', 'bulk-13', 'bulk-14', 'bulk-25')`);
      await run(`update signatures set country = 'CA', signed_on = '2026-11-27' where campaign_id = '${CAMPAIGN}' and signer_key in ('bulk-4', 'bulk-8')`);
      const { tallies, rows, daily, days: signedDays } = await compare();
      expect(tallies).toEqual(rows);
      expect(daily).toEqual(signedDays);
      expect((rows as Array<{ n: number }>).reduce((sum, r) => sum + r.n, 0)).toBe(61 - 12 + 3 - 3 - 4);
    });

    // Real Postgres only: PGlite has one connection, so its transactions never overlap.
    if (driver.name !== 'postgres') return;
    /**
     * Twelve transactions each insert one signature of `country` on `day` and
     * stay open; whether all inserts returned within 3 s, then all commit.
     */
    const twelveAtOnce = async (prefix: string, country: string, day: string) => {
      const clients = postgres(handle.url, { max: 12, onnotice: () => {} });
      try {
        const connections = await Promise.all(Array.from({ length: 12 }, () => clients.reserve()));
        await Promise.all(connections.map((c) => c`begin`));
        const inserted = Promise.all(connections.map((c, i) => c.unsafe(INSERT + row(`${prefix}-${i}`, country, day))));
        inserted.catch(() => {});
        const outcome = await Promise.race([inserted.then(() => 'all inserted'), new Promise((resolve) => setTimeout(() => resolve('one waited'), 3000))]);
        await Promise.all(connections.map((c) => c`commit`));
        await inserted;
        connections.forEach((c) => c.release());
        return outcome;
      } finally {
        await clients.end();
      }
    };
    const expectCounted = async (country: string, n: number) => {
      const { tallies, rows, daily, days } = await compare();
      expect(tallies).toEqual(rows);
      expect(daily).toEqual(days);
      expect((rows as Array<{ country: string; n: number }>).find((r) => r.country === country)?.n).toBe(n);
    };

    it('let signings under way at the same time go on without waiting for each other to commit', async () => {
      // The counters of this country, platform and day exist (a signature came before).
      await run(INSERT + row('first-of-day', 'DE', '2026-11-30'));
      expect(await twelveAtOnce('concurrent', 'DE', '2026-11-30')).toBe('all inserted');
      await expectCounted('DE', 13);
    });

    it('let the first signings of a new country, platform and day go on without waiting for each other to commit', async () => {
      // No signature of this country, platform or day came before: their counters have no rows yet.
      expect(await twelveAtOnce('newcomer', 'NZ', '2026-12-02')).toBe('all inserted');
      await expectCounted('NZ', 12);
    });

    it('make a signing that finds every slot held wait for one signing under way per counter, not for each in turn', async () => {
      // The counters of this country, platform and day exist.
      await run(INSERT + row('first-of-rush', 'FR', '2026-12-01'));
      const clients = postgres(handle.url, { max: 17, onnotice: () => {} });
      try {
        const holders = await Promise.all(Array.from({ length: 16 }, () => clients.reserve()));
        const late = await clients.reserve();
        const pids = new Map<number, (typeof holders)[number]>();
        for (const c of holders) pids.set((await c<Array<{ pid: number }>>`select pg_backend_pid() as pid`)[0]!.pid, c);
        const latePid = (await late<Array<{ pid: number }>>`select pg_backend_pid() as pid`)[0]!.pid;
        // Sixteen signings under way hold every slot of both counters.
        await Promise.all(holders.map((c) => c`begin`));
        await Promise.all(holders.map((c, i) => c.unsafe(INSERT + row(`rush-${i}`, 'FR', '2026-12-01'))));
        let done = false;
        const signed = late.unsafe(INSERT + row('rush-late', 'FR', '2026-12-01')).then(() => (done = true));
        signed.catch(() => {});
        /** The one signing the late one waits for now, or none once it is signed. */
        const blockerOf = async () => {
          for (let i = 0; i < 300 && !done; i++) {
            // One row per blocker: the app's client parses no arrays (database.ts).
            const blockers = rowsOf<{ pid: number }>(await run(`select unnest(pg_blocking_pids(${latePid})) as pid`));
            if (blockers.length > 0) {
              expect(blockers).toHaveLength(1);
              return pids.get(Number(blockers[0]!.pid))!;
            }
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          if (!done) throw new Error('the late signing neither waited nor was signed');
          return undefined;
        };
        // Commit only the signing it waits for, each time it waits. One wait
        // per counter (tally, then daily) at most: the holder committed for the
        // first may not yet have let go of its slot of the second when the late
        // signing looks for one (Postgres wakes a waiter as it releases each
        // lock, not after the last), so the late one may wait for another
        // holder there. Waiting for each holder in turn (migration 0016) would
        // need all sixteen to commit.
        const committed: Array<(typeof holders)[number]> = [];
        const first = await blockerOf();
        expect(first).toBeDefined();
        for (let blocker = first; blocker && committed.length < 2; blocker = await blockerOf()) {
          await blocker`commit`;
          committed.push(blocker);
        }
        const outcome = await Promise.race([signed.then(() => 'signed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000))]);
        await Promise.all(holders.filter((c) => !committed.includes(c)).map((c) => c`commit`));
        await signed;
        [...holders, late].forEach((c) => c.release());
        expect(outcome).toBe('signed');
      } finally {
        await clients.end();
      }
      await expectCounted('FR', 18);
    });
  });
}
