import { parse as parseCsv } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Case } from './ports/index.ts';
import { hasInvalidCharacters } from './text-input.ts';

// Every refusal below is a sentence a coalition staff member can act on, naming
// the field as it is spelled in the file and quoting what was found there. The
// messages stay English: staff read them in the Slack console and the CLI.

const KINDS = ['refugee', 'humanitarian-worker'] as const;
/** The highest case number THE LIST accepts; platforms bound their number inputs by it. */
export const MAX_CASE_NUMBER = 1_000_000;
const MAX_NUMBER = MAX_CASE_NUMBER;
const REQUIRED_FIELDS = ['number', 'kind', 'summary_en', 'summary_ko', 'summary_zh'] as const;
const LANGUAGE_OF: Record<string, string> = { en: 'English', ko: 'Korean', zh: 'Chinese' };

/** What was found, short and quoted, for a message: `"refugees"`, `4.5`, `a list`. */
function found(value: unknown): string {
  if (typeof value === 'string') {
    const chars = Array.from(value.replace(/\s+/g, ' '));
    return `"${chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : chars.join('')}"`;
  }
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** "FIELD is missing: it must be RULE" or "FIELD must be RULE, not FOUND". */
function mustBe(field: string, rule: string) {
  return (issue: { input?: unknown }) =>
    isMissing(issue.input) ? `${field} is missing: it must be ${rule}` : `${field} must be ${rule}, not ${found(issue.input)}`;
}

function tooLong(field: string, max: number) {
  return (issue: { input?: unknown }) =>
    `${field} is too long: at most ${max.toLocaleString('en')} characters (it has ${typeof issue.input === 'string' ? Array.from(issue.input).length.toLocaleString('en') : 'more'})`;
}

const storable = (field: string) => ({
  error: `${field} contains a character that cannot be stored (such as a NUL or a broken character); remove it and import again`,
});

/** Required text, e.g. a summary. */
const text = (field: string, max: number, missing: string) =>
  z
    .string({ error: (issue) => (isMissing(issue.input) ? missing : `${field} must be text, not ${found(issue.input)}`) })
    .trim()
    .min(1, { error: missing })
    .max(max, { error: tooLong(field, max) })
    .refine((v) => !hasInvalidCharacters(v), storable(field));

/** Optional text: an empty cell, null or a missing field all mean "none". */
const optionalText = (field: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z
      .string({ error: (issue) => `${field} must be text, not ${found(issue.input)}` })
      .trim()
      .max(max, { error: tooLong(field, max) })
      .refine((v) => !hasInvalidCharacters(v), storable(field))
      .nullable()
      .optional(),
  );

const summary = (language: 'en' | 'ko' | 'zh') =>
  text(`summary_${language}`, 500, `summary_${language} is missing: every case needs a short summary in ${LANGUAGE_OF[language]} (at most 500 characters)`);

const numberRule = `a whole number from 1 to ${MAX_NUMBER.toLocaleString('en')}`;
const kindRule = `${KINDS.join(' or ')}`;
const dateRule = 'a real date written YYYY, YYYY-MM or YYYY-MM-DD (such as 2012, 2012-03 or 2012-03-15)';

/** A date as precise as is known: 2012, 2012-03 or 2012-03-15, and a real one (no 2012-13 or 2012-02-30). */
function isPartialDate(d: string): boolean {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(d)) return false;
  return DateTime.fromISO(d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d, { zone: 'utc' }).isValid;
}

