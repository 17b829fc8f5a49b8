import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { assembleApp, type App } from '../../src/app.ts';
import { MIGRATIONS_FOLDER, type Database } from '../../src/storage/database.ts';
import * as schema from '../../src/storage/schema.ts';
import { testCampaign, TEST_SECRET } from './test-app.ts';

/** The PGlite methods that reach the database: each call waits `latencyMs` first, like a round trip. */
const ROUND_TRIPS = new Set<PropertyKey>(['query', 'exec', 'transaction']);

/**
 * The whole app on an in-memory PGlite whose every query (and every
 * transaction) first waits `slow.latencyMs`: a database across an ocean or
 * under load. Migrations run at full speed; set the latency after start-up.
 *
 * @example const { app, slow } = await createSlowTestApp(); slow.latencyMs = 2_000;
 */
export async function createSlowTestApp(options: { clock?: () => Date } = {}): Promise<{ app: App; slow: { latencyMs: number } }> {
  const pg = new PGlite();
  const slow = { latencyMs: 0 };
  const client = new Proxy(pg, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!ROUND_TRIPS.has(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        if (slow.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, slow.latencyMs));
        return value.apply(target, args);
      };
    },
  });
  const database: Database = {
    db: drizzle(client, { schema }) as unknown as Database['db'],
    driver: 'pglite',
    concurrentTransactions: false,
    migrate: () => migrate(drizzle(pg), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => pg.close(),
  };
  await database.migrate();
  const app = assembleApp(database, TEST_SECRET, { clock: options.clock ?? (() => new Date('2026-11-29T15:00:00Z')), campaign: testCampaign() });
  return { app, slow };
}
