import type { AuditLog } from '../core/index.ts';
import type { Logger } from '../logger.ts';

/**
 * Writes staff actions as `audit` log lines. Entries carry the staff member's
 * platform id (the point of an audit) and counts, never supporters' data.
 */
export function createLogAudit(logger: Logger): AuditLog {
  return {
    async record(entry) {
      logger.info({ audit: { actor: entry.actor, action: entry.action, at: entry.at.toISOString(), ...entry.detail } }, `audit: ${entry.action}`);
    },
  };
}
