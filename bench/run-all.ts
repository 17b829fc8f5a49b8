/**
 * `npm run bench`: every benchmark listed below, in its short mode, one after
 * another as child processes, then one table of what each reported through
 * bench/support/report.ts (figure, reference, goal, met or not). A benchmark
 * that crashes, times out or reports nothing shows as failed and makes the
 * run exit non-zero; the others still run.
 *
 *   npm run bench                      every benchmark, short mode (a few seconds to a minute each)
 *   npm run bench -- drafts telegram   only those whose file name contains a given word
 *   npm run bench -- --full            the normal, long mode
 *   npm run bench -- --strict          also exit non-zero when a goal is not met
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_LINE_PREFIX, round, type BenchResult } from './support/report.ts';

/** Every benchmark `npm run bench` runs, in order; adding one is one line. */
const BENCHMARKS = [
  'signing-throughput.ts',
  'stats-latency.ts',
  'startup-time.ts',
  'telegram-bench.ts',
  'drafts-bench.ts',
  'broadcast-bench.ts',
  'review-bench.ts',
  'web-bench.ts',
  'pack-bench.ts',
];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { full: { type: 'boolean', default: false }, strict: { type: 'boolean', default: false } },
});
// Generous: a busy shared machine runs a short benchmark several times slower than an idle one.
const TIME_LIMIT_MS = (values.full ? 60 : 6) * 60_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Outcome {
  file: string;
  results: BenchResult[];
  /** Why the benchmark counts as failed, or null when it ran to the end and reported. */
  failure: string | null;
  seconds: number;
}

let running: { kill(): void } | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    running?.kill();
    process.exit(130);
  });
}

/** Runs one benchmark in its own process group, so a timeout also ends the processes it started. */
function runOne(file: string): Promise<Outcome> {
  const args = ['--import', 'tsx', `bench/${file}`, ...(values.full ? [] : ['--short'])];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    running = { kill: killGroup };
    const results: BenchResult[] = [];
    // The first line that names an error says more than Node's closing version line.
    let firstError: string | null = null;
    let lastStderr: string | null = null;
    let malformed = 0;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, TIME_LIMIT_MS);

    const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop()!;
        parts.forEach(onLine);
      });
      stream.on('end', () => rest && onLine(rest));
    };
    lines(child.stdout!, (line) => {
      if (!line.startsWith(BENCH_LINE_PREFIX)) return void console.log(`  ${line}`);
      const parsed = parseResult(line.slice(BENCH_LINE_PREFIX.length));
      if (parsed) results.push(parsed);
      else malformed++;
    });
    lines(child.stderr!, (line) => {
      console.log(`  ${line}`);
      if (!line.trim()) return;
      lastStderr = line.trim();
      if (!firstError && /\b\w*Error\b|failed/i.test(line)) firstError = line.trim();
    });

    child.on('error', (error) => (firstError ??= error.message));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running = null;
      const seconds = (performance.now() - started) / 1000;
      const reason = firstError ?? lastStderr;
      let failure: string | null = null;
      if (timedOut) failure = `timed out after ${TIME_LIMIT_MS / 60_000} min`;
      else if (code !== 0) failure = `exit ${code ?? signal}${reason ? `: ${reason.slice(0, 120)}` : ''}`;
      else if (malformed > 0) failure = `${malformed} unreadable result line(s)`;
      else if (results.length === 0) failure = 'reported no result';
      resolve({ file, results, failure, seconds });
    });
  });
}

function parseResult(json: string): BenchResult | null {
  try {
    const r = JSON.parse(json) as Partial<BenchResult>;
    const ok =
      typeof r.name === 'string' &&
      typeof r.figure === 'number' &&
      typeof r.unit === 'string' &&
      (r.reference === null || typeof r.reference === 'number') &&
      typeof r.goal === 'string' &&
      typeof r.met === 'boolean';
    return ok ? (r as BenchResult) : null;
  } catch {
    return null;
  }
}

function printTable(outcomes: Outcome[]): void {
  const header = ['benchmark', 'result', 'figure', 'reference', 'goal', 'met'];
  const rows: string[][] = [];
  for (const o of outcomes) {
    const bench = o.file.replace(/\.ts$/, '');
    for (const r of o.results) {
      const reference = r.reference === null ? '-' : `${round(r.reference)} ${r.unit} (${r.referenceLabel})`;
      rows.push([bench, r.name, `${round(r.figure)} ${r.unit}`, reference, r.goal, r.met ? 'met' : 'NOT met']);
    }
    if (o.failure) rows.push([bench, '-', '-', '-', '-', `FAILED (${o.failure})`]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

const chosen = positionals.length === 0 ? BENCHMARKS : BENCHMARKS.filter((file) => positionals.some((word) => file.includes(word)));
if (chosen.length === 0) {
  console.error(`No benchmark matches ${positionals.join(', ')}; there are: ${BENCHMARKS.join(', ')}`);
  process.exit(2);
}

const outcomes: Outcome[] = [];
for (const [i, file] of chosen.entries()) {
  console.log(`\n[${i + 1}/${chosen.length}] ${file}${values.full ? '' : ' --short'}`);
  const outcome = await runOne(file);
  console.log(`  (${outcome.failure ? `failed: ${outcome.failure}` : 'done'} in ${outcome.seconds.toFixed(0)} s)`);
  outcomes.push(outcome);
}

const failed = outcomes.filter((o) => o.failure).length;
const unmet = outcomes.flatMap((o) => o.results).filter((r) => !r.met).length;
console.log(`\nBenchmarks (${values.full ? 'full' : 'short'} mode; figures and references measured in the same run on this machine)\n`);
printTable(outcomes);
console.log(`\n${outcomes.length - failed} of ${outcomes.length} benchmarks ran to the end; ${failed} failed; ${unmet} goal(s) not met.`);
process.exit(failed > 0 || (values.strict && unmet > 0) ? 1 : 0);
