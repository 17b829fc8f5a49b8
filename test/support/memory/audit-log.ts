/** AuditLog and AuditHistory in memory, faithful to src/core/ports/staff.ts: newest first, with sequence numbers. */
import type { AuditHistory, AuditLog } from '../../../src/core/index.ts';
import type { MemoryTables } from './tables.ts';

export function createMemoryAuditLog(tables: MemoryTables): AuditLog & AuditHistory {
  const entries = tables.auditLog;
  return {
    async record(entry) {
      tables.check();
      entries.push({ id: tables.nextId('audit_log'), actor: entry.actor, action: entry.action, detail: structuredClone(entry.detail ?? {}), at: new Date(entry.at) });
    },
    async latest(limit) {
      tables.check();
      return [...entries]
        .reverse()
        .slice(0, Math.max(limit, 0))
        .map((e) => structuredClone(e));
    },
  };
}
