/**
 * Stats latency (total, by country, by platform, per day) through the core on
 * real Postgres, at 1,000 and at 1,000,000 signatures, beside a naive
 * `count(*) ... group by country` over the signatures table at 1,000,000.
 *
 *   npx tsx bench/stats-latency.ts [--rows 1000000] [--samples 500] [--short]
 */
import { sql } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../src/app.ts';
import { testCampaign } from '../test/support/test-app.ts';
import { isShortRun, report } from './support/report.ts';
import { fmt, percentile, scratchDatabase } from './support/scratch-database.ts';

const short = isShortRun();
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: short ? '100000' : '1000000' },
    samples: { type: 'string', default: short ? '100' : '500' },
    short: { type: 'boolean', default: false },
  },
});
const LARGE = Number(values.rows);
const SMALL = 1000;
const SAMPLES = Number(values.samples);

/** Inserts made-up anonymous signatures straight in SQL; the tally trigger fires for each row. */
async function fill(app: App, from: number, to: number): Promise<void> {
  const campaignId = app.core.campaign.id;
  for (let start = from; start < to; start += 100_000) {
    const end = Math.min(to, start + 100_000);
    await app.database.db.execute(sql`
      insert into signatures (campaign_id, signer_key, display_name, name_style, country, language, platform, signed_at, signed_on)
      select ${campaignId}, 'bench-' || i, null, 'anonymous',
             (array['KR','US','JP','CA','GB','DE','FR','AU','TW','BR','NZ','NL','IT','ES','MX','PH','ID','SG','HK','IN'])[1 + i % 20],
             (array['en','ko','zh'])[1 + i % 3], (array['telegram','discord','terminal'])[1 + i % 3],
             timestamptz '2026-09-01' + (i % 100) * interval '1 day', date '2026-09-01' + (i % 100)
      from generate_series(${start}::int, ${end - 1}::int) as i`);
  }
  await app.database.db.execute(sql`analyze`);
}

async function measure(run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 50; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const scratch = await scratchDatabase('bench_stats');
try {
  const app = await createApp(
    { database: { url: scratch.url, poolSize: 4 }, dataDir: '/nonexistent', signerKeySecret: 'bench-secret-bench-secret-bench-secret-000', campaignFile: null },
    { clock: () => new Date('2026-11-29T15:00:00Z'), campaign: testCampaign() },
  );
  const stats = () => app.core.petition.stats();

  await fill(app, 0, SMALL);
  const small = await measure(stats);
  const check = await stats();
  if (check.total !== SMALL) throw new Error(`expected ${SMALL} signatures, counted ${check.total}`);

  const t0 = performance.now();
  await fill(app, SMALL, LARGE);
  const fillSeconds = (performance.now() - t0) / 1000;
  const burst = await measure(stats);
  // Every signature rewrote a tally row; autovacuum reclaims the old versions
  // within a minute or so. Measure right after the burst and once it has run.
  await app.database.db.execute(sql`vacuum analyze signature_tallies, signature_daily`);
  const large = await measure(stats);
  const checkLarge = await stats();
  if (checkLarge.total !== LARGE || checkLarge.nations !== 20) throw new Error(`expected ${LARGE} signatures in 20 nations, got ${checkLarge.total} in ${checkLarge.nations}`);

  const naiveSamples = Math.min(SAMPLES, 30);
  const naiveTimes: number[] = [];
  for (let i = 0; i < naiveSamples; i++) {
    const s = performance.now();
    await app.database.db.execute(sql`select country, count(*) from signatures where campaign_id = ${app.core.campaign.id} group by country`);
    naiveTimes.push(performance.now() - s);
  }
  naiveTimes.sort((a, b) => a - b);
  await app.close();

  console.log(`stats latency through the core (total, by country, by platform, per day), ${SAMPLES} sequential calls, PostgreSQL on 127.0.0.1`);
  console.log(`  at ${SMALL.toLocaleString('en')} signatures       p50 ${fmt(small.p50, 2)} ms  p99 ${fmt(small.p99, 2)} ms`);
  console.log(`  at ${LARGE.toLocaleString('en')} signatures   p50 ${fmt(large.p50, 2)} ms  p99 ${fmt(large.p99, 2)} ms   (goal: p50 < 5 ms; tallies vacuumed, as autovacuum does)`);
  console.log(`  at ${LARGE.toLocaleString('en')} signatures   p50 ${fmt(burst.p50, 2)} ms  p99 ${fmt(burst.p99, 2)} ms   (right after the burst, before any vacuum)`);
  console.log(`  ratio large/small p50 = ${fmt(large.p50 / small.p50, 2)}x   (goal: <= 3x)`);
  console.log(`  reference: naive count(*) group by country at ${LARGE.toLocaleString('en')}: p50 ${fmt(percentile(naiveTimes, 50), 1)} ms`);
  console.log(`  (filling ${(LARGE - SMALL).toLocaleString('en')} rows through the tally trigger took ${fmt(fillSeconds)} s)`);
  const naiveP50 = percentile(naiveTimes, 50);
  report({
    name: `stats p50 at ${LARGE.toLocaleString('en')} signatures`,
    figure: large.p50,
    unit: 'ms',
    reference: naiveP50,
    referenceLabel: 'naive count(*) group by country',
    goal: '< 5 ms',
    met: large.p50 < 5,
  });
  report({
    name: `stats p50 at ${LARGE.toLocaleString('en')} vs ${SMALL.toLocaleString('en')}`,
    figure: large.p50,
    unit: 'ms',
    reference: small.p50,
    referenceLabel: `same at ${SMALL.toLocaleString('en')} signatures`,
    goal: '<= 3x reference',
    met: large.p50 <= 3 * small.p50,
  });
} finally {
  await scratch.drop();
}
