import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl, TEST_DATABASE_URL } from '../support/databases.ts';
import { FAKE_TOKEN, startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { waitUntil } from '../support/worker-fleet.ts';
import { childEnv } from '../support/child-env.ts';
import { freePort } from '../support/free-port.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const status = (url: string) => fetch(url, { signal: AbortSignal.timeout(10_000) }).then((r) => r.status, () => null);

// Taking a database away needs the real server.
describe.skipIf(!TEST_DATABASE_URL)('the production entry point on real Postgres (needs TEST_DATABASE_URL)', () => {
  let api: FakeTelegramApi;
  let admin: postgres.Sql;
  let scratch: { url: string; drop(): Promise<void> };
  let name: string;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    api = await startFakeTelegramApi();
    scratch = await freshDatabaseUrl('postgres');
    name = new URL(scratch.url).pathname.slice(1);
    admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await admin?.unsafe(`alter database ${name} allow_connections true`).catch(() => {});
    await admin?.end();
    await scratch?.drop();
    await api?.close();
  });

  it('answers /healthz 200 while the database is up, 503 while it is unreachable, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: childEnv({
        DATABASE_URL: scratch.url,
        SIGNER_KEY_SECRET: 'test-secret-test-secret-test-secret-0123456789',
        ADDRESS_KEYS: 'made-up-address-key-made-up-address-key-0001',
        PORT: String(port),
        TERMINAL: '0',
        LOG_LEVEL: 'warn',
        TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/telegram/webhook',
        TELEGRAM_WEBHOOK_SECRET: 'made-up-webhook-secret-0123',
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })));
    const healthz = `http://127.0.0.1:${port}/healthz`;

    await waitUntil('the HTTP server', async () => {
      if (child!.exitCode !== null) throw new Error(`main exited early (${child!.exitCode}): ${stderr.slice(-2000)}`);
      return (await status(healthz)) !== null;
    }, 60_000, 100);
    expect(await status(healthz)).toBe(200);
    // It starts in webhook mode against the fake Bot API; the HTTP server
    // listens before the adapters start, so setWebhook may come a moment later.
    await waitUntil('setWebhook', async () => api.callsOf('setWebhook').length > 0, 60_000, 100);
    expect(api.callsOf('setWebhook')).toHaveLength(1);

    // The database goes away: no new connections, and the open ones are cut.
    await admin.unsafe(`alter database ${name} allow_connections false`);
    await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
    // If the entry point died instead (status null), say how and what it printed.
    const state = () => `main: exit ${child!.exitCode} signal ${child!.signalCode}; stderr: ${stderr.slice(-2000)}`;
    expect(await status(healthz), state()).toBe(503);
    expect(await status(healthz), state()).toBe(503);

    await admin.unsafe(`alter database ${name} allow_connections true`);
    await waitUntil('/healthz to recover', async () => (await status(healthz)) === 200, 30_000, 100);

    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});
