/**
 * A child process for test/storage/connection-loss.test.ts: opens the app's
 * database on a server that cancels every statement after 1 ms, so the first
 * statement of a new connection may fail (it was postgres.js's own query for
 * the array types, until the app turned that off); four queries ask for a
 * number. A crash of this process (an unhandled rejection no caller can
 * catch), or a query answered with anything but 42, is what the test looks for.
 */
import { sql } from 'drizzle-orm';
import { createDatabase } from '../../src/storage/database.ts';
import { rowsOf } from '../../src/storage/rows.ts';

const [url] = process.argv.slice(2) as [string];
const database = await createDatabase(url, { poolSize: 2 });
const outcomes = await Promise.all(
  [1, 2, 3, 4].map(async () => {
    try {
      const rows = rowsOf<{ n: number }>(await database.db.execute(sql`select 42::int as n`));
      // While postgres.js's catalog query ran first, a query came back here with no rows, or with its 287.
      return rows.length === 1 ? `answered ${rows[0]!.n}` : `answered with ${rows.length} rows`;
    } catch (error) {
      // drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
      const failed = error as { code?: string; cause?: { code?: string } };
      const code = failed.code ?? failed.cause?.code;
      const cause = (failed.cause ?? error) as Error;
      // Anything unexpected is named, so a failure says what it was.
      return code ? `refused ${code}` : `refused without a code (${cause.name}: ${cause.message})`;
    }
  }),
);
// Give a rejection nobody handles the turn it needs to end the process.
await new Promise((resolve) => setTimeout(resolve, 200));
await database.close();
console.log(outcomes.every((outcome) => /^(answered 42|refused 57014)$/.test(outcome)) ? 'every query answered or refused' : outcomes.join('; '));