/** One case as it appears in an import file (JSON object or CSV row). */
const caseRow = z
  .object(
    {
      number: z.preprocess(
        // CSV cells are text: "12" is the number 12; anything else is reported as typed.
        (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
        z
          .number({ error: mustBe('number', numberRule) })
          .int({ error: mustBe('number', numberRule) })
          .min(1, { error: mustBe('number', numberRule) })
          .max(MAX_NUMBER, { error: mustBe('number', numberRule) }),
      ),
      kind: z.enum(KINDS, { error: mustBe('kind', kindRule) }),
      name: optionalText('name', 200),
      date: optionalText('date', 200).refine((d) => !d || isPartialDate(d), { error: (issue) => `date must be ${dateRule}, not ${found(issue.input)}` }),
      place: optionalText('place', 200),
      summary_en: summary('en'),
      summary_ko: summary('ko'),
      summary_zh: summary('zh'),
      story_en: optionalText('story_en', 5000),
      story_ko: optionalText('story_ko', 5000),
      story_zh: optionalText('story_zh', 5000),
      // Later languages are optional: without them a reader gets zh-Hant -> zh, es -> en.
      'summary_zh-Hant': optionalText('summary_zh-Hant', 500),
      summary_es: optionalText('summary_es', 500),
      'story_zh-Hant': optionalText('story_zh-Hant', 5000),
      story_es: optionalText('story_es', 5000),
      source: optionalText('source', 500),
      sample: z.preprocess((v) => v === true || v === 'true' || v === '1' || v === 'yes', z.boolean()).optional(),
    },
    { error: (issue) => `a case must be an object with the fields ${REQUIRED_FIELDS.join(', ')} (and optional ones), not ${found(issue.input)}` },
  )
  .strip();

export interface ImportReport {
  accepted: Case[];
  /** Row 0 is the file as a whole (it could not be read at all). */
  rejected: Array<{ row: number; reason: string }>;
}

/** The file could not be read as a whole; the message says why in plain words. */
class UnreadableFile extends Error {}

/**
 * Parses THE LIST from CSV (header row with the field names) or JSON (an
 * array of objects with the same fields, or an object whose `cases` field is
 * that array). Every row is checked on its own, so one bad row is reported
 * and the rest still go in; a row's reason lists each of its problems.
 *
 * @example parseCaseFile('number,kind,summary_en,summary_ko,summary_zh\n7,refugee,…,…,…\n', 'csv') // { accepted: [case 7], rejected: [] }
 */
export function parseCaseFile(content: string, format: 'csv' | 'json'): ImportReport {
  let rows: unknown[];
  try {
    rows = format === 'json' ? readJson(content) : readCsv(content);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    return { accepted: [], rejected: [{ row: 0, reason: error.message }] };
  }
  if (rows.length === 0) return { accepted: [], rejected: [{ row: 0, reason: 'the file has no cases in it' }] };
  const report: ImportReport = { accepted: [], rejected: [] };
  const firstRowOf = new Map<number, number>();
  rows.forEach((raw, index) => {
    const row = index + 1;
    const parsed = caseRow.safeParse(raw);
    if (!parsed.success) {
      report.rejected.push({ row, reason: parsed.error.issues.map((issue) => issue.message).join('; ') });
      return;
    }
    const r = parsed.data;
    const first = firstRowOf.get(r.number);
    if (first !== undefined) {
      report.rejected.push({ row, reason: `number ${r.number} is already used by row ${first} of this file; each case needs its own number` });
      return;
    }
    firstRowOf.set(r.number, row);
    report.accepted.push(toCase(r));
  });
  return report;
}

function readJson(content: string): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UnreadableFile(`the file is not valid JSON (${(error as Error).message}); check for a missing comma, bracket or quote there`);
  }
  if (Array.isArray(json)) return json;
  // { "cases": [ ... ] } is a natural way to write the same list.
  if (json !== null && typeof json === 'object' && Array.isArray((json as { cases?: unknown }).cases)) return (json as { cases: unknown[] }).cases;
  const what =
    json !== null && typeof json === 'object'
      ? `an object${Object.keys(json).length > 0 ? ` with the fields ${Object.keys(json).slice(0, 5).join(', ')}` : ''}`
      : found(json);
  throw new UnreadableFile(`the JSON file must hold a list of cases, [ { "number": 1, … }, … ], or an object with that list as "cases"; this file holds ${what}`);
}

/** csv-parse's error codes, in words; its own message is the fallback. */
function csvProblem(error: { code?: string; message: string; lines?: number }): string {
  const line = error.lines ? `line ${error.lines}` : 'a line';
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return `${line} has a different number of fields than the header row; a text that contains a comma must be in double quotes`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a double quote is opened but never closed (the file ends inside a quoted field, which starts on or before ${line})`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return `${line} has a double quote inside a field; write it twice ("") or put the whole field in double quotes`;
    default:
      return error.message;
  }
}

function readCsv(content: string): unknown[] {
  let header: string[] = [];
  let records: unknown[];
  try {
    records = parseCsv(content, {
      columns: (names: string[]) => (header = names.map((name) => name.trim())),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      // He said "no" in an unquoted field is read as written, as a spreadsheet would.
      relax_quotes: true,
    }) as unknown[];
  } catch (error) {
    throw new UnreadableFile(`the file cannot be read as CSV: ${csvProblem(error as Error)}`);
  }
  const missing = REQUIRED_FIELDS.filter((field) => !header.includes(field));
  if (header.length > 0 && missing.length > 0) {
    throw new UnreadableFile(
      `the first line of the CSV file must name the columns; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing from it (found: ${header.slice(0, 12).join(', ') || 'nothing'})`,
    );
  }
  return records;
}

/** Where a single row failed: the field (as named in import files) and why. */
export type CaseRowCheck = { ok: true; case: Case } | { ok: false; field: string; reason: string };

/**
 * Checks one case with exactly the rules of the file import, e.g. for a form
 * that edits one case.
 *
 * @example checkCaseRow({ number: '7', kind: 'refugee', summary_en: '…', summary_ko: '…', summary_zh: '…' })
 */
export function checkCaseRow(raw: unknown): CaseRowCheck {
  const parsed = caseRow.safeParse(raw);
  if (parsed.success) return { ok: true, case: toCase(parsed.data) };
  const issue = parsed.error.issues[0]!;
  return { ok: false, field: String(issue.path[0] ?? 'row'), reason: issue.message };
}

function toCase(r: z.infer<typeof caseRow>): Case {
  const story: Case['story'] = {};
  if (r.story_en) story.en = r.story_en;
  if (r.story_ko) story.ko = r.story_ko;
  if (r.story_zh) story.zh = r.story_zh;
  if (r['story_zh-Hant']) story['zh-Hant'] = r['story_zh-Hant'];
  if (r.story_es) story.es = r.story_es;
  const summary: Case['summary'] = { en: r.summary_en, ko: r.summary_ko, zh: r.summary_zh };
  if (r['summary_zh-Hant']) summary['zh-Hant'] = r['summary_zh-Hant'];
  if (r.summary_es) summary.es = r.summary_es;
  return {
    number: r.number,
    kind: r.kind,
    name: r.name ?? null,
    date: r.date ?? null,
    place: r.place ?? null,
    summary,
    story,
    source: r.source ?? null,
    isSample: r.sample ?? false,
  };
}

export function formatOf(path: string): 'csv' | 'json' | null {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.json$/i.test(path)) return 'json';
  return null;
}
