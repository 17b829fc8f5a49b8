/** THE LIST: cases of North Korean refugees and humanitarian workers seized by China. */
import type { ContentLocale, Locale } from '../locale.ts';

export type CaseKind = 'refugee' | 'humanitarian-worker';

/** One entry of THE LIST. */
export interface Case {
  number: number;
  kind: CaseKind;
  name: string | null;
  date: string | null;
  place: string | null;
  /** Required in the content languages; a later language (zh-Hant, es) may have its own, else it is read through `localized`. */
  summary: Record<ContentLocale, string> & Partial<Record<Locale, string>>;
  story: Partial<Record<Locale, string>>;
  source: string | null;
  isSample: boolean;
}

export interface CaseQuery {
  kind?: CaseKind;
  /** Words to look for in names, places, summaries and stories. */
  search?: string;
  offset: number;
  limit: number;
}

export interface CaseStore {
  /**
   * A page of cases in number order, and how many match in all.
   *
   * @example await cases.page({ kind: 'refugee', offset: 0, limit: 5 }) // { cases: [...], total: 12 }
   */
  page(query: CaseQuery): Promise<{ cases: Case[]; total: number }>;
  /**
   * One case by number, or null.
   *
   * @example await cases.get(3)
   */
  get(number: number): Promise<Case | null>;
  /**
   * Inserts or replaces cases by number, recording who changed them.
   *
   * @example await cases.upsert([case7], 'slack:U0123')
   */
  upsert(cases: Case[], changedBy: string): Promise<void>;
  /**
   * Removes a case; false when there was none.
   *
   * @example await cases.remove(7) // true
   */
  remove(number: number): Promise<boolean>;
}
