/**
 * The layering is enforced by the build: every kind of forbidden import,
 * planted in a copy of the tree, makes the dependency check (the same
 * command and rules as `npm run lint`) fail with the rule that forbids it.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-script.ts';

const run = promisify(execFile);

/** Each planted file, what it imports, and the rule that must catch it. */
const PLANTED: Array<{ file: string; source: string; rule: string }> = [
  { file: 'src/core/planted-chat.ts', source: "export * from '../chat/index.ts';", rule: 'core-reaches-only-core' },
  { file: 'src/core/planted-i18n.ts', source: "export { formatNumber } from '../i18n/format.ts';", rule: 'core-reaches-only-core' },
  { file: 'src/core/planted-drizzle.ts', source: "export { sql } from 'drizzle-orm';", rule: 'core-uses-pure-libraries' },
  { file: 'src/core/planted-fs.ts', source: "export { readFile } from 'node:fs/promises';", rule: 'core-does-no-io' },
  { file: 'src/chat/planted-storage.ts', source: "export { rowsOf } from '../storage/rows.ts';", rule: 'chat-delivery-server-never-reach-storage' },
  // Reached only through a file no rule names: a direct-edge rule would miss it.
  { file: 'src/planted-bridge.ts', source: "export { rowsOf } from './storage/rows.ts';", rule: '' },
  { file: 'src/delivery/planted-via-bridge.ts', source: "export * from '../planted-bridge.ts';", rule: 'chat-delivery-server-never-reach-storage' },
  { file: 'src/server/planted-app.ts', source: "export { createApp } from '../app.ts';", rule: 'chat-delivery-server-never-reach-storage' },
  { file: 'src/chat/planted-grammy.ts', source: "export { Bot } from 'grammy';", rule: 'chat-knows-no-platform' },
  { file: 'src/delivery/planted-adapter.ts', source: "export * from '../../adapters/terminal/terminal-format.ts';", rule: 'src-knows-no-adapter' },
  { file: 'adapters/telegram/planted-deep.ts', source: "export { countdown } from '../../src/core/countdown.ts';", rule: 'adapters-use-entry-points-only' },
  { file: 'adapters/discord/planted-storage.ts', source: "export { rowsOf } from '../../src/storage/rows.ts';", rule: 'adapters-use-entry-points-only' },
  { file: 'adapters/slack/planted-other.ts', source: "export * from '../telegram/render-telegram.ts';", rule: 'adapters-do-not-import-each-other' },
  { file: 'src/chat/planted-cycle-a.ts', source: "export * from './planted-cycle-b.ts';\nexport const a = 1;", rule: 'no-circular' },
  // A cycle is reported once, from the side the cruise meets first.
  { file: 'src/chat/planted-cycle-b.ts', source: "export * from './planted-cycle-a.ts';\nexport const b = 2;", rule: '' },
];

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

describe('the dependency rules (npm run lint)', () => {
  let dir: string;
  let violations: Violation[];
  let exitCode: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'petition-layers-'));
    for (const part of ['src', 'adapters', '.ci', 'tsconfig.json', 'package.json']) await cp(join(ROOT, part), join(dir, part), { recursive: true });
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    for (const { file, source } of PLANTED) await writeFile(join(dir, file), `${source}\n`);
    const cli = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const cruise = (outputType: string) =>
      run(process.execPath, [cli, 'src', 'adapters', '--config', '.ci/dependency-rules.cjs', '--output-type', outputType], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).then(
        (r) => ({ stdout: r.stdout, code: 0 }),
        (e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }),
      );
    // The JSON report lists every violation; `npm run lint`'s own reporter decides the exit code.
    violations = (JSON.parse((await cruise('json')).stdout) as { summary: { violations: Violation[] } }).summary.violations;
    exitCode = (await cruise('err')).code;
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fails the check', () => {
    expect(exitCode).not.toBe(0);
  });

  it.each(PLANTED.filter((p) => p.rule))('$file is refused by $rule', ({ file, rule }) => {
    expect(violations.filter((v) => v.from === file).map((v) => v.rule.name)).toContain(rule);
  });

  it('finds nothing but the planted imports (the real tree is clean)', () => {
    const planted = new Set(PLANTED.map((p) => p.file));
    expect(violations.filter((v) => !planted.has(v.from) && !planted.has(v.to))).toEqual([]);
  });
});
