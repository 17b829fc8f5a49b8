import { desc } from 'drizzle-orm';
import type { AuditHistory, AuditLog } from '../core/index.ts';
import type { Db } from './database.ts';
import { auditLog } from './schema.ts';

/** The most entries one read returns, so `/petition audit 1000000` stays one small query. */
export const MAX_AUDIT_READ = 100;

/**
 * Staff actions as rows of `audit_log`: written by the core's services,
 * read by `/petition audit`. Never in the logs, which stay free of personal data.
 */
export function createAuditRepository(db: Db): AuditLog & AuditHistory {
  return {
    async record(entry) {
      await db.insert(auditLog).values({ at: entry.at, actor: entry.actor, action: entry.action, detail: entry.detail ?? {} });
    },

    async latest(limit) {
      const n = Math.max(1, Math.min(MAX_AUDIT_READ, Math.floor(limit) || 1));
      const rows = await db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(n);
      return rows.map((row) => ({ id: row.id, at: row.at, actor: row.actor, action: row.action, detail: row.detail }));
    },
  };
}
