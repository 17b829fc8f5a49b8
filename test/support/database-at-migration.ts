import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { MIGRATIONS_FOLDER } from '../../src/storage/database.ts';
import { freshDatabaseUrl, type DriverName } from './databases.ts';

/**
 * A database migrated up to and including the migration tagged `lastTag`,
 * with `rows` (an SQL script) run in it: what an older deployment holds
 * when a newer app starts on it. PGlite keeps it in a folder, so the app can
 * open it after this client closed; `dir` is a scratch folder for the test.
 *
 * @example const old = await databaseAtMigration('pglite', '0009_tallies_count_valid_only', 'insert into …'); createApp({ database: { url: old.url, … } })
 */
export async function databaseAtMigration(driver: DriverName, lastTag: string, rows: string): Promise<{ url: string; dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'petition-at-migration-'));
  const migrations = join(dir, 'migrations');
  await cp(MIGRATIONS_FOLDER, migrations, { recursive: true });
  const journalPath = join(migrations, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  if (last < 0) throw new Error(`no migration tagged ${lastTag}`);
  journal.entries = journal.entries.slice(0, last + 1);
  await writeFile(journalPath, JSON.stringify(journal));
  if (driver === 'pglite') {
    const client = new PGlite(join(dir, 'pglite'));
    await migratePglite(drizzlePglite(client), { migrationsFolder: migrations });
    await client.exec(rows);
    await client.close();
    return { url: `file://${join(dir, 'pglite')}`, dir, dispose: () => rm(dir, { recursive: true, force: true }) };
  }
  const fresh = await freshDatabaseUrl('postgres');
  const client = postgres(fresh.url, { max: 1, onnotice: () => {} });
  await migratePostgres(drizzlePostgres(client), { migrationsFolder: migrations });
  await client.unsafe(rows);
  await client.end();
  return {
    url: fresh.url,
    dir,
    async dispose() {
      await fresh.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
