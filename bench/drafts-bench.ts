/**
 * Sign dialogues with many live drafts in the table: people signing through
 * the real Telegram bot (grammY, the chat layer, the drafts store, real
 * Postgres, fake Bot API on 127.0.0.1) while --drafts other people's
 * half-finished dialogues sit in `dialogues`, beside the same bot on a
 * database whose `dialogues` table is empty, in one run. Rounds alternate
 * between the two (A B B A …) so a busy machine weighs on both alike.
 * Goal: with drafts, updates/s within 10% of without.
 *
 *   npx tsx bench/drafts-bench.ts [--drafts 200000] [--signers 60] [--rounds 8] [--chats 32] [--seconds 60] [--short]
 */
import { sql } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import type { App } from '../src/app.ts';
import { isShortRun, report } from './support/report.ts';
import { fmt, percentile, scratchDatabase } from './support/scratch-database.ts';
import { startCampaignBot, startTelegramLoad, type DriveResult } from './support/telegram-load.ts';

const short = isShortRun();
const { values } = parseArgs({
  options: {
    drafts: { type: 'string', default: short ? '50000' : '200000' },
    signers: { type: 'string', default: short ? '30' : '60' },
    rounds: { type: 'string', default: short ? '2' : '8' },
    chats: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '60' },
    short: { type: 'boolean', default: false },
  },
});
const DRAFTS = Number(values.drafts);
const SIGNERS = Number(values.signers);
const ROUNDS = Number(values.rounds);
const CHATS = Number(values.chats);
const WARM_UP_SIGNERS = short ? 10 : 40;
const SEEDED_KEY_PREFIX = 'sign:bench-draft-';

// The app's clock moves with the run (from a campaign day), so the once-a-minute
// sweep runs as it would in production; the bench itself reads only performance.now().
const CLOCK_START = Date.parse('2026-11-29T15:00:00Z');
const runStarted = performance.now();
const clock = () => new Date(CLOCK_START + (performance.now() - runStarted));

/** Live drafts of made-up people at every step, expiring over the next day as real ones would. */
async function seedDrafts(app: App, n: number): Promise<void> {
  const now = clock();
  for (let start = 0; start < n; start += 50_000) {
    const end = Math.min(n, start + 50_000);
    await app.database.db.execute(sql`
      insert into dialogues (key, state, expires_at)
      select ${SEEDED_KEY_PREFIX} || md5(i::text),
             jsonb_build_object('step', (array['name','country','confirm'])[1 + i % 3], 'referral', null,
                                'name', jsonb_build_object('style', 'initials', 'name', 'K. Y.'), 'country', 'KR'),
             ${now.toISOString()}::timestamptz + (3600 + i % 82800) * interval '1 second'
      from generate_series(${start}::int, ${end - 1}::int) as i`);
  }
}

async function countRows(app: App, query: ReturnType<typeof sql>): Promise<number> {
  const result = await app.database.db.execute<{ n: number }>(query);
  const rows = (result as unknown as { rows?: Array<{ n: number }> }).rows ?? (result as unknown as Array<{ n: number }>);
  return Number(rows[0]!.n);
}

/** Several rounds as one: updates/s over their summed time, percentiles over all latencies. */
function pooled(rounds: DriveResult[]) {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const handled = rounds.reduce((sum, r) => sum + r.handled, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  return { handled, perSecond: handled / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), complete: rounds.every((r) => r.complete) };
}

