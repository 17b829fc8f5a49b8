/**
 * Time from starting the bot (what `npm start` runs) to its first prompt,
 * with an existing PGlite data folder, in a real pseudo-terminal (util-linux
 * `script`). Printed beside the time for Node and for Node with tsx to start
 * and exit, on the same machine in the same run.
 *
 *   npx tsx bench/startup-time.ts [--runs 5] [--short]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isShortRun, report } from './support/report.ts';
import { fmt, percentile } from './support/scratch-database.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: isShortRun() ? '1' : '5' }, short: { type: 'boolean', default: false } } });
// No goal was set for this bench: most of a start is loading TypeScript through
// tsx and starting PGlite, so it is measured against tsx starting an empty script.
const GOAL_TIMES_TSX = 4;
const RUNS = Number(values.runs);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir, LANG: 'en_US.UTF-8', TERM: 'dumb' };

function timeToPrompt(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', `${process.execPath} --import tsx src/main.ts`, '/dev/null'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('no prompt within 60 s'));
    }, 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (/\n> $/.test(out.replace(/\r/g, ''))) {
        const elapsed = performance.now() - started;
        clearTimeout(timer);
        child.stdin.end('/help\n\u0004');
        child.kill('SIGTERM');
        resolve(elapsed);
      }
    });
    child.on('error', reject);
  });
}

function timeCommand(args: string[]): number {
  const started = performance.now();
  spawnSync(process.execPath, args, { cwd: ROOT, env });
  return performance.now() - started;
}

try {
  // First start creates the data folder, the database and its migrations.
  const first = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, input: '' });
  if (first.status !== 0) throw new Error(`first start failed: ${first.stderr}`);
  const prompt: number[] = [];
  for (let i = 0; i < RUNS; i++) prompt.push(await timeToPrompt());
  const bare = Array.from({ length: RUNS }, () => timeCommand(['-e', '']));
  const tsx = Array.from({ length: RUNS }, () => timeCommand(['--import', 'tsx', '-e', '']));
  for (const list of [prompt, bare, tsx]) list.sort((a, b) => a - b);
  console.log(`start-up with an existing PGlite data folder, ${RUNS} runs, median (min-max)`);
  console.log(`  npm start entry (node --import tsx src/main.ts) to first prompt  ${fmt(percentile(prompt, 50), 0)} ms (${fmt(prompt[0]!, 0)}-${fmt(prompt.at(-1)!, 0)})`);
  console.log(`  reference: node -e ''                                            ${fmt(percentile(bare, 50), 0)} ms`);
  console.log(`  reference: node --import tsx -e ''                               ${fmt(percentile(tsx, 50), 0)} ms`);
  report({
    name: 'start-up to first prompt',
    figure: percentile(prompt, 50),
    unit: 'ms',
    reference: percentile(tsx, 50),
    referenceLabel: "node --import tsx -e ''",
    goal: `<= ${GOAL_TIMES_TSX}x reference`,
    met: percentile(prompt, 50) <= GOAL_TIMES_TSX * percentile(tsx, 50),
  });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
