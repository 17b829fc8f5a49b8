/**
 * Signing throughput through the core (PetitionService.sign) with every
 * review rule on, beside the same with every rule off, in one run, on the
 * same scratch database of the local PostgreSQL. Goal: rules on >= 90% of
 * rules off.
 *
 * Both modes sign the same kind of traffic (full names from a pool, initials,
 * anonymous; referral codes; Discord communities and account ages), in short
 * alternating rounds so neither profits from a smaller table or a quieter
 * moment on a shared machine; the verdict is the median of the per-round
 * ratios, which one noisy round cannot swing. A third mode, rules off again
 * on its own connections, runs in the same rounds as a control: its ratio to
 * the first says how far two identical runs drift on this machine right now,
 * so a result can be read against the noise. The surge
 * limits are raised for the run: at thousands of signings a second the real
 * limits would hold nearly everything at the surge rule, and a held signing
 * skips the same-name lookup, which would flatter the rules. Raised, every
 * signing goes through every rule, the storage lookup included.
 *
 *   npx tsx bench/review-bench.ts [--seconds 20] [--clients 10] [--short]
 */
import { parseArgs } from 'node:util';
import { createApp, type App } from '../src/app.ts';
import type { SignInput } from '../src/core/petition-service.ts';
import { DEFAULT_REVIEW_POLICY, NO_REVIEW_POLICY, type ReviewPolicy } from '../src/core/review-policy.ts';
import { testCampaign } from '../test/support/test-app.ts';
import { isShortRun, report } from './support/report.ts';
import { fmt, percentile, scratchDatabase } from './support/scratch-database.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '20' }, clients: { type: 'string', default: '10' }, short: { type: 'boolean', default: false } },
});
const SECONDS = isShortRun() ? 4 : Number(values.seconds);
const CLIENTS = Number(values.clients);
const ROUNDS = isShortRun() ? 6 : 20;

const RULES_ON: ReviewPolicy = {
  ...DEFAULT_REVIEW_POLICY,
  surge: { ...DEFAULT_REVIEW_POLICY.surge, perReferralPerMinute: 1_000_000, perCommunityPerMinute: 1_000_000, platformMinPerMinute: 1_000_000 },
};

const FIRST = ['Mina', 'Jun', 'Ana', 'Lucas', 'Hana', 'Tom', 'Yuna', 'Wei', 'Sara', 'Ben', 'Olu', 'Sakura', 'Ivan', 'Lea', 'Omar', 'Nia', 'Raj', 'Eva', 'Kai', 'Zoe'];
const LAST = ['Kim', 'Lee', 'Park', 'Choi', 'Silva', 'Smith', 'Zhang', 'Wang', 'Ali', 'Garcia', 'Novak', 'Sato', 'Okafor', 'Jensen', 'Rossi', 'Dubois', 'Khan', 'Cohen', 'Ito', 'Mensah'];
const COUNTRIES = ['KR', 'US', 'JP', 'CA', 'GB', 'DE', 'FR', 'AU', 'TW', 'BR'];
const PLATFORMS = ['telegram', 'discord', 'terminal'];
const OLD_ACCOUNT = new Date('2019-05-01T00:00:00Z');

/** The i-th signer of a mode: the same mix in both modes, different people. */
function signing(mode: string, i: number): { who: { platform: string; userId: string }; input: SignInput } {
  const platform = PLATFORMS[i % PLATFORMS.length]!;
  // About ten thousand names (first, middle initial, last) in ten countries: common names recur, as they do.
  const h = hash(i);
  const name = `${FIRST[h % FIRST.length]} ${String.fromCharCode(65 + ((h >>> 8) % 26))}. ${LAST[(h >>> 16) % LAST.length]}`;
  const style = i % 10;
  return {
    who: { platform, userId: `${mode}-${i}` },
    input: {
      // One in a hundred is a name the watch list holds.
      name: i % 100 === 99 ? { style: 'full', name: 'Xi Jinping' } : style < 7 ? { style: 'full', name } : style < 9 ? { style: 'initials', name } : { style: 'anonymous' },
      country: COUNTRIES[(h >>> 24) % COUNTRIES.length]!,
      language: 'en',
      referral: i % 3 === 0 ? `r${i % 50}` : null,
      signals: platform === 'discord' ? { community: `discord:guild:${i % 20}`, accountCreatedAt: OLD_ACCOUNT } : undefined,
    },
  };
}

/** A fixed integer hash (Knuth's multiplicative), so both modes get the same mix. */
function hash(i: number): number {
  return Math.imul(i + 1, 2654435761) >>> 0;
}