const load = await startTelegramLoad({ chats: CHATS, timeLimitMs: Number(values.seconds) * 1000 });
const emptyDb = await scratchDatabase('bench_drafts_none');
const fullDb = await scratchDatabase('bench_drafts_many');
const apps: App[] = [];
try {
  const without = await startCampaignBot(emptyDb.url, load.api, { poolSize: CHATS, clock });
  apps.push(without.app);
  const withDrafts = await startCampaignBot(fullDb.url, load.api, { poolSize: CHATS, clock });
  apps.push(withDrafts.app);

  const seedStarted = performance.now();
  await seedDrafts(withDrafts.app, DRAFTS);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  // Both databases get fresh planner statistics, so only the drafts differ.
  for (const app of apps) await app.database.db.execute(sql`analyze`);

  let nextUser = 10_000_000;
  const script = (n: number) => {
    const s = load.signScript(nextUser, n);
    nextUser += n;
    return s;
  };
  // Warm up both (JIT, connection pools, prepared statements).
  await load.drive(without.handle, script(WARM_UP_SIGNERS));
  await load.drive(withDrafts.handle, script(WARM_UP_SIGNERS));

  const rounds = { without: [] as DriveResult[], with: [] as DriveResult[] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const);
    for (const side of order) rounds[side].push(await load.drive(side === 'with' ? withDrafts.handle : without.handle, script(SIGNERS)));
  }
  const a = pooled(rounds.without);
  const b = pooled(rounds.with);

  const expected = WARM_UP_SIGNERS + ROUNDS * SIGNERS;
  const signedWithout = (await without.app.core.petition.stats()).total;
  const signedWith = (await withDrafts.app.core.petition.stats()).total;
  const seededLeft = await countRows(withDrafts.app, sql`select count(*)::int as n from dialogues where key like ${SEEDED_KEY_PREFIX + '%'}`);
  const openDrafts = await countRows(withDrafts.app, sql`select count(*)::int as n from dialogues where key not like ${SEEDED_KEY_PREFIX + '%'}`);

  console.log(`\nsign dialogues through the Telegram bot, fake Bot API on 127.0.0.1, real Postgres; ${CHATS} chats in flight,`);
  console.log(`${ROUNDS} alternating rounds of ${SIGNERS} signers (4 updates each) per side; ${DRAFTS.toLocaleString('en')} live drafts seeded in ${fmt(seedSeconds)} s\n`);
  console.log(`${'dialogues table'.padEnd(28)}${'updates'.padStart(8)}${'updates/s'.padStart(11)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
  for (const [label, r] of [
    ['empty', a],
    [`${DRAFTS.toLocaleString('en')} live drafts`, b],
  ] as const) {
    console.log(`${label.padEnd(28)}${String(r.handled).padStart(8)}${fmt(r.perSecond, 0).padStart(11)}${fmt(r.p50, 2).padStart(9)}${fmt(r.p99, 2).padStart(9)}${r.complete ? '' : '  (stopped at the time limit)'}`);
  }
  const perRound = (list: DriveResult[]) => list.map((r) => fmt(r.perSecond, 0)).join(' ');
  console.log(`updates/s by round: empty ${perRound(rounds.without)}; with drafts ${perRound(rounds.with)}`);
  console.log(`\nwith / without: updates/s ${fmt((b.perSecond / a.perSecond) * 100)}%, p50 ${fmt((b.p50 / a.p50) * 100)}%, p99 ${fmt((b.p99 / a.p99) * 100)}%   (goal: updates/s >= 90%)`);
  console.log(`signatures written: ${signedWithout} and ${signedWith} (expected ${expected} each); seeded drafts left ${seededLeft} of ${DRAFTS}; finished dialogues left behind ${openDrafts}`);

  for (const app of apps.splice(0)) await app.close();
  report({
    name: `drafts: sign updates/s, ${DRAFTS.toLocaleString('en')} drafts`,
    figure: b.perSecond,
    unit: 'updates/s',
    reference: a.perSecond,
    referenceLabel: 'empty dialogues table',
    goal: '>= 90% of reference',
    met: b.perSecond >= 0.9 * a.perSecond,
  });
  report({
    name: `drafts: sign p50, ${DRAFTS.toLocaleString('en')} drafts`,
    figure: b.p50,
    unit: 'ms',
    reference: a.p50,
    referenceLabel: 'empty dialogues table',
    goal: '<= 110% of reference',
    met: b.p50 <= 1.1 * a.p50,
  });
  // Live drafts must survive the sweep, and every signer must be signed exactly once.
  if (a.complete && b.complete && (signedWithout !== expected || signedWith !== expected)) throw new Error(`signatures written ${signedWithout} and ${signedWith}, expected ${expected}`);
  if (seededLeft !== DRAFTS) throw new Error(`${DRAFTS - seededLeft} live drafts disappeared`);
} finally {
  for (const app of apps) await app.close();
  await load.close();
  await emptyDb.drop();
  await fullDb.drop();
}
