/**
 * A child process for test/storage/connection-loss.test.ts: opens the app's
 * database on a server that cancels every statement after 1 ms, so the first
 * statement of each new connection, postgres.js's own query for the array
 * types, fails; then asks for a number. A crash of this process (an
 * unhandled rejection no caller can catch) is the failure the test looks for.
 */
import { sql } from 'drizzle-orm';
import { createDatabase } from '../../src/storage/database.ts';
import { rowsOf } from '../../src/storage/rows.ts';

const [url] = process.argv.slice(2) as [string];
const database = await createDatabase(url, { poolSize: 2 });
const outcomes = await Promise.all(
  [1, 2, 3, 4].map(async () => {
    try {
      const [row] = rowsOf<{ n: number }>(await database.db.execute(sql`select 42::int as n`));
      return `answered ${row!.n}`;
    } catch (error) {
      // drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
      const failed = error as { code?: string; cause?: { code?: string } };
      return `refused ${failed.code ?? failed.cause?.code ?? 'without a code'}`;
    }
  }),
);
// Give a rejection nobody handles the turn it needs to end the process.
await new Promise((resolve) => setTimeout(resolve, 200));
await database.close();
console.log(outcomes.every((outcome) => /^(answered 42|refused 57014)$/.test(outcome)) ? 'every query answered or refused' : outcomes.join('; '));
