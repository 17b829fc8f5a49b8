import { checkCaseRow, parseCaseFile, type CaseRowCheck, type ImportReport } from '../list/case-import.ts';
import { DomainError } from './errors.ts';
import type { Case, CaseKind, CaseStore } from './ports.ts';
import { requireValidText } from './text-input.ts';

export const CASE_KINDS: readonly CaseKind[] = ['refugee', 'humanitarian-worker'];
export const CASES_PER_PAGE = 5;
/** Search text beyond this many characters is ignored. */
export const MAX_SEARCH_LENGTH = 100;

export interface CasePage {
  cases: Case[];
  page: number;
  pages: number;
  total: number;
  kind: CaseKind | null;
  search: string | null;
}

export function isCaseKind(value: string): value is CaseKind {
  return (CASE_KINDS as readonly string[]).includes(value);
}

/** Browsing THE LIST: pages, a filter by kind, search, one case. */
export class ListService {
  constructor(private readonly cases: CaseStore) {}

  /**
   * Page numbers start at 1; a page past the end gives the last page. Search
   * text holding NUL, a lone surrogate or a noncharacter is refused with
   * `input.invalid-characters` before any query.
   *
   * @example await list.page({ page: 2, kind: 'refugee' })
   * @example await list.page({ search: 'Yanji' })
   */
  async page(options: { page?: number; kind?: CaseKind | null; search?: string | null }): Promise<CasePage> {
    const kind = options.kind ?? null;
    const search = searchWords(options.search);
    const query = { ...(kind ? { kind } : {}), ...(search ? { search } : {}) };
    const wanted = Math.max(1, Math.floor(options.page ?? 1));
    let result = await this.cases.page({ ...query, offset: (wanted - 1) * CASES_PER_PAGE, limit: CASES_PER_PAGE });
    const pages = Math.max(1, Math.ceil(result.total / CASES_PER_PAGE));
    const page = Math.min(wanted, pages);
    if (page !== wanted) {
      result = await this.cases.page({ ...query, offset: (page - 1) * CASES_PER_PAGE, limit: CASES_PER_PAGE });
    }
    return { cases: result.cases, page, pages, total: result.total, kind, search };
  }

  /** Adds or replaces cases by number; `changedBy` names the staff member or tool. */
  upsertAll(cases: Case[], changedBy: string): Promise<void> {
    return this.cases.upsert(cases, changedBy);
  }

  /** Removes a case; false when there was none. */
  remove(number: number): Promise<boolean> {
    return this.cases.remove(number);
  }

  /**
   * Checks one case (fields named as in import files) with the import's rules; writes nothing.
   *
   * @example list.checkRow({ number: '7', kind: 'refugee', summary_en: '…', summary_ko: '…', summary_zh: '…' })
   */
  checkRow(raw: unknown): CaseRowCheck {
    return checkCaseRow(raw);
  }

  /**
   * Parses a CSV/JSON file of cases and saves every good row; bad rows are reported, not saved.
   *
   * @example const report = await list.importFile(text, 'csv', 'slack:U1') // { accepted, rejected }
   */
  async importFile(content: string, format: 'csv' | 'json', changedBy: string): Promise<ImportReport> {
    const report = parseCaseFile(content, format);
    await this.cases.upsert(report.accepted, changedBy);
    return report;
  }

  /** One case by its number; `case.not-found` when there is none. */
  async get(number: number): Promise<Case> {
    if (!Number.isSafeInteger(number) || number < 1) throw new DomainError('case.invalid-number');
    const found = await this.cases.get(number);
    if (!found) throw new DomainError('case.not-found', { number });
    return found;
  }
}

/**
 * The search as it is queried: trimmed and cut at MAX_SEARCH_LENGTH code
 * points (not UTF-16 units, so the cut never splits a surrogate pair), or null.
 */
function searchWords(typed: string | null | undefined): string | null {
  if (typed == null) return null;
  const trimmed = requireValidText(typed).trim();
  return Array.from(trimmed).slice(0, MAX_SEARCH_LENGTH).join('') || null;
}
