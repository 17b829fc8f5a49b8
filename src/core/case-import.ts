import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import type { Case } from './ports/index.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(max).nullable().optional());

/** One case as it appears in an import file (JSON object or CSV row). */
const caseRow = z
  .object({
    number: z.coerce.number().int().min(1).max(1_000_000),
    kind: z.enum(['refugee', 'humanitarian-worker']),
    name: optionalText(200),
    date: optionalText(10).refine((d) => !d || /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d), 'must be YYYY, YYYY-MM or YYYY-MM-DD'),
    place: optionalText(200),
    summary_en: text(500),
    summary_ko: text(500),
    summary_zh: text(500),
    story_en: optionalText(5000),
    story_ko: optionalText(5000),
    story_zh: optionalText(5000),
    source: optionalText(500),
    sample: z.preprocess((v) => v === true || v === 'true' || v === '1' || v === 'yes', z.boolean()).optional(),
  })
  .strip();

export interface ImportReport {
  accepted: Case[];
  rejected: Array<{ row: number; reason: string }>;
}

/**
 * Parses THE LIST from CSV (header row with the field names) or JSON (an
 * array of objects with the same fields). Every row is checked on its own, so
 * one bad row is reported and the rest still go in.
 */
export function parseCaseFile(content: string, format: 'csv' | 'json'): ImportReport {
  let rows: unknown[];
  try {
    rows = format === 'json' ? asArray(JSON.parse(content)) : parseCsv(content, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    return { accepted: [], rejected: [{ row: 0, reason: `file cannot be read as ${format.toUpperCase()}: ${(error as Error).message}` }] };
  }
  const report: ImportReport = { accepted: [], rejected: [] };
  const seen = new Set<number>();
  rows.forEach((raw, index) => {
    const row = index + 1;
    const parsed = caseRow.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      report.rejected.push({ row, reason: `${issue.path.join('.') || 'row'}: ${issue.message}` });
      return;
    }
    const r = parsed.data;
    if (seen.has(r.number)) {
      report.rejected.push({ row, reason: `number: ${r.number} appears twice in the file` });
      return;
    }
    seen.add(r.number);
    report.accepted.push(toCase(r));
  });
  return report;
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
  return {
    number: r.number,
    kind: r.kind,
    name: r.name ?? null,
    date: r.date ?? null,
    place: r.place ?? null,
    summary: { en: r.summary_en, ko: r.summary_ko, zh: r.summary_zh },
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

function asArray(json: unknown): unknown[] {
  if (!Array.isArray(json)) throw new Error('expected an array of cases');
  return json;
}
