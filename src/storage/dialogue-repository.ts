import { and, eq, gt, lt } from 'drizzle-orm';
import type { DialogueStore } from '../core/index.ts';
import type { Db } from './database.ts';
import { dialogues } from './schema.ts';

export function createDialogueRepository(db: Db, clock: () => Date): DialogueStore {
  return {
    async get<T>(key: string) {
      const [row] = await db
        .select({ state: dialogues.state })
        .from(dialogues)
        .where(and(eq(dialogues.key, key), gt(dialogues.expiresAt, clock())));
      return row ? (row.state as T) : null;
    },
    async set(key, state, ttlSeconds) {
      const expiresAt = new Date(clock().getTime() + ttlSeconds * 1000);
      await db.insert(dialogues).values({ key, state, expiresAt }).onConflictDoUpdate({ target: dialogues.key, set: { state, expiresAt } });
      // Half-typed names must not linger: sweep expired dialogues as we go.
      await db.delete(dialogues).where(lt(dialogues.expiresAt, clock()));
    },
    async delete(key) {
      await db.delete(dialogues).where(eq(dialogues.key, key));
    },
  };
}
