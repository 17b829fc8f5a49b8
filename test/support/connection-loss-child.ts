/**
 * A child process for test/storage/connection-loss.test.ts: keeps the app's
 * database busy (plain queries and units of work, side by side) while the
 * database stops taking connections and every open one is cut, as a restart
 * or failover does; then lets it back. Prints how the pool came through. A
 * crash of this process is the failure the test looks for.
 */
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createDatabase } from '../../src/storage/database.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { contextualDb, inUnitOfWork } from '../../src/storage/unit-of-work.ts';

const [url] = process.argv.slice(2) as [string];
const name = new URL(url).pathname.slice(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const database = await createDatabase(url, { poolSize: 4 });
// As the app's repositories see it: inside a unit of work, every query joins its transaction.
const db = contextualDb(database.db);
const admin = postgres(url.replace(`/${name}`, '/postgres'), { max: 1, onnotice: () => {} });

let busy = true;
let refused = 0;
const work = Array.from({ length: 6 }, async (_, i) => {
  while (busy) {
    try {
      if (i % 2 === 0) await db.execute(sql`select 1`);
      else
        await inUnitOfWork(database.db, async () => {
          await db.execute(sql`select pg_sleep(0.005)`);
          await db.execute(sql`select 1`);
        });
    } catch {
      refused++;
      await sleep(5);
    }
  }
});
await sleep(300);
await admin.unsafe(`alter database ${name} allow_connections false`);
await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
await sleep(1_500);
await admin.unsafe(`alter database ${name} allow_connections true`);
await sleep(1_500);
busy = false;
await Promise.all(work);
console.log(refused > 0 ? 'refused while cut off' : 'never refused');
const [row] = rowsOf<{ n: number }>(await db.execute(sql`select 41 + 1 as n`));
console.log(`next query: ${row!.n}`);
await admin.end();
await database.close();
