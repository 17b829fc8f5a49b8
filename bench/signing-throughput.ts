/**
 * Signing throughput through the core (PetitionService.sign -> drizzle ->
 * postgres.js -> the signatures table and its tally trigger), printed beside
 * raw pgbench running single-row INSERT ... ON CONFLICT DO NOTHING on the
 * same server in the same run.
 *
 *   npx tsx bench/signing-throughput.ts [--seconds 10] [--clients 10] [--short]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.ts';
import { testCampaign } from '../test/support/test-app.ts';
import { isShortRun, report } from './support/report.ts';
import { fmt, percentile, scratchDatabase } from './support/scratch-database.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: isShortRun() ? '3' : '10' }, clients: { type: 'string', default: '10' }, short: { type: 'boolean', default: false } },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);

const scratch = await scratchDatabase('bench_sign');
try {
  const clock = () => new Date('2026-11-29T15:00:00Z');
  const app = await createApp(
    { database: { url: scratch.url, poolSize: CLIENTS }, dataDir: '/nonexistent', signerKeySecret: 'bench-secret-bench-secret-bench-secret-000', campaignFile: null },
    { clock, campaign: testCampaign() },
  );

  // pgbench first: the same table, trigger included, and a bare table without one.
  const pgbench = (sqlText: string, label: string) => {
    const file = join(tmpdir(), `bench-${label}.sql`);
    writeFileSync(file, sqlText);
    const out = execFileSync('pgbench', ['-n', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), '-f', file, scratch.url.replace('postgres://', 'postgresql://')], {
      encoding: 'utf8',
    });
    const tps = /tps = ([\d.]+)/.exec(out);
    return Number(tps?.[1]);
  };
  const rawSameTable = pgbench(
    `\\set k random(1, 2000000000)
INSERT INTO signatures (campaign_id, signer_key, display_name, name_style, country, language, platform, signed_on)
VALUES ('pgbench', 'k' || :k || '-' || :client_id, NULL, 'anonymous', 'KR', 'en', 'pgbench', '2026-11-29') ON CONFLICT DO NOTHING;
`,
    'same-table',
  );
  await app.database.db.execute(`create table bare_inserts (campaign_id text, signer_key text, primary key (campaign_id, signer_key))` as never);
  const rawBare = pgbench(
    `\\set k random(1, 2000000000)
INSERT INTO bare_inserts VALUES ('pgbench', 'k' || :k || '-' || :client_id) ON CONFLICT DO NOTHING;
`,
    'bare',
  );

  // The core, with as many signers in flight as pgbench had clients.
  const countries = ['KR', 'US', 'JP', 'CA', 'GB', 'DE', 'FR', 'AU', 'TW', 'BR'];
  let next = 0;
  let signed = 0;
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        const outcome = await app.core.petition.sign(
          { platform: 'bench', userId: String(i) },
          { name: { style: 'full', name: 'Bench Signer' }, country: countries[i % countries.length]!, language: 'en' },
        );
        latencies.push(performance.now() - t0);
        if (outcome.status === 'signed') signed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const coreTps = signed / elapsed;
  latencies.sort((a, b) => a - b);
  await app.close();

  console.log(`signing throughput, ${CLIENTS} concurrent clients, ${SECONDS} s each, PostgreSQL on 127.0.0.1`);
  console.log(`  raw pgbench INSERT ON CONFLICT DO NOTHING, bare table    ${fmt(rawBare)} tps`);
  console.log(`  raw pgbench INSERT ON CONFLICT DO NOTHING, signatures    ${fmt(rawSameTable)} tps  (same table, tally trigger included)`);
  console.log(`  core PetitionService.sign (validate, hash, insert, count) ${fmt(coreTps)} signatures/s  p50 ${fmt(percentile(latencies, 50), 2)} ms  p99 ${fmt(percentile(latencies, 99), 2)} ms`);
  console.log(`  core / raw(signatures) = ${fmt((coreTps / rawSameTable) * 100)}%   core / raw(bare) = ${fmt((coreTps / rawBare) * 100)}%   (goal: >= 50%)`);
  report({
    name: 'signing throughput',
    figure: coreTps,
    unit: 'signatures/s',
    reference: rawSameTable,
    referenceLabel: 'pgbench INSERT, same table',
    goal: '>= 50% of reference',
    met: coreTps >= 0.5 * rawSameTable,
  });
} finally {
  await scratch.drop();
}
