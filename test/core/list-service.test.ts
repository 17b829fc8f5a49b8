import { describe, expect, it } from 'vitest';
import { ListService, MAX_SEARCH_LENGTH } from '../../src/core/list-service.ts';
import type { Case, CaseQuery, CaseStore } from '../../src/core/index.ts';

/** Browsing is not audited; a recorder would only ever see nothing. */
const noAudit = { record: async () => {} };
const clock = () => new Date('2026-11-29T15:00:00Z');

/** A case store that records every query and has no cases. */
class RecordingCaseStore implements CaseStore {
  readonly queries: CaseQuery[] = [];
  async page(query: CaseQuery) {
    this.queries.push(query);
    return { cases: [], total: 0 };
  }
  async get(): Promise<Case | null> {
    return null;
  }
  async upsert(): Promise<void> {}
  async remove(): Promise<boolean> {
    return false;
  }
}

describe('ListService.page search', () => {
  it.each([
    ['a NUL byte', 'Yanji\u0000'],
    ['a lone surrogate', 'Yanji\uD800'],
    ['a noncharacter', 'Yanji\uFFFF'],
  ])('refuses %s with input.invalid-characters and queries nothing', async (_, search) => {
    const store = new RecordingCaseStore();
    await expect(new ListService(store, noAudit, clock).page({ search })).rejects.toMatchObject({ code: 'input.invalid-characters' });
    expect(store.queries).toEqual([]);
  });

  it('passes ordinary search words through, trimmed', async () => {
    const store = new RecordingCaseStore();
    const page = await new ListService(store, noAudit, clock).page({ search: '  Yanji 2012 ' });
    expect(page.search).toBe('Yanji 2012');
    expect(store.queries[0]).toMatchObject({ search: 'Yanji 2012' });
  });

  it('cuts a long search by characters, never inside a surrogate pair', async () => {
    const store = new RecordingCaseStore();
    const search = 'a' + '𠮷'.repeat(MAX_SEARCH_LENGTH);
    const page = await new ListService(store, noAudit, clock).page({ search });
    expect(Array.from(page.search!)).toHaveLength(MAX_SEARCH_LENGTH);
    expect(page.search).not.toMatch(/\p{Cs}/u); // no lone surrogate
    expect(store.queries[0]!.search).toBe(page.search);
  });

  it('treats a blank search as no search', async () => {
    const store = new RecordingCaseStore();
    expect((await new ListService(store, noAudit, clock).page({ search: '   ' })).search).toBeNull();
    expect(store.queries[0]).not.toHaveProperty('search');
  });
});
