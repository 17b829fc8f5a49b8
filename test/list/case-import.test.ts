import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCaseRow, parseCaseFile } from '../../src/core/index.ts';
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

const HEADER = 'number,kind,summary_en,summary_ko,summary_zh';

describe('THE LIST import', () => {
  it('accepts good CSV rows and reports each bad one in plain words', () => {
    const report = parseCaseFile(CSV, 'csv');
    expect(report.accepted.map((c) => c.number)).toEqual([10, 11]);
    expect(report.accepted[1]).toMatchObject({ name: null, place: null, story: {}, source: null, isSample: false });
    expect(report.rejected).toEqual([
      { row: 3, reason: 'kind must be refugee or humanitarian-worker, not "soldier"' },
      { row: 4, reason: 'date must be a real date written YYYY, YYYY-MM or YYYY-MM-DD (such as 2012, 2012-03 or 2012-03-15), not "March 2012"' },
      { row: 5, reason: 'summary_en is missing: every case needs a short summary in English (at most 500 characters)' },
      { row: 6, reason: 'number 10 is already used by row 1 of this file; each case needs its own number' },
    ]);
  });

  it.each([
    ['a word for a number', 'abc,refugee,a,b,c', 'number must be a whole number from 1 to 1,000,000, not "abc"'],
    ['a fraction', '4.5,refugee,a,b,c', 'number must be a whole number from 1 to 1,000,000, not "4.5"'],
    ['zero', '0,refugee,a,b,c', 'number must be a whole number from 1 to 1,000,000, not 0'],
    ['too large', '1000001,refugee,a,b,c', 'number must be a whole number from 1 to 1,000,000, not 1000001'],
    ['no number', ',refugee,a,b,c', 'number is missing: it must be a whole number from 1 to 1,000,000'],
    ['a plural kind', '7,refugees,a,b,c', 'kind must be refugee or humanitarian-worker, not "refugees"'],
    ['no kind', '7,,a,b,c', 'kind is missing: it must be refugee or humanitarian-worker'],
    [
      'several problems at once',
      'x,spy,,b,',
      'number must be a whole number from 1 to 1,000,000, not "x"; kind must be refugee or humanitarian-worker, not "spy"; ' +
        'summary_en is missing: every case needs a short summary in English (at most 500 characters); ' +
        'summary_zh is missing: every case needs a short summary in Chinese (at most 500 characters)',
    ],
    ['a long summary', `7,refugee,${'x'.repeat(501)},b,c`, 'summary_en is too long: at most 500 characters (it has 501)'],
  ])('says what is wrong with %s, per field', (_, line, reason) => {
    expect(parseCaseFile(`${HEADER}\n${line}\n`, 'csv').rejected).toEqual([{ row: 1, reason }]);
  });

  it.each([
    ['a month that does not exist', '2012-13'],
    ['a day that does not exist', '2012-02-30'],
    ['a written-out date', '15 March 2012'],
  ])('refuses a date with %s', (_, date) => {
    const [rejected] = parseCaseFile(`number,kind,date,summary_en,summary_ko,summary_zh\n7,refugee,${date},a,b,c\n`, 'csv').rejected;
    expect(rejected).toEqual({ row: 1, reason: `date must be a real date written YYYY, YYYY-MM or YYYY-MM-DD (such as 2012, 2012-03 or 2012-03-15), not "${date}"` });
  });

  it('reads a double quote inside an unquoted field as written', () => {
    const report = parseCaseFile(`${HEADER}\n7,refugee,He said "no",b,c\n`, 'csv');
    expect(report.accepted[0]!.summary.en).toBe('He said "no"');
  });

  it('refuses NUL and broken characters in a text, naming the field', () => {
    const json = JSON.stringify([{ number: 7, kind: 'refugee', summary_en: 'a', summary_ko: 'b', summary_zh: 'c', place: 'Yanji\u0000' }]);
    expect(parseCaseFile(json, 'json').rejected).toEqual([
      { row: 1, reason: 'place contains a character that cannot be stored (such as a NUL or a broken character); remove it and import again' },
    ]);
  });

  it.each([
    ['a missing column', 'number,kind,summary_en\n1,refugee,a\n', 'the first line of the CSV file must name the columns; summary_ko, summary_zh are missing from it (found: number, kind, summary_en)'],
    ['a row with a field too few', `${HEADER}\n1,refugee,a,b\n`, 'the file cannot be read as CSV: line 2 has a different number of fields than the header row; a text that contains a comma must be in double quotes'],
    ['a quote never closed', `${HEADER}\n1,refugee,"a,b,c\n`, 'the file cannot be read as CSV: a double quote is opened but never closed (the file ends inside a quoted field, which starts on or before line 2)'],
    ['only a header', `${HEADER}\n`, 'the file has no cases in it'],
  ])('says why a CSV file with %s cannot be read', (_, csv, reason) => {
    expect(parseCaseFile(csv, 'csv')).toEqual({ accepted: [], rejected: [{ row: 0, reason }] });
  });

  it('reads JSON as a list of cases or as { "cases": [...] }, with or without a byte order mark', () => {
    const cases = [{ number: 1, kind: 'refugee', summary_en: 'a', summary_ko: 'b', summary_zh: 'c', sample: true }];
    expect(parseCaseFile(JSON.stringify(cases), 'json').accepted[0]).toMatchObject({ number: 1, isSample: true });
    expect(parseCaseFile(JSON.stringify({ cases }), 'json').accepted[0]).toMatchObject({ number: 1, isSample: true });
    expect(parseCaseFile(`\uFEFF${JSON.stringify(cases)}`, 'json').accepted[0]).toMatchObject({ number: 1 });
  });

  it.each([
    ['an object that is one case', '{"number":1}', 'the JSON file must hold a list of cases, [ { "number": 1, … }, … ], or an object with that list as "cases"; this file holds an object with the fields number'],
    ['null', 'null', 'the JSON file must hold a list of cases, [ { "number": 1, … }, … ], or an object with that list as "cases"; this file holds null'],
    ['an empty list', '[]', 'the file has no cases in it'],
  ])('says what is wrong with a JSON file holding %s', (_, json, reason) => {
    expect(parseCaseFile(json, 'json')).toEqual({ accepted: [], rejected: [{ row: 0, reason }] });
  });

  it('says where JSON that cannot be parsed goes wrong', () => {
    expect(parseCaseFile('not json', 'json').rejected[0]!.reason).toMatch(/^the file is not valid JSON \(.+\); check for a missing comma, bracket or quote there$/);
  });

  it('says a JSON row that is not an object must be one', () => {
    expect(parseCaseFile('[5]', 'json').rejected).toEqual([
      { row: 1, reason: 'a case must be an object with the fields number, kind, summary_en, summary_ko, summary_zh (and optional ones), not 5' },
    ]);
  });

  it('gives the Slack form the field and the same words', () => {
    expect(checkCaseRow({ number: '7', kind: 'refugees', summary_en: 'a', summary_ko: 'b', summary_zh: 'c' })).toEqual({
      ok: false,
      field: 'kind',
      reason: 'kind must be refugee or humanitarian-worker, not "refugees"',
    });
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
      expect(out.stdout).toContain('rejected row 3: kind must be refugee or humanitarian-worker, not "soldier"');
      expect(out.stdout.trim().split('\n').at(-1)).toBe('2 accepted, 4 rejected');
      const { stdout } = await runTerminal(['/case 10', '/list Made-up'], { DATA_DIR: join(dir, 'data'), LANG: 'en' });
      expect(stdout).toContain('#10 Test Person A');
      expect(stdout).toContain('A made-up story.');
      expect(stdout).toMatch(/Page 1 of 1, 2 cases/);
    });
  });
});
