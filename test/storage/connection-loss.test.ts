import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl, TEST_DATABASE_URL } from '../support/databases.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('../support/connection-loss-child.ts', import.meta.url));

// postgres.js 3.4.9 wrote a query queued on a connection whose backend had
// gone to a socket it had already dropped, from a timer, so no caller could
// catch it: the whole process died (porsager/postgres#1154, #1208). The
// patch in .ci/patches (applied by npm's postinstall) makes such a query fail
// with CONNECTION_CLOSED instead.
describe.skipIf(!TEST_DATABASE_URL)('a database that stops taking connections while the app is busy (needs TEST_DATABASE_URL)', () => {
  let scratch: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    scratch = await freshDatabaseUrl('postgres');
  });
  afterAll(async () => {
    // The child lets the database back in; if it died first, the drop (with force) still works.
    await scratch?.drop();
  });

  it('refuses the queries of that moment, and the process and its pool carry on', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, scratch.url], { cwd: ROOT, timeout: 60_000 });
    // A crash fails here with the child's stderr (postgres.js's TypeError).
    const { stdout } = await run;
    expect(stdout.trim().split('\n')).toEqual(['refused while cut off', 'next query: 42']);
  }, 90_000);
});
