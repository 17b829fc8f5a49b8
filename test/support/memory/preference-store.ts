/** PreferenceStore in memory, faithful to src/core/ports/people.ts. */
import type { PreferenceStore } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

export function createMemoryPreferenceStore(tables: MemoryTables): PreferenceStore {
  const languages = tables.preferences;
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
