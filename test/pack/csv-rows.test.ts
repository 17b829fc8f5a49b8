import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CsvRows } from '../../src/pack/csv-rows.ts';

// What a pack's CSV holds, written by hand for speed: the same bytes as csv-stringify's defaults.
const HOSTILE = [
  'Made Up Person',
  'Doe, Jane',
  'She said "no"',
  '"',
  '""',
  'line\nbreak',
  'carriage\rreturn',
  'crlf\r\nboth',
  ' padded ',
  '',
  "'=1+1",
  'tab\there',
  '김영삼',
  '王小明',
  'محمد عبد الله',
  '\u202Eevil\u202C',
  'zero\u200Bwidth',
  'semi;colon',
  "O'Brien",
  '\\backslash\\',
];

async function written(headers: string[], rows: string[][]): Promise<string> {
  const out = new PassThrough();
  const all = text(out);
  const csv = new CsvRows(out, headers);
  for (const row of rows) {
    const wait = csv.add(row);
    if (wait) await wait;
  }
  await csv.end();
  return all;
}

describe('a pack CSV', () => {
  it('writes what csv-stringify writes for the same rows, hostile values included', async () => {
    const headers = ['name', 'country, as "shown"', 'country-code', 'signed-on'];
    const rows = HOSTILE.map((name, i) => [name, HOSTILE[(i + 3) % HOSTILE.length]!, 'KR', '2026-11-29']);
    expect(await written(headers, rows)).toBe(stringify(rows, { header: true, columns: headers }));
  });

  it('writes the header alone when there is no row, and more than one chunk of rows in order', async () => {
    expect(await written(['a', 'b'], [])).toBe(stringify([], { header: true, columns: ['a', 'b'] }));
    const many = Array.from({ length: 2_345 }, (_, i) => [`Name ${i}`, i % 7 === 0 ? 'x,y' : 'z']);
    expect(await written(['a', 'b'], many)).toBe(stringify(many, { header: true, columns: ['a', 'b'] }));
  });
});
