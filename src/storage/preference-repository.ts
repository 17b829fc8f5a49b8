import { eq } from 'drizzle-orm';
import { isLocale } from '../core/index.ts';
import type { Clock, PreferenceStore } from '../core/index.ts';
import type { Db } from './database.ts';
import { preferences } from './schema.ts';

export function createPreferenceRepository(db: Db, clock: Clock): PreferenceStore {
  return {
    async language(signerKey) {
      const [row] = await db.select({ language: preferences.language }).from(preferences).where(eq(preferences.signerKey, signerKey));
      return row && isLocale(row.language) ? row.language : null;
    },
    async setLanguage(signerKey, language) {
      await db
        .insert(preferences)
        .values({ signerKey, language, updatedAt: clock() })
        .onConflictDoUpdate({ target: preferences.signerKey, set: { language, updatedAt: clock() } });
    },
  };
}