const scratch = await scratchDatabase('bench_review');
const apps: App[] = [];
try {
  // Time moves with the run, so the surge windows roll over minutes and refresh from storage as in production.
  const started = Date.parse('2026-11-29T15:00:00Z');
  const t0 = performance.now();
  const clock = () => new Date(started + (performance.now() - t0));
  const open = async (review: ReviewPolicy) => {
    const app = await createApp(
      { database: { url: scratch.url, poolSize: CLIENTS }, dataDir: '/nonexistent', signerKeySecret: 'bench-secret-bench-secret-bench-secret-000', campaignFile: null },
      { clock, campaign: testCampaign({ review }) },
    );
    apps.push(app);
    return app;
  };
  const off = await open(NO_REVIEW_POLICY);
  const on = await open(RULES_ON);
  const control = await open(NO_REVIEW_POLICY);

  const modes = {
    off: { app: off, next: 0, signed: 0, held: 0, ms: 0, latencies: [] as number[] },
    on: { app: on, next: 0, signed: 0, held: 0, ms: 0, latencies: [] as number[] },
    control: { app: control, next: 0, signed: 0, held: 0, ms: 0, latencies: [] as number[] },
  };
  const run = async (name: keyof typeof modes, seconds: number, counted: boolean): Promise<number> => {
    const mode = modes[name];
    const deadline = performance.now() + seconds * 1000;
    const begin = performance.now();
    let signed = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < deadline) {
          const { who, input } = signing(name, mode.next++);
          const t = performance.now();
          const outcome = await mode.app.core.petition.sign(who, input);
          if (counted) mode.latencies.push(performance.now() - t);
          if (outcome.status !== 'signed') continue;
          signed++;
          if (counted && outcome.signature.state === 'held') mode.held++;
        }
      }),
    );
    const ms = performance.now() - begin;
    if (counted) {
      mode.signed += signed;
      mode.ms += ms;
    }
    return signed / (ms / 1000);
  };

  // Warm both up (connections, JIT, the first surge refresh), then alternate.
  await run('off', 1, false);
  await run('on', 1, false);
  await run('control', 1, false);
  const ratios: number[] = [];
  const controlRatios: number[] = [];
  const orders: Array<Array<keyof typeof modes>> = [
    ['off', 'on', 'control'],
    ['on', 'control', 'off'],
    ['control', 'off', 'on'],
  ];
  for (let round = 0; round < ROUNDS; round++) {
    const rates: Record<string, number> = {};
    for (const name of orders[round % orders.length]!) rates[name] = await run(name, SECONDS / ROUNDS, true);
    ratios.push(rates.on! / rates.off!);
    controlRatios.push(rates.control! / rates.off!);
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
  };
  const medianRatio = median(ratios);
  const medianControl = median(controlRatios);

  const rate = (name: keyof typeof modes) => modes[name].signed / (modes[name].ms / 1000);
  const offRate = rate('off');
  const onRate = rate('on');
  const transparency = await on.core.review.transparency();
  for (const m of Object.values(modes)) m.latencies.sort((a, b) => a - b);

  console.log(`review rules at signing, ${CLIENTS} concurrent clients, ${SECONDS} s per mode in ${ROUNDS} rounds of off/on/control, PostgreSQL on 127.0.0.1`);
  console.log(`  rules off  ${fmt(offRate)} signatures/s  p50 ${fmt(percentile(modes.off.latencies, 50), 2)} ms  p99 ${fmt(percentile(modes.off.latencies, 99), 2)} ms`);
  console.log(`  rules on   ${fmt(onRate)} signatures/s  p50 ${fmt(percentile(modes.on.latencies, 50), 2)} ms  p99 ${fmt(percentile(modes.on.latencies, 99), 2)} ms`);
  console.log(`  held with rules on: ${modes.on.held} of ${modes.on.signed} (${JSON.stringify(transparency.held.byRule)})`);
  const spread = (values: number[]) => [...values].sort((a, b) => a - b).map((r) => fmt(r * 100, 0)).join(' ');
  console.log(`  rules on / rules off: ${fmt((onRate / offRate) * 100)}% over the whole run; per round ${spread(ratios)}%, median ${fmt(medianRatio * 100)}%   (goal: >= 90%)`);
  console.log(`  control (rules off again) / rules off: ${fmt((rate('control') / offRate) * 100)}% over the whole run, median ${fmt(medianControl * 100)}%: the noise of this machine now`);
  report({
    name: 'signing with review rules',
    figure: onRate,
    unit: 'signatures/s',
    reference: offRate,
    referenceLabel: 'same signing with every rule off',
    goal: '>= 90% of rules off (median of paired rounds)',
    met: medianRatio >= 0.9,
  });
} finally {
  for (const app of apps) await app.close().catch(() => {});
  await scratch.drop();
}
