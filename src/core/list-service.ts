import { checkCaseRow, parseCaseFile, type CaseRowCheck, type ImportReport } from '../list/case-import.ts';
import { DomainError } from './errors.ts';
import type { AuditLog, Case, CaseKind, CaseStore, Clock } from './ports.ts';

export const CASE_KINDS: readonly CaseKind[] = ['refugee', 'humanitarian-worker'];
export const CASES_PER_PAGE = 5;

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

/** How a change to THE LIST is recorded in the audit log (`list.<how>`). */
export type ListChange = 'add' | 'edit' | 'save';

/** The most case numbers written into one audit entry; the count is always there. */
const AUDITED_NUMBERS = 50;

/** Browsing THE LIST: pages, a filter by kind, search, one case. Every change is recorded in the audit log. */
export class ListService {
  constructor(
    private readonly cases: CaseStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Page numbers start at 1; a page past the end gives the last page.
   *
   * @example await list.page({ page: 2, kind: 'refugee' })
   */
  async page(options: { page?: number; kind?: CaseKind | null; search?: string | null }): Promise<CasePage> {
    const kind = options.kind ?? null;
    const search = options.search?.trim().slice(0, 100) || null;
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
   * Adds or replaces cases by number; `changedBy` names the staff member or tool, and the change is audited as `list.<how>`.
   *
   * @example await list.upsertAll([entry], 'slack:U1', 'edit')
   */
  async upsertAll(cases: Case[], changedBy: string, how: ListChange = 'save'): Promise<void> {
    await this.cases.upsert(cases, changedBy);
    await this.audit.record({ actor: changedBy, action: `list.${how}`, detail: numbersOf(cases), at: this.clock() });
  }

  /**
   * Removes a case and records who did; false (and nothing recorded) when there was none.
   *
   * @example await list.remove(7, 'slack:U1') // true
   */
  async remove(number: number, removedBy: string): Promise<boolean> {
    const removed = await this.cases.remove(number);
    if (removed) await this.audit.record({ actor: removedBy, action: 'list.remove', detail: { case: number }, at: this.clock() });
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
  async importFile(content: string, format: 'csv' | 'json', changedBy: string): Promise<ImportReport> {
    const report = parseCaseFile(content, format);
    await this.cases.upsert(report.accepted, changedBy);
    await this.audit.record({
      actor: changedBy,
      action: 'list.import',
      detail: { accepted: report.accepted.length, rejected: report.rejected.length },
      at: this.clock(),
    });
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

function numbersOf(cases: Case[]): Record<string, string | number> {
  if (cases.length === 1) return { case: cases[0]!.number };
  const numbers = cases.slice(0, AUDITED_NUMBERS).map((c) => c.number).join(',');
  return { cases: cases.length, numbers: cases.length > AUDITED_NUMBERS ? `${numbers},…` : numbers };
}
