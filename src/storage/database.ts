import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { preparingEveryStatement } from './prepared-statements.ts';

/**
 * The app's drizzle database. Built without drizzle's relational query API
 * (`db.query.*`, unused here): with it, every transaction would build a query
 * helper for each of the schema's tables.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Whether two transactions can be open at once (a pool of two connections or more; one PGlite is one session). */
  concurrentTransactions: boolean;
  /** Applies pending migrations; safe to call from several instances at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

// Any constant works; it only has to be the same for every instance of this app.
const MIGRATION_LOCK_ID = 7_254_001;

export interface DatabaseOptions {
  /** Connections in the postgres.js pool. */
  poolSize?: number;
}

/**
 * The URL picks the driver: `postgres://` uses postgres.js, `memory://` an
 * in-memory PGlite, and `file://PATH` (or a plain path) PGlite on disk.
 *
 * @example const { db, close } = await createDatabase('memory://');
 */
export async function createDatabase(url: string, options: DatabaseOptions = {}): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) return createPostgres(url, options);
  if (url === 'memory://' || url === 'memory:') return createPglite(new PGlite());
  const dir = url.startsWith('file://') ? fileURLToPath(url) : url;
  await mkdir(dir, { recursive: true });
  return createPglite(new PGlite(dir));
}

function createPostgres(url: string, options: DatabaseOptions): Database {
  // Notices ("relation already exists, skipping") would otherwise go to stdout. No array types are
  // fetched (the app stores and selects no arrays): postgres.js's catalog query, run first on every
  // new connection, cost a round trip, and when it failed (a statement cut short, a server just
  // restarted) a query of that moment could get the wrong rows: test/storage/connection-loss.test.ts
  // saw it twice in 60 runs on a busy machine, once no rows, once the catalog query's own 287.
  // An array selected through this client comes back as its text ('{1,2}'): select unnest(…) or
  // json_agg(…) instead. And never reserve() a connection of this client: with fetch_types off, a
  // reservation that opens a new connection never resolves (porsager/postgres#1219); drizzle's
  // transactions use begin(), which is not affected.
  const poolSize = options.poolSize ?? 10;
  const client = postgres(url, { max: poolSize, onnotice: () => {}, fetch_types: false });
  const db = drizzlePostgres(preparingEveryStatement(client)) as unknown as Db;
  return {
    db,
    driver: 'postgres',
    concurrentTransactions: poolSize >= 2,
    async migrate() {
      // drizzle's migrator takes no lock of its own, so two instances starting
      // together could both create the same tables. A session-level advisory
      // lock on one dedicated connection serializes them; the second finds
      // everything applied and does nothing.
      const lockClient = postgres(url, { max: 1, onnotice: () => {}, fetch_types: false });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder: MIGRATIONS_FOLDER });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await lockClient.end();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

function createPglite(client: PGlite): Database {
  const db = drizzlePglite(client) as unknown as Db;
  // One PGlite is one session, where advisory locks are re-entrant and so
  // cannot serialize two migrate() calls; a promise chain does.
  let queue: Promise<void> = Promise.resolve();
  return {
    db,
    driver: 'pglite',
    concurrentTransactions: false,
    migrate() {
      const run = queue.then(() => migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER }));
      queue = run.catch(() => {});
      return run;
    },
    close: () => client.close(),
  };
}

/** Cheap liveness check for health endpoints; a database that does not answer in time counts as down. */
export async function ping(db: Db, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database ping timed out')), timeoutMs);
  });
  try {
    await Promise.race([db.execute(sql`select 1`), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
