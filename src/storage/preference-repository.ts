import { eq, sql } from 'drizzle-orm';
import { isLocale } from '../core/index.ts';
import type { Clock, PreferenceStore } from '../core/index.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';
import { preferences } from './schema.ts';
import { batchPerTurn } from './turn-batch.ts';
import { inTransaction } from './unit-of-work.ts';

/** At most this many people's languages are read by one statement. */
const MAX_KEYS = 200;

export function createPreferenceRepository(db: Db, clock: Clock): PreferenceStore {
  // Outside a transaction, the reads of one event-loop turn share one statement: the chat
  // pipeline reads every event's language there, before the event's unit of work.
  const readTogether = batchPerTurn<string, string | null>(MAX_KEYS, async (group) => {
    const keys = JSON.stringify([...new Set(group.map((waiting) => waiting.item))]);
    const rows = rowsOf<{ signer_key: string; language: string }>(
      await db.execute(sql`select signer_key, language from preferences where signer_key in (select jsonb_array_elements_text(${keys}::jsonb))`),
    );
    const found = new Map(rows.map((row) => [row.signer_key, row.language]));
    for (const waiting of group) waiting.resolve(found.get(waiting.item) ?? null);
  });

  return {
    async language(signerKey) {
      const language = inTransaction()
        ? (await db.select({ language: preferences.language }).from(preferences).where(eq(preferences.signerKey, signerKey)))[0]?.language
        : await readTogether(signerKey);
      return language && isLocale(language) ? language : null;
    },
    async setLanguage(signerKey, language) {
      await db
        .insert(preferences)
        .values({ signerKey, language, updatedAt: clock() })
        .onConflictDoUpdate({ target: preferences.signerKey, set: { language, updatedAt: clock() } });
    },
  };
}
