import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childEnv } from './child-env.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A child run of one of the project's entry points may take many seconds on
 * a busy two-core machine (tsx compiles, PGlite boots); past this it is
 * killed, so a hung child never outlives its test or holds its folder.
 */
export const SCRIPT_TIMEOUT_MS = 100_000;

/** Vitest's limit for a test that runs a few scripts: above the scripts' own. */
export const SCRIPT_TEST_TIMEOUT_MS = 4 * SCRIPT_TIMEOUT_MS;

const running = new Set<ChildProcess>();

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node --import tsx <script> ...args` from the project root with only
 * the given environment (plus PATH, HOME and a moved clock, see childEnv), feeding `stdin` and collecting
 * the output. Killed with SIGKILL after `timeoutMs`, and the promise rejects
 * with what it printed so far.
 *
 * @example const { code, stdout } = await runScript('src/main.ts', [], { DATABASE_URL: 'memory://' }, '/count\n')
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  stdin = '',
  timeoutMs = SCRIPT_TIMEOUT_MS,
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: childEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (signal === 'SIGKILL') reject(new Error(`${script} was killed after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
      else resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

/** Kills every child still running (an afterAll after a failed or timed-out test). */
export async function killRunningScripts(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
