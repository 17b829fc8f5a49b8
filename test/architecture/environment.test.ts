/**
 * Configuration is a pure function of the environment: only the entry
 * points (npm start, the CLIs) and the configuration module read
 * `process.env`; everything else receives a validated config object.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-script.ts';

const MAY_READ_ENVIRONMENT = /^src\/(main|config|cli\/[^/]+)\.ts$/;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []))));
  return nested.flat();
}

describe('reading the environment', () => {
  it('happens only in the entry points and src/config.ts', async () => {
    const files = [...(await sourceFiles(join(ROOT, 'src'))), ...(await sourceFiles(join(ROOT, 'adapters')))];
    const readers: string[] = [];
    for (const file of files) {
      const code = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (/process\.env\b/.test(code)) readers.push(relative(ROOT, file));
    }
    expect(readers.length).toBeGreaterThan(0);
    expect(readers.filter((file) => !MAY_READ_ENVIRONMENT.test(file))).toEqual([]);
  });
});
