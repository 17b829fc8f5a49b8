/**
 * The public page under load: requests per second and p99 latency for `/`
 * (negotiated from Accept-Language, the whole page) and for
 * `/api/stats.json`, with 100 concurrent connections (autocannon), beside a
 * bare node:http server answering "ok" on the same machine in the same run.
 * Requests carry a browser's Accept-Encoding (the page goes out gzipped,
 * about 15 KB); `/` is also measured without it (about 40 KB), for the record.
 * The servers run in child processes (real Postgres for the page's figures).
 * The load comes from Debian's wrk when it is installed (`apt-get install
 * wrk`): written in C, it leaves the CPU to the servers; otherwise from
 * autocannon in this process, whose own parsing then limits every figure.
 * The targets take turns (bare, page, open data) twice and each keeps its
 * better round; each is warmed up first. Loopback only, bounded in time.
 *
 *   npx tsx bench/web-bench.ts [--seconds 10] [--connections 100] [--short]
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { isShortRun, report } from './support/report.ts';
import { scratchDatabase } from './support/scratch-database.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' }, short: { type: 'boolean', default: false } },
});
const SECONDS = isShortRun() ? 3 : Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const WRK = '/usr/bin/wrk';
const useWrk = existsSync(WRK);
const WARM_UP_SECONDS = isShortRun() ? 3 : 5;
const SERVER = fileURLToPath(new URL('./support/web-bench-server.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function start(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    lines.on('line', (line) => {
      const match = /^PORT (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

interface Measured {
  rps: number;
  p99: number;
  bytes: number;
}

async function measure(url: string, headers: Record<string, string>, warmUp: boolean): Promise<Measured> {
  return useWrk ? measureWithWrk(url, headers, warmUp) : measureWithAutocannon(url, headers, warmUp);
}

async function measureWithAutocannon(url: string, headers: Record<string, string>, warmUp: boolean): Promise<Measured> {
  // A warm-up fills caches and lets the JIT settle.
  if (warmUp) await autocannon({ url, connections: CONNECTIONS, duration: WARM_UP_SECONDS, headers });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${url}: ${failed} failed requests (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`);
  return { rps: result.requests.average, p99: result.latency.p99, bytes: result.throughput.average / Math.max(1, result.requests.average) };
}

async function measureWithWrk(url: string, headers: Record<string, string>, warmUp: boolean): Promise<Measured> {
  const args = (seconds: number) => ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url];
  if (warmUp) await promisify(execFile)(WRK, args(WARM_UP_SECONDS));
  const { stdout } = await promisify(execFile)(WRK, args(SECONDS));
  if (/Non-2xx or 3xx responses|Socket errors/.test(stdout)) throw new Error(`${url}: failed requests\n${stdout}`);
  const number = (pattern: RegExp) => {
    const match = pattern.exec(stdout);
    if (!match) throw new Error(`cannot read wrk's output:\n${stdout}`);
    return match;
  };
  const rps = Number(number(/Requests\/sec:\s+([\d.]+)/)[1]);
  const [, p99, p99Unit] = number(/99%\s+([\d.]+)(us|ms|s)\b/);
  const [, transfer, transferUnit] = number(/Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/);
  const ms = Number(p99) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[p99Unit!]!;
  const bytesPerSecond = Number(transfer) * ({ B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as Record<string, number>)[transferUnit!]!;
  return { rps, p99: ms, bytes: bytesPerSecond / Math.max(1, rps) };
}

const scratch = await scratchDatabase('bench_web');
const children: ChildProcess[] = [];
try {
  const web = await start(['--db', scratch.url]);
  children.push(web.child);
  const bare = await start(['--bare']);
  children.push(bare.child);

  const browser = { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.5', 'accept-encoding': 'gzip, deflate, br' };
  // Other work on a shared machine comes and goes: the targets take turns, twice
  // (once in the short run), and each keeps its better round.
  const rounds = isShortRun() ? 1 : 2;
  const best = (a: Measured | null, b: Measured) => (a && a.rps >= b.rps ? a : b);
  let bare_: Measured | null = null;
  let page: Measured | null = null;
  let stats: Measured | null = null;
  for (let round = 0; round < rounds; round++) {
    const warm = round === 0;
    bare_ = best(bare_, await measure(bare.url, browser, warm));
    page = best(page, await measure(`${web.url}/`, browser, warm));
    stats = best(stats, await measure(`${web.url}/api/stats.json`, browser, warm));
  }
  const plainPage = await measure(`${web.url}/`, { 'accept-language': browser['accept-language'] }, true);
  const reference = bare_!;
  page = page!;
  stats = stats!;

  console.log(`${CONNECTIONS} connections, ${SECONDS} s each after ${WARM_UP_SECONDS} s of warm-up; load from ${useWrk ? 'wrk (1 thread)' : 'autocannon in this process'}, servers in child processes`);
  console.log(`bare node:http "ok"   ${reference.rps.toFixed(0)} req/s  p99 ${reference.p99.toFixed(1)} ms  (best of ${rounds})`);
  console.log(`/  (ko, gzip, ${(page.bytes / 1024).toFixed(1)} KB)   ${page.rps.toFixed(0)} req/s  p99 ${page.p99} ms`);
  console.log(`/api/stats.json (gzip, ${(stats.bytes / 1024).toFixed(1)} KB) ${stats.rps.toFixed(0)} req/s  p99 ${stats.p99} ms`);
  console.log(`/  (ko, no compression, ${(plainPage.bytes / 1024).toFixed(1)} KB)   ${plainPage.rps.toFixed(0)} req/s  p99 ${plainPage.p99} ms`);
  report({ name: 'web page / uncompressed throughput', figure: plainPage.rps, unit: 'req/s', reference: reference.rps, referenceLabel: `bare node:http "ok", same machine, ${useWrk ? 'wrk' : 'autocannon'}`, goal: 'reported (clients without gzip)', met: true });
  for (const [name, m] of [['web page /', page], ['open data /api/stats.json', stats]] as [string, Measured][]) {
    report({ name: `${name} throughput`, figure: m.rps, unit: 'req/s', reference: reference.rps, referenceLabel: `bare node:http "ok", same machine, ${useWrk ? 'wrk' : 'autocannon'}`, goal: '>= 50% of reference', met: m.rps >= 0.5 * reference.rps });
    report({ name: `${name} p99`, figure: m.p99, unit: 'ms', reference: reference.p99, referenceLabel: 'bare node:http "ok" p99', goal: 'reported beside the reference', met: true });
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
  await scratch.drop();
}
