/**
 * `npm start` that cannot start says so in exactly one line: which platform
 * or variable to check, what went wrong, and no secret (a token, a database
 * password). Run through the real entry point, as a newcomer would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from './support/databases.ts';
import { FakeSlackApi } from './support/fake-slack-api.ts';
import { killRunningScripts, runScript, SCRIPT_TEST_TIMEOUT_MS } from './support/run-script.ts';
import { freePort } from './support/free-port.ts';

const MADE_UP_TOKEN = '123456789:AAmade-up-telegram-token-not-real';
const MADE_UP_SLACK_TOKEN = 'xoxb-made-up-slack-token-not-real';
const MADE_UP_PASSWORD = 'made-up-db-password';
const SIGNER_KEY_SECRET = 'test-secret-test-secret-test-secret-0123456789';
const ADDRESS_KEYS = 'made-up-address-key-made-up-address-key-0001';

/** Everything `npm start` printed, as lines, and how it ended. */
async function start(env: Record<string, string>) {
  const { code, stdout, stderr } = await runScript('src/main.ts', [], { TERMINAL: '0', PORT: String(await freePort()), ...env });
  return { code, lines: `${stdout}${stderr}`.split('\n').filter((line) => line.trim() !== '') };
}

const slack = new FakeSlackApi();

beforeAll(async () => {
  slack.authError = 'invalid_auth';
  await slack.start();
});
afterAll(async () => {
  await killRunningScripts();
  await slack.stop();
});

/** The one line, checked for what every failed start must do. */
function oneLine(result: { code: number | null; lines: string[] }): string {
  expect(result.code).toBe(1);
  expect(result.lines).toHaveLength(1);
  expect(result.lines[0]).toMatch(/^Cannot start: /);
  for (const secret of [MADE_UP_TOKEN, MADE_UP_TOKEN.split(':')[1]!, MADE_UP_SLACK_TOKEN, MADE_UP_PASSWORD]) expect(result.lines[0]).not.toContain(secret);
  return result.lines[0]!;
}

describe('a failed start is one line naming what to check, secrets hidden', () => {
  it(
    'for a Telegram Bot API that cannot be reached',
    async () => {
      const line = oneLine(await start({ DATABASE_URL: 'memory://', TELEGRAM_BOT_TOKEN: MADE_UP_TOKEN, TELEGRAM_API_ROOT: 'http://127.0.0.1:1' }));
      expect(line).toMatch(/^Cannot start: Telegram getMe failed: the Bot API is unreachable \(ECONNREFUSED\) \(check TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT\)$/);
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );

  it(
    'for a Slack token the Web API refuses',
    async () => {
      const line = oneLine(await start({ DATABASE_URL: 'memory://', SLACK_BOT_TOKEN: MADE_UP_SLACK_TOKEN, SLACK_SIGNING_SECRET: 'made-up-signing-secret', SLACK_API_URL: slack.apiUrl }));
      expect(line).toBe('Cannot start: Slack auth.test failed: invalid_auth (check SLACK_BOT_TOKEN, SLACK_API_URL)');
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );

  it(
    'for a database that refuses the connection, its password hidden',
    async () => {
      const line = oneLine(await start({ DATABASE_URL: `postgres://bot:${MADE_UP_PASSWORD}@127.0.0.1:1/x`, SIGNER_KEY_SECRET, ADDRESS_KEYS }));
      expect(line).toBe('Cannot start: the database at DATABASE_URL (postgres://bot:***@127.0.0.1:1/x) refused the connection (is the server running, and on that port?)');
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );

  it.skipIf(!TEST_DATABASE_URL)(
    'for a Postgres server that has no such user (needs TEST_DATABASE_URL)',
    async () => {
      const url = new URL(TEST_DATABASE_URL!);
      url.username = 'nobody';
      url.password = MADE_UP_PASSWORD;
      url.pathname = '/x';
      const line = oneLine(await start({ DATABASE_URL: url.toString(), SIGNER_KEY_SECRET, ADDRESS_KEYS }));
      expect(line).toMatch(/^Cannot start: the database at DATABASE_URL \(postgres:\/\/nobody:\*\*\*@.*\) refused the (user|password)/);
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );
});
