/** DialogueStore in memory, faithful to src/core/ports/people.ts: states expire by the app's clock. */
import type { Clock, DialogueStore } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

export function createMemoryDialogueStore(tables: MemoryTables, clock: Clock): DialogueStore {
  const states = tables.dialogues;
  return {
    async get<T>(key: string) {
      tables.check();
      const entry = states.get(key);
      if (!entry) return null;
      // Expired is absent; forgetting it here is the sweep.
      if (entry.expiresAt <= clock().getTime()) {
        states.delete(key);
        return null;
      }
      // A copy, as a row read back from JSON is: changing it changes nothing stored.
      return structuredClone(entry.state) as T;
    },
    async set(key, state, ttlSeconds) {
      tables.check();
      states.set(key, { state: JSON.parse(JSON.stringify(state)), expiresAt: clock().getTime() + ttlSeconds * 1000 });
    },
    async delete(key) {
      tables.check();
      states.delete(key);
    },
  };
}
