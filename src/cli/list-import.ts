/**
 * `npm run list:import -- FILE [--by NAME]`: loads THE LIST from a CSV or JSON
 * file into the configured database, reporting rows accepted and rejected.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runCli, withApp } from './cli-run.ts';
import { formatOf, parseCaseFile } from '../core/index.ts';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { by: { type: 'string', default: 'list-import' } } });
  const file = positionals[0];
  const format = file ? formatOf(file) : null;
  if (!file || !format) {
    process.stderr.write('Usage: npm run list:import -- FILE.csv|FILE.json [--by NAME]\n');
    return 2;
  }
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    process.stderr.write(`Cannot read ${file}\n`);
    return 1;
  }
  const report = parseCaseFile(content, format);
  for (const { row, reason } of report.rejected) process.stdout.write(`rejected row ${row}: ${reason}\n`);
  if (report.accepted.length > 0) {
    const saved = await withApp(async (app) => {
      await app.core.list.saveImport(report, `cli:${values.by!}`);
      return 0;
    });
    if (saved !== 0) return saved;
  }
  process.stdout.write(`${report.accepted.length} accepted, ${report.rejected.length} rejected\n`);
  return report.rejected.length > 0 && report.accepted.length === 0 ? 1 : 0;
}

runCli(main, 'Import failed');
