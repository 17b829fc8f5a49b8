import { sql } from 'drizzle-orm';
import type { SnapshotStore } from '../core/index.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';

export function createSnapshotRepository(db: Db): SnapshotStore {
  return {
    async swap<T>(key: string, next: T) {
      return db.transaction(async (tx) => {
        // The row lock makes a second instance wait and then see this one's snapshot.
        const [old] = rowsOf<{ snapshot: T | string }>(
          await tx.execute(sql`select snapshot from campaign_snapshots where campaign_id = ${key} for update`),
        );
        await tx.execute(sql`
          insert into campaign_snapshots (campaign_id, snapshot, updated_at) values (${key}, ${JSON.stringify(next)}::jsonb, now())
          on conflict (campaign_id) do update set snapshot = excluded.snapshot, updated_at = excluded.updated_at`);
        if (!old) return null;
        return typeof old.snapshot === 'string' ? (JSON.parse(old.snapshot) as T) : old.snapshot;
      });
    },
  };
}
