import { checkCaseRow, parseCaseFile, type CaseRowCheck, type ImportReport } from './case-import.ts';
import { DomainError } from './errors.ts';
import type { AuditLog, Case, CaseKind, CaseStore, Clock } from './ports/index.ts';
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

/**
 * THE LIST: browsing (pages, a filter by kind, search, one case) for
 * everyone, and the staff's changes (add, edit, remove, import), each
 * recorded in the audit log with who did it.
 */
export class ListService {
  constructor(
    private readonly cases: CaseStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

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

  /**
   * Loads cases that ship with the software (not a staff action, not audited).
   *
   * @example await list.seed(sampleCases, 'sample-data')
   */
  seed(cases: Case[], source: string): Promise<void> {
    return this.cases.upsert(cases, source);
  }

  /**
   * Whether a case number is taken (an "add" must not overwrite).
   *
   * @example await list.exists(7) // true
   */
  async exists(number: number): Promise<boolean> {
    return (await this.cases.get(number)) !== null;
  }

  /**
   * Saves one checked case (see `checkRow`) as a staff member; audited as `list.add` or `list.edit`.
   *
   * @example await list.save(checked.case, 'slack:U1', 'edit')
   */
  async save(kase: Case, actor: string, mode: 'add' | 'edit'): Promise<void> {
    await this.cases.upsert([kase], actor);
    await this.audit.record({ actor, action: `list.${mode}`, detail: { case: kase.number }, at: this.clock() });
  }

  /**
   * Removes a case as a staff member; false when there was none (then nothing is audited).
   *
   * @example await list.remove(7, 'slack:U1') // true
   */
  async remove(number: number, actor: string): Promise<boolean> {
    if (!Number.isSafeInteger(number) || number < 1) return false;
    const removed = await this.cases.remove(number);
    if (removed) await this.audit.record({ actor, action: 'list.remove', detail: { case: number }, at: this.clock() });
    return removed;
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
  async importFile(content: string, format: 'csv' | 'json', actor: string): Promise<ImportReport> {
    const report = parseCaseFile(content, format);
    await this.saveImport(report, actor);
    return report;
  }

  /**
   * Saves the accepted rows of an import already parsed (`parseCaseFile`), audited as `list.import`.
   *
   * @example await list.saveImport(parseCaseFile(text, 'csv'), 'cli:ana')
   */
  async saveImport(report: ImportReport, actor: string): Promise<void> {
    await this.cases.upsert(report.accepted, actor);
    await this.audit.record({
      actor,
      action: 'list.import',
      detail: { accepted: report.accepted.length, rejected: report.rejected.length },
      at: this.clock(),
    });
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
