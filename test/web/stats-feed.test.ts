import { describe, expect, it } from 'vitest';
import { createStatsFeed, type PublicFigures, type StatsSnapshot } from '../../src/web/stats-feed.ts';

const clock = () => new Date('2026-11-29T15:00:00Z');
const statsWith = (total: number): PublicFigures => ({
  total,
  byCountry: { KR: total },
  byPlatform: { telegram: total },
  nations: total > 0 ? 1 : 0,
  goal: 10,
  progress: total / 10,
  perDay: [],
  paper: {},
  deliveries: [],
  review: { held: { total: 0, byRule: {} }, invalid: { total: 0, byReason: {} }, approved: { total: 0, byRule: {} } },
});

function fakeSource() {
  let total = 0;
  let reads = 0;
  let failing = false;
  return {
    read: async () => {
      reads++;
      await new Promise((r) => setTimeout(r, 5));
      if (failing) throw new Error('database unreachable');
      return statsWith(total);
    },
    sign: () => total++,
    fail: (on: boolean) => (failing = on),
    reads: () => reads,
  };
}

describe('the shared feed of figures', () => {
  it('answers many concurrent readers with one query, then from its cache', async () => {
    const source = fakeSource();
    let now = 0;
    const feed = createStatsFeed(source.read, clock, { maxAgeMs: 1000, elapsed: () => now });
    const snapshots = await Promise.all(Array.from({ length: 50 }, () => feed.current()));
    expect(source.reads()).toBe(1);
    expect(new Set(snapshots).size).toBe(1);
    now = 500;
    await feed.current();
    expect(source.reads()).toBe(1);
    now = 1500;
    await feed.current();
    expect(source.reads()).toBe(2);
  });

  it('hands over fresh figures at once, and none once they are older than maxAgeMs', async () => {
    const source = fakeSource();
    let now = 0;
    const feed = createStatsFeed(source.read, clock, { maxAgeMs: 1000, elapsed: () => now });
    expect(feed.fresh()).toBeNull();
    const read = await feed.current();
    now = 999;
    expect(feed.fresh()).toBe(read);
    now = 1000;
    expect(feed.fresh()).toBeNull();
    expect(source.reads()).toBe(1);
  });

  it('keeps the same snapshot (and its time) while the figures do not change', async () => {
    const source = fakeSource();
    let now = 0;
    const feed = createStatsFeed(source.read, clock, { maxAgeMs: 10, elapsed: () => now });
    const first = await feed.current();
    now = 100;
    expect(await feed.current()).toBe(first);
    source.sign();
    now = 200;
    const second = await feed.current();
    expect(second.version).not.toBe(first.version);
    expect(second.stats.total).toBe(1);
    expect(second.readAt).toEqual(clock());
  });

  it('polls once per interval for all listeners together and tells them only about changes', async () => {
    const source = fakeSource();
    const feed = createStatsFeed(source.read, clock, { pollMs: 40 });
    const heard: StatsSnapshot[][] = Array.from({ length: 100 }, () => []);
    const stops = heard.map((list) => feed.subscribe((s) => list.push(s)));
    await new Promise((r) => setTimeout(r, 200));
    const readsWhileIdle = source.reads();
    // About five polls in 200 ms for a hundred listeners (one query per listener would be 100+).
    expect(readsWhileIdle).toBeGreaterThanOrEqual(2);
    expect(readsWhileIdle).toBeLessThanOrEqual(10);
    source.sign();
    for (let waited = 0; waited < 3000 && heard.some((list) => list.length < 2); waited += 20) await new Promise((r) => setTimeout(r, 20));
    for (const list of heard) expect(list.map((s) => s.stats.total)).toEqual([0, 1]);
    stops.forEach((stop) => stop());
    expect(feed.listeners()).toBe(0);
    const afterStop = source.reads();
    await new Promise((r) => setTimeout(r, 120));
    expect(source.reads()).toBe(afterStop);
    feed.close();
  });

  it('serves the last figures while the database is down, and fails only with none', async () => {
    const source = fakeSource();
    const errors: unknown[] = [];
    let now = 0;
    const feed = createStatsFeed(source.read, clock, { maxAgeMs: 10, elapsed: () => now, onError: (e) => errors.push(e) });
    source.fail(true);
    await expect(feed.current()).rejects.toThrow('database unreachable');
    source.fail(false);
    const good = await feed.current();
    source.fail(true);
    now = 100;
    expect(await feed.current()).toBe(good);
    expect(errors).toHaveLength(1);
  });
});
