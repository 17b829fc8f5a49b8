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

/** The variables src/config.ts accepts: the keys of its schema. */
async function configVariables(): Promise<string[]> {
  const code = await readFile(join(ROOT, 'src/config.ts'), 'utf8');
  const schema = /const schema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(code);
  if (!schema) throw new Error('src/config.ts has no `const schema = z.object({ ... });`');
  return [...schema[1]!.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
}

/** The variables named in the first column of README's configuration table. */
async function documentedVariables(): Promise<string[]> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(readme);
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const firstCells = section[1]!.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split(' | ')[0]!);
  return firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
}

describe('the README configuration table', () => {
  it('names every variable src/config.ts reads, and none it does not', async () => {
    const read = await configVariables();
    const documented = await documentedVariables();
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((name) => !documented.includes(name))).toEqual([]);
    expect(documented.filter((name) => !read.includes(name))).toEqual([]);
  });

  it('shows the test command with its Postgres variable and value at the top, after the plain one', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const top = /```sh\n([\s\S]*?)```/.exec(readme)![1]!.split('\n').map((line) => line.split('#')[0]!.trim());
    expect(top.slice(0, 3)).toEqual(['npm install && npm start', 'npm install && npm test', 'TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test']);
  });
});
