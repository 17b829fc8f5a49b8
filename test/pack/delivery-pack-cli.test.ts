/**
 * `npm run delivery:pack` as staff run it: the same configuration as
 * `npm start` (here the embedded database in a data folder), exit codes a
 * script can rely on, refusals in words.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackManifest } from '../../src/pack/write-pack.ts';
import { killRunningScripts, runScript, SCRIPT_TEST_TIMEOUT_MS } from '../support/run-script.ts';

const CLI = 'src/cli/delivery-pack.ts';

describe('npm run delivery:pack', { timeout: SCRIPT_TEST_TIMEOUT_MS }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'petition-pack-cli-'));
  });
  afterAll(async () => {
    await killRunningScripts();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a pack and a manifest that agrees with what it printed', async () => {
    const out = join(dir, 'pack');
    const { code, stdout, stderr } = await runScript(CLI, ['--out', out], { DATA_DIR: join(dir, 'data') });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as PackManifest;
    // Interim or final depends on when the suite runs (it also runs with the clock moved past the close).
    const kind = manifest.final ? 'final' : 'interim';
    expect(stdout).toContain(`${manifest.campaign}: ${kind} pack frozen at ${manifest.frozenAt}, 0 online + 0 paper signatures from 0 nations`);
    expect(stdout).toContain(`fingerprint (Merkle root, leaf format v${manifest.leafFormatVersion}): ${manifest.merkleRoot}`);
    expect(stdout).toContain('PUBLIC_URL is not set');
    expect(manifest.files.map((f) => f.file)).toEqual(['ALL.pdf']);
  });

  it('refuses an unknown country in words, with exit code 1, and a missing --out with the usage', async () => {
    const unknown = await runScript(CLI, ['--out', join(dir, 'x'), '--country', 'Atlantis'], { DATA_DIR: join(dir, 'data') });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^We don't recognize that country or region/);
    const usage = await runScript(CLI, [], { DATA_DIR: join(dir, 'data') });
    expect(usage).toMatchObject({ code: 2, stderr: 'Usage: npm run delivery:pack -- --out DIR [--country CC] [--final]\n' });
  });

  it('stops with one line when the configuration is wrong', async () => {
    const { code, stderr } = await runScript(CLI, ['--out', join(dir, 'y')], { DATABASE_URL: 'mysql://nowhere' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Configuration error: DATABASE_URL/);
  });
});
