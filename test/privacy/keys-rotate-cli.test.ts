/**
 * `npm run keys:rotate` as staff run it on the embedded database: the data
 * folder's `address-keys` gets a new first line, the command re-encrypts the
 * stored addresses with it, and afterwards the old key can go.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killRunningScripts, runScript, SCRIPT_TEST_TIMEOUT_MS } from '../support/run-script.ts';

const NEW_KEY = 'made-up-rotated-address-key-made-up-rotated-0001';

describe('npm run keys:rotate', { timeout: SCRIPT_TEST_TIMEOUT_MS }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'petition-keys-'));
  });
  afterAll(async () => {
    await killRunningScripts();
    await rm(dir, { recursive: true, force: true });
  });

  it('re-encrypts with the new first key; with the old key removed the reminder address still reads', async () => {
    const env = { DATA_DIR: join(dir, 'data'), LANG: 'en_US.UTF-8' };
    const first = await runScript('src/main.ts', [], env, '/remind on\n/stayintouch on\n');
    expect(first.code).toBe(0);
    const keysFile = join(dir, 'data', 'address-keys');
    const oldKey = (await readFile(keysFile, 'utf8')).trim();
    expect(oldKey.length).toBeGreaterThanOrEqual(32);

    await writeFile(keysFile, `${NEW_KEY}\n${oldKey}\n`);
    const rotated = await runScript('src/cli/keys-rotate.ts', [], env);
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toBe('Re-encrypted with the first key: 1 subscription addresses, 0 queued or sent deliveries, 1 next-campaign contacts, 0 staff notices.\n');

    await writeFile(keysFile, `${NEW_KEY}\n`);
    const after = await runScript('src/main.ts', [], env, '/mydata json\n');
    expect(after.code).toBe(0);
    const json = JSON.parse(after.stdout.slice(after.stdout.indexOf('{')));
    expect(json.reminders).toEqual([{ platform: 'terminal', language: 'en', timeZone: null }]);
    expect(json.nextCampaignContactSince).not.toBeNull();
  });
});
