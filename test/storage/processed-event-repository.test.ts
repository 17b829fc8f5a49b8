import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessedEventRepository } from '../../src/storage/processed-event-repository.ts';
import { DRIVERS, openTestDatabase } from '../support/databases.ts';

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`processed events on ${driver.name}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;

    beforeAll(async () => {
      handle = await openTestDatabase(driver.name);
    });
    afterAll(async () => handle?.dispose());

    it('claims an event id once per source, whatever order ids come in', async () => {
      const store = createProcessedEventRepository(handle.database.db, () => new Date('2026-11-29T15:00:00Z'));
      expect(await store.claim('telegram', '900')).toBe(true);
      expect(await store.claim('telegram', '100')).toBe(true);
      expect(await store.claim('telegram', '900')).toBe(false);
      expect(await store.claim('telegram', '100')).toBe(false);
      // Another platform's id space is separate.
      expect(await store.claim('discord', '900')).toBe(true);
    });

    it('lets exactly one of many concurrent claims (several instances) win', async () => {
      const instances = [1, 2, 3, 4].map(() => createProcessedEventRepository(handle.database.db, () => new Date('2026-11-29T15:00:00Z')));
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => instances[i % 4]!.claim('telegram', '424242')));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('sweeps ids older than a week, and only those', async () => {
      let now = new Date('2026-11-01T00:00:00Z');
      const store = createProcessedEventRepository(handle.database.db, () => now);
      await store.claim('telegram', 'old-1');
      now = new Date('2026-11-05T00:00:00Z');
      await store.claim('telegram', 'recent-1');
      // First claim of a new process sweeps; a week and a day after the first id.
      now = new Date('2026-11-09T00:00:00Z');
      const later = createProcessedEventRepository(handle.database.db, () => now);
      await later.claim('telegram', 'new-1');
      const rows = await handle.database.db.execute<{ event_id: string }>(sql`select event_id from processed_events where event_id in ('old-1', 'recent-1', 'new-1') order by event_id`);
      const ids = ((rows as unknown as { rows?: Array<{ event_id: string }> }).rows ?? (rows as unknown as Array<{ event_id: string }>)).map((r) => r.event_id);
      expect(ids).toEqual(['new-1', 'recent-1']);
    });
  });
}
