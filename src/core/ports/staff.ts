/** What staff actions go through: announcements and the audit trail. */
import type { LocalizedContent } from '../locale.ts';

/** A message from staff to every opted-in supporter and configured channel, one text per language. */
export interface Announcement {
  id: string;
  /** Required in en, ko and zh; zh-Hant and es only when staff wrote them (else zh-Hant reads zh, es reads en). */
  texts: LocalizedContent;
  /** Who asked for it, e.g. `slack:U0123` (staff, never a supporter). */
  requestedBy: string;
}

/**
 * Hands an announcement over for delivery. Enqueuing the same id twice keeps one;
 * `recipients` is how many deliveries it was queued for.
 *
 * @example const { recipients } = await queue.enqueue({ id: 'a1', texts, requestedBy: 'slack:U1' })
 */
export interface AnnouncementQueue {
  enqueue(announcement: Announcement): Promise<{ recipients: number }>;
}

/** One staff action worth keeping a record of; never holds a supporter's personal data. */
export interface AuditEntry {
  /** The staff member, e.g. `slack:U0123`. */
  actor: string;
  /**
   * What was done: `export`, `announce`, `list.add`/`list.edit`/`list.remove`/`list.import`,
   * `review.approve`, `review.invalidate`, `review.redact`; delivery packs and delivery records add their own.
   */
  action: string;
  /** Counts and ids only (case numbers, row counts, signature ids, announcement id), never a supporter's name. */
  detail?: Record<string, string | number | boolean>;
  at: Date;
}

/**
 * Where staff actions are recorded.
 *
 * @example await audit.record({ actor: 'slack:U1', action: 'export', detail: { rows: 120 }, at: clock() })
 */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** An audit entry as stored, with its sequence number. */
export interface RecordedAuditEntry extends AuditEntry {
  id: number;
  detail: Record<string, string | number | boolean>;
}

/**
 * The read side of the audit trail, for `/petition audit`.
 *
 * @example const entries = await history.latest(20) // newest first
 */
export interface AuditHistory {
  /** The newest `limit` entries, newest first. */
  latest(limit: number): Promise<RecordedAuditEntry[]>;
}
