/** PreferenceStore in memory, faithful to src/core/ports/people.ts. */
import type { Locale, PreferenceStore } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

export function createMemoryPreferenceStore(tables: MemoryTables): PreferenceStore {
  const languages = new Map<string, Locale>();
  return {
    async language(signerKey) {
      tables.check();
      return languages.get(signerKey) ?? null;
    },
    async setLanguage(signerKey, language) {
      tables.check();
      languages.set(signerKey, language);
    },
  };
}
