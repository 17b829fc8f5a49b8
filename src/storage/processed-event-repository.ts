import { lt } from 'drizzle-orm';
import type { ProcessedUpdates } from '../core/ports.ts';
import type { Db } from './database.ts';
import { processedEvents } from './schema.ts';

/** Telegram retries a webhook delivery for about a day; keep ids well past that. */
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * The primary key decides who is first: an insert that conflicts means the
 * event was already claimed, here or by another instance.
 */
export function createProcessedEventRepository(db: Db, clock: () => Date): ProcessedUpdates {
  let lastSweep = 0;
  return {
    async claim(source, id) {
      const now = clock();
      const inserted = await db
        .insert(processedEvents)
        .values({ source, eventId: id, seenAt: now })
        .onConflictDoNothing()
        .returning({ id: processedEvents.eventId });
      if (now.getTime() - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = now.getTime();
        await db.delete(processedEvents).where(lt(processedEvents.seenAt, new Date(now.getTime() - KEEP_MS)));
      }
      return inserted.length > 0;
    },
  };
}
