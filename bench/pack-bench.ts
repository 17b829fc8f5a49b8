/**
 * Delivery pack: N signatures across 60 countries on the local Postgres,
 * each with the receipt digest and leaf signing keeps (migrations 0014, 0015), through
 * `writeDeliveryPack` (freeze with the Merkle tree, every PDF and CSV
 * drawn meanwhile from the freeze's view on a second connection, then
 * ALL.pdf and the manifest). Prints wall time and peak memory at two
 * sizes, beside the time of `COPY (select …) TO STDOUT` of the same rows on
 * the same server in the same run (the median of five, on the vacuumed
 * table). Goals: memory does not grow with the row count, and the pack
 * takes at most 20× the COPY. Memory is judged on peak
 * RSS and the peak live heap (what is left after a full collection, sampled
 * during a second pack): the plain peak heap also counts garbage awaiting
 * collection, so it follows V8's collection threshold and is printed only.
 *
 *   npx tsx bench/pack-bench.ts [--short]     (sizes 20,000 and 100,000; --short: 5,000 and 10,000)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import postgres from 'postgres';
import { createApp } from '../src/app.ts';
import { createReceiptKeyer, leafOf, receiptDigest } from '../src/core/index.ts';
import { loadPackFonts } from '../src/pack/fonts.ts';
import { writeDeliveryPack } from '../src/pack/write-pack.ts';
import { isShortRun, report } from './support/report.ts';
import { fmt, percentile, scratchDatabase } from './support/scratch-database.ts';

const SIZES = isShortRun() ? [5_000, 10_000] : [20_000, 100_000];
const COUNTRIES = 60;
const COPY_RUNS = 5;
const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const MB = (bytes: number) => bytes / 1024 / 1024;
const fonts = loadPackFonts();
// A full collection on demand, without asking for `node --expose-gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Run { rows: number; packMs: number; copyMs: number; peakRss: number; peakHeap: number; liveHeap: number }
const runs: Run[] = [];

for (const rows of SIZES) {
  const scratch = await scratchDatabase('pack_bench');
  const app = await createApp(
    { database: { url: scratch.url, poolSize: 4 }, dataDir: '/nonexistent', signerKeySecret: SECRET, campaignFile: null },
    { clock: () => new Date('2026-12-01T12:00:00Z'), audit: { record: async () => {} } },
  );
  const raw = postgres(scratch.url, { max: 1, onnotice: () => {} });
  try {
    const campaign = app.core.campaign.id;
    // Names in several scripts and lengths; one in ten anonymous; 60 countries, KR and US the largest.
    await raw.unsafe(`
      with codes as (select array['KR','US','CA','JP','GB','DE','FR','AU','NZ','TW','HK','PH','TH','VN','ID','MY','SG','IN','BR','MX',
        'AR','CL','ZA','NG','KE','EG','IL','SA','AE','TR','IT','ES','PT','NL','BE','SE','NO','DK','FI','PL','CZ','HU','RO','UA','GR',
        'AT','CH','IE','IS','EE','LV','LT','MN','KZ','PK','BD','LK','NP','PE','CO'] as c)
      insert into signatures (campaign_id, signer_key, display_name, name_style, country, language, platform, referral, signed_at, signed_on)
      select '${campaign}', md5(g::text), n.name, case when n.name is null then 'anonymous' else 'full' end,
        codes.c[1 + least(${COUNTRIES - 1}, floor(power(random(), 2) * ${COUNTRIES})::int)],
        'en', case when g % 2 = 0 then 'telegram' else 'discord' end, null,
        timestamptz '2026-09-01' + (g % 90) * interval '1 day', date '2026-09-01' + (g % 90)
      from generate_series(1, ${rows}) g
      cross join codes
      cross join lateral (select case g % 10
        when 0 then null
        when 1 then '김' || chr(44032 + g % 11000) || chr(44032 + (g * 7) % 11000)
        when 2 then '王' || chr(19968 + g % 20000)
        when 3 then 'محمد عبد ' || g
        when 4 then 'Hubert Blaine Wolfeschlegelsteinhausenbergerdorff ' || g
        else 'Made Up Person ' || g end as name) n`);
    // Signing keeps each signature's receipt digest (migration 0014) and leaf (0015): so do these rows.
    const keyer = createReceiptKeyer(SECRET, campaign);
    for (let last = 0; ; ) {
      const keys = await raw<Array<{ id: string; signer_key: string; country: string; signed_on: string }>>`
        select id, signer_key, country, signed_on::text as signed_on from signatures where campaign_id = ${campaign} and id > ${last} order by id limit 10000`;
      if (keys.length === 0) break;
      const digests = keys.map((k) => {
        const digest = receiptDigest(keyer(k.signer_key));
        return { i: Number(k.id), r: digest.toString('hex'), l: leafOf(campaign, digest, k.country, k.signed_on).toString('hex') };
      });
      await raw`update signatures s set receipt_digest = decode(x.r, 'hex'), leaf = decode(x.l, 'hex')
        from jsonb_to_recordset(${raw.json(digests)}) as x(i bigint, r text, l text) where s.id = x.i`;
      last = Number(keys[keys.length - 1]!.id);
    }
    // Signing writes each row once; the seeding above wrote every row twice. Vacuumed, the table is as
    // signing leaves it (no dead rows for the COPY or the freeze to step over), as autovacuum would.
    await raw.unsafe('vacuum analyze signatures');
    // The reference is the median of five COPYs: one alone varied from 190 to 300 ms between runs on a 2-core machine.
    const copies: number[] = [];
    for (let i = 0; i < COPY_RUNS; i++) {
      const copyStarted = performance.now();
      await pipeline(
        await raw.unsafe(`copy (select display_name, country, signed_on from signatures where campaign_id = '${campaign}' order by country, id) to stdout`).readable(),
        new Writable({ write: (_chunk, _enc, done) => done() }),
      );
      copies.push(performance.now() - copyStarted);
    }
    const copyMs = percentile([...copies].sort((a, b) => a - b), 50);

    const pack = async (sample?: () => void) => {
      const out = await mkdtemp(join(tmpdir(), 'pack-bench-'));
      const sampler = sample ? setInterval(sample, 25) : null;
      try {
        const started = performance.now();
        const result = await writeDeliveryPack(app.core, { out, actor: 'bench', publicUrl: 'https://bots.example.org', fonts });
        return { result, ms: performance.now() - started };
      } finally {
        if (sampler) clearInterval(sampler);
        await rm(out, { recursive: true, force: true });
      }
    };
    // The timed pack runs undisturbed; memory is measured on a second pack.
    const { result, ms: packMs } = await pack();
    gc();
    const peak = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, live: 0 };
    let samples = 0;
    await pack(() => {
      // Every 10th sample collects first: the heap then holds only what the pack keeps
      // alive, which is what grows if pages are not streamed. The plain peak also counts
      // garbage awaiting collection, so it follows V8's collection threshold.
      if (++samples % 10 === 0) {
        gc();
        peak.live = Math.max(peak.live, process.memoryUsage().heapUsed);
      }
      const m = process.memoryUsage();
      peak.rss = Math.max(peak.rss, m.rss);
      peak.heap = Math.max(peak.heap, m.heapUsed);
    });
    if (result.manifest.total !== rows) throw new Error(`pack holds ${result.manifest.total} of ${rows} signatures`);
    runs.push({ rows, packMs, copyMs, peakRss: peak.rss, peakHeap: peak.heap, liveHeap: peak.live });
    console.log(
      `${rows} signatures, ${result.manifest.nations} countries, ${result.files.length} files: pack ${fmt(packMs / 1000, 2)} s, COPY ${fmt(copyMs, 0)} ms (median of ${copies.map((ms) => fmt(ms, 0)).join(', ')}) ` +
        `(${fmt(packMs / copyMs, 1)}×), peak RSS ${fmt(MB(peak.rss), 0)} MB, peak heap ${fmt(MB(peak.heap), 0)} MB, peak live heap ${fmt(MB(peak.live), 0)} MB`,
    );
  } finally {
    await raw.end();
    await app.close();
    await scratch.drop();
  }
}

const [small, large] = runs as [Run, Run];
report({
  name: `delivery pack ${large.rows}`,
  figure: large.packMs / 1000,
  unit: 's',
  reference: large.copyMs / 1000,
  referenceLabel: `COPY of the same ${large.rows} rows, median of ${COPY_RUNS} (s)`,
  goal: '<= 20x COPY',
  met: large.packMs <= 20 * large.copyMs,
});
const growth = large.liveHeap / small.liveHeap;
report({
  name: `delivery pack peak live heap ${large.rows} vs ${small.rows}`,
  figure: MB(large.liveHeap),
  unit: 'MB',
  reference: MB(small.liveHeap),
  referenceLabel: `peak live heap at ${small.rows} rows (MB); RSS ${fmt(MB(small.peakRss), 0)} -> ${fmt(MB(large.peakRss), 0)} MB; heap with garbage ${fmt(MB(small.peakHeap), 0)} -> ${fmt(MB(large.peakHeap), 0)} MB`,
  goal: `memory does not grow with rows (<= 1.5x for ${large.rows / small.rows}x rows)`,
  met: growth <= 1.5 && large.peakRss / small.peakRss <= 1.5,
});
