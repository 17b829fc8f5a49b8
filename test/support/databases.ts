import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase, type Database } from '../../src/storage/database.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** The drivers every storage suite runs against; Postgres only when TEST_DATABASE_URL is set. */
export const DRIVERS = [
  { name: 'pglite', enabled: true },
  { name: 'postgres', enabled: Boolean(TEST_DATABASE_URL) },
] as const;

export type DriverName = (typeof DRIVERS)[number]['name'];

/**
 * A fresh, empty database URL for one suite: in-memory PGlite, or a new
 * database on the real server (dropped by the returned cleanup).
 */
export async function freshDatabaseUrl(driver: DriverName): Promise<{ url: string; drop(): Promise<void> }> {
  if (driver === 'pglite') return { url: 'memory://', drop: async () => {} };
  const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  const name = `petition_test_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

/** A migrated database on the given driver, with a cleanup. */
export async function openTestDatabase(driver: DriverName): Promise<{ database: Database; url: string; dispose(): Promise<void> }> {
  const fresh = await freshDatabaseUrl(driver);
  const database = await createDatabase(fresh.url, { poolSize: 20 });
  await database.migrate();
  return {
    database,
    url: fresh.url,
    async dispose() {
      await database.close();
      await fresh.drop();
    },
  };
}
