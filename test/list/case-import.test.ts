import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../src/core/index.ts';
import { killRunningScripts, runScript, SCRIPT_TEST_TIMEOUT_MS } from '../support/run-script.ts';
import { runTerminal } from '../support/run-terminal.ts';

const CSV = `number,kind,name,date,place,summary_en,summary_ko,summary_zh,story_en,source
10,refugee,Test Person A,2012-03,Test Town,Made-up case A,가상 사례 A,虚构案例A,A made-up story.,Test fixture
11,humanitarian-worker,,2010,,Made-up case B,가상 사례 B,虚构案例B,,
12,soldier,Test Person C,2011,,Bad kind,나쁜 종류,错误类型,,
13,refugee,Test Person D,March 2012,,Bad date,나쁜 날짜,错误日期,,
14,refugee,Test Person E,2013,,,요약 없음,无摘要,,
10,refugee,Duplicate,2012,,Dup,중복,重复,,
`;

describe('THE LIST import', () => {
  it('accepts good CSV rows and reports each bad one with its reason', () => {
    const report = parseCaseFile(CSV, 'csv');
    expect(report.accepted.map((c) => c.number)).toEqual([10, 11]);
    expect(report.accepted[1]).toMatchObject({ name: null, place: null, story: {}, source: null, isSample: false });
    expect(report.rejected).toEqual([
      { row: 3, reason: expect.stringMatching(/^kind:/) },
      { row: 4, reason: expect.stringMatching(/^date: must be YYYY, YYYY-MM or YYYY-MM-DD/) },
      { row: 5, reason: expect.stringMatching(/^summary_en:/) },
      { row: 6, reason: 'number: 10 appears twice in the file' },
    ]);
  });

  it('reads JSON, and says so when the file is not an array', () => {
    const ok = parseCaseFile(JSON.stringify([{ number: 1, kind: 'refugee', summary_en: 'a', summary_ko: 'b', summary_zh: 'c', sample: true }]), 'json');
    expect(ok.accepted[0]).toMatchObject({ number: 1, isSample: true });
    expect(parseCaseFile('{"number":1}', 'json').rejected[0]!.reason).toMatch(/expected an array/);
    expect(parseCaseFile('not json', 'json').rejected[0]!.reason).toMatch(/cannot be read as JSON/);
  });

  describe('npm run list:import', { timeout: SCRIPT_TEST_TIMEOUT_MS }, () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'petition-import-'));
      await writeFile(join(dir, 'list.csv'), CSV);
    });
    afterAll(async () => {
      await killRunningScripts();
      await rm(dir, { recursive: true, force: true });
    });

    it('imports into the configured database and prints what it accepted and rejected', async () => {
      const out = await runScript('src/cli/list-import.ts', [join(dir, 'list.csv'), '--by', 'test-staff'], { DATA_DIR: join(dir, 'data') });
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('rejected row 3: kind:');
      expect(out.stdout.trim().split('\n').at(-1)).toBe('2 accepted, 4 rejected');
      const { stdout } = await runTerminal(['/case 10', '/list Made-up'], { DATA_DIR: join(dir, 'data'), LANG: 'en' });
      expect(stdout).toContain('#10 Test Person A');
      expect(stdout).toContain('A made-up story.');
      expect(stdout).toMatch(/Page 1 of 1, 2 cases/);
    });
  });
});
