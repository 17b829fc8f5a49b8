/**
 * How a benchmark reports its result: one human line, and one machine line
 * (`##bench {json}`) that `npm run bench` (bench/run-all.ts) collects into its
 * table. The figure and its reference are measured in the same run.
 *
 * @example
 * report({ name: 'signing', figure: 8251, unit: 'signatures/s', reference: 6453, referenceLabel: 'pgbench same table',
 *          goal: '>= 50% of reference', met: 8251 / 6453 >= 0.5 });
 */
export interface BenchResult {
  /** Short name shown in the table, e.g. `signing throughput`. */
  name: string;
  figure: number;
  unit: string;
  /** The reference measured in the same run (pgbench, COPY, a bare server...). */
  reference: number | null;
  referenceLabel: string;
  /** The goal in words, e.g. `>= 50% of reference`. */
  goal: string;
  met: boolean;
}

export const BENCH_LINE_PREFIX = '##bench ';

export function report(result: BenchResult): void {
  const ref = result.reference === null ? '' : `  reference ${round(result.reference)} (${result.referenceLabel})`;
  console.log(`RESULT ${result.name}: ${round(result.figure)} ${result.unit}${ref}  goal ${result.goal}: ${result.met ? 'met' : 'NOT met'}`);
  console.log(BENCH_LINE_PREFIX + JSON.stringify(result));
}

/** True when the benchmark was asked for its short mode (`--short`, used by `npm run bench`). */
export function isShortRun(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--short');
}

/** A figure as the tables show it: whole counts as they are, large figures without decimals. */
export function round(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}
