import { DateTime } from 'luxon';
import { DomainError } from './errors.ts';
import type { AuditLog, Clock, HeldGroup, ReviewCounts, ReviewSelection, ReviewStore, SignatureState } from './ports/index.ts';
import { normalizeReceiptCode, type ReceiptKeyer } from './receipt.ts';
import { checkReferral } from './referral.ts';
import { isInvalidReason, isReviewRule, type InvalidReason } from './review-policy.ts';
import { initialsOf } from './signer-name.ts';

/** Held signatures waiting for staff, grouped by the rule that held them. */
export interface ReviewQueue {
  total: number;
  groups: HeldGroup[];
}

/** What a staff member wants done with a selection. */
export type ReviewDecision =
  | { kind: 'approve' }
  /** `includeValid` also sets aside signatures that were never held (e.g. a referral found to be a bot farm). */
  | { kind: 'invalidate'; reason: InvalidReason; includeValid?: boolean };

export type RedactOutcome =
  | { status: 'redacted'; id: number; initials: string }
  | { status: 'not-found' }
  /** Already initials or anonymous (perhaps another staff member was first). */
  | { status: 'nothing-to-redact' };

/** Ids per action: enough for any real batch, small enough for one statement. */
export const MAX_IDS = 1_000;
/** Ids written into one audit entry; the count is always there. */
const AUDITED_IDS = 50;
const SAMPLE_SIZE = 5;

/**
 * Staff review of held signatures: the queue, approving or invalidating one
 * or many after a confirmation that says how many, and redacting a shown
 * name to initials. Every action is idempotent, safe when two staff members
 * act at once (the store changes only rows still in the expected state), and
 * recorded in the audit log with ids and counts, never names. Nothing is
 * ever deleted.
 */
export class ReviewService {
  constructor(
    private readonly campaignId: string,
    private readonly store: ReviewStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    /** Turns a signer key into its receipt code, so staff can name a signature by the code its signer sees. */
    private readonly receiptOf: ReceiptKeyer | null = null,
  ) {}

  /**
   * Held signatures by rule, most first, each with a few of the newest and its time window.
   *
   * @example const { total, groups } = await review.queue() // groups[0]: { rule: 'surge-referral', count: 40, firstAt, lastAt, sample }
   */
  async queue(sampleSize: number = SAMPLE_SIZE): Promise<ReviewQueue> {
    const groups = await this.store.heldGroups(this.campaignId, Math.max(0, Math.min(20, Math.floor(sampleSize))));
    return { total: groups.reduce((sum, g) => sum + g.count, 0), groups };
  }

  /**
   * How many signatures wait for review (the Slack Home tab).
   *
   * @example await review.queueSize() // 42
   */
  queueSize(): Promise<number> {
    return this.store.heldCount(this.campaignId);
  }

  /**
   * How many signatures a decision would change now: the number the confirmation states.
   *
   * @example await review.preview({ kind: 'approve' }, { rule: 'same-name-elsewhere' }) // 12
   */
  async preview(decision: ReviewDecision, selection: ReviewSelection): Promise<number> {
    return this.store.count(this.campaignId, checkSelection(selection), fromStates(checkDecision(decision)));
  }

  /**
   * What a confirmation offers: how many signatures the decision changes now,
   * and the selection bounded to signatures signed until now, so a signature
   * that arrives between the confirmation and the click is not swept in
   * unseen (the count can only go down, when someone else acts first).
   *
   * @example const { count, selection } = await review.prepare({ kind: 'approve' }, { rule: 'surge-referral' }) // selection.to = now
   */
  async prepare(decision: ReviewDecision, selection: ReviewSelection): Promise<{ count: number; selection: ReviewSelection }> {
    const checked = checkSelection(selection);
    // `to` is exclusive: a millisecond past now includes what was signed at this very instant.
    const until = new Date(this.clock().getTime() + 1);
    const bounded = checkSelection({ ...checked, to: checked.to && checked.to < until ? checked.to : until });
    return { count: await this.preview(decision, bounded), selection: bounded };
  }

  /**
   * Applies a decision and records it; returns how many signatures changed
   * (0 when someone else already did it, so a repeated click is harmless and
   * leaves no audit row).
   *
   * @example await review.decide({ kind: 'invalidate', reason: 'automated' }, { referral: 'rABC' }, 'slack:U1') // { changed: 40 }
   */
  async decide(decision: ReviewDecision, selection: ReviewSelection, actor: string): Promise<{ changed: number }> {
    const checked = checkSelection(selection);
    const valid = checkDecision(decision);
    const at = this.clock();
    const stamp = { actor, at };
    const changed =
      valid.kind === 'approve'
        ? await this.store.approve(this.campaignId, checked, stamp)
        : await this.store.invalidate(this.campaignId, checked, fromStates(valid), valid.reason, stamp);
    // A repeated or concurrent click that changed nothing is not a staff action: no audit row.
    if (changed === 0) return { changed };
    await this.audit.record({
      actor,
      action: `review.${valid.kind}`,
      detail: { campaign: this.campaignId, changed, ...describe(checked), ...(valid.kind === 'invalidate' ? { reason: valid.reason, includeValid: Boolean(valid.includeValid) } : {}) },
      at,
    });
    return { changed };
  }

  /**
   * Held → valid.
   *
   * @example await review.approve({ ids: [17] }, 'slack:U1') // { changed: 1 }
   */
  approve(selection: ReviewSelection, actor: string): Promise<{ changed: number }> {
    return this.decide({ kind: 'approve' }, selection, actor);
  }

  /**
   * Held (and, with `includeValid`, valid) → invalid, with a reason from `INVALID_REASONS`.
   *
   * @example await review.invalidate({ from, to }, 'automated', 'slack:U1') // { changed: 25 }
   */
  async invalidate(selection: ReviewSelection, reason: string, actor: string, options: { includeValid?: boolean } = {}): Promise<{ changed: number }> {
    if (!isInvalidReason(reason)) throw new DomainError('review.unknown-reason', { reason: reason.slice(0, 40) });
    return this.decide({ kind: 'invalidate', reason, includeValid: options.includeValid }, selection, actor);
  }

  /**
   * Turns a signature's full name into initials ("Kim Mina" → "K. M.", "王小明" → "王○○"); the state is unchanged.
   *
   * @example await review.redact(parseSignatureId('#1234'), 'slack:U1') // { status: 'redacted', id: 1234, initials: 'K. M.' }
   */
  async redact(id: number, actor: string): Promise<RedactOutcome> {
    checkId(id);
    // Two tries: the compare-and-set fails only when the name changed under us.
    for (let attempt = 0; attempt < 2; attempt++) {
      const signature = await this.store.get(this.campaignId, id);
      if (!signature) return { status: 'not-found' };
      if (signature.nameStyle !== 'full' || !signature.displayName) return { status: 'nothing-to-redact' };
      const initials = initialsOf(signature.displayName) || '○';
      if (await this.store.redactName(this.campaignId, id, signature.displayName, initials)) {
        await this.audit.record({ actor, action: 'review.redact', detail: { campaign: this.campaignId, signature: id }, at: this.clock() });
        return { status: 'redacted', id, initials };
      }
    }
    return { status: 'nothing-to-redact' };
  }

  /**
   * Redacts the signature staff name by its number (`1234`, `#1234`) or by
   * the signer's receipt code (as a signer would read it out). Throws
   * `review.invalid-id` when the text is neither.
   *
   * @example await review.redactReference('7K2M-Q9XD-4RTB-W1HZ', 'slack:U1') // { status: 'redacted', id: 17, initials: 'K. M.' }
   */
  async redactReference(reference: string, actor: string): Promise<RedactOutcome> {
    const code = this.receiptOf && !/^\s*#?\d+\s*$/.test(reference) ? normalizeReceiptCode(reference.trim()) : null;
    if (!code) return this.redact(parseSignatureId(reference), actor);
    const receiptOf = this.receiptOf!;
    // The code is a keyed hash of the signer key and cannot be reversed: the signatures are scanned, nothing is stored for it.
    const id = await this.store.findId(this.campaignId, (signerKey) => receiptOf(signerKey) === code);
    return id === null ? { status: 'not-found' } : this.redact(id, actor);
  }

  /**
   * Held by rule, invalid by reason, approved by rule: published in the open data.
   *
   * @example await review.transparency() // { held: { total: 3, byRule: { 'watch-list': 3 } }, invalid: {...}, approved: {...} }
   */
  transparency(): Promise<ReviewCounts> {
    return this.store.counts(this.campaignId);
  }
}

/**
 * A time as staff type it for a review window: ISO `2026-11-29T10:00` (read
 * in the campaign's zone unless it carries an offset) or a date `2026-11-29`
 * (its start). Throws `review.bad-window`.
 *
 * @example parseReviewTime('2026-11-29T10:00', 'Asia/Seoul') // 2026-11-29T01:00:00.000Z
 */
export function parseReviewTime(text: string, timeZone: string): Date {
  const parsed = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim()) ? DateTime.fromISO(text.trim(), { zone: timeZone }) : null;
  if (!parsed?.isValid) throw new DomainError('review.bad-window');
  return parsed.toJSDate();
}

/**
 * The options of a bulk review decision, the same wherever staff type it
 * (Slack's `/petition review`, `npm run review`), as `node:util` parseArgs
 * reads them.
 */
export const REVIEW_DECISION_OPTIONS = {
  rule: { type: 'string' },
  referral: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  ids: { type: 'string' },
  reason: { type: 'string' },
  'include-valid': { type: 'boolean' },
} as const;

/** What staff typed for a bulk decision: the verb and the values of REVIEW_DECISION_OPTIONS. */
export interface TypedReviewDecision {
  verb: string | undefined;
  values: { rule?: string; referral?: string; from?: string; to?: string; ids?: string; reason?: string; 'include-valid'?: boolean };
}

/**
 * A bulk decision and its selection from what staff typed, with times read in
 * the campaign's time zone (throws `review.bad-window` for a bad one) and ids
 * as `parseSignatureId` reads them (throws `review.invalid-id`). Null
 * when it is not a decision: another verb, a reason given to approve, or a
 * reason that is not one of INVALID_REASONS.
 *
 * @example reviewRequest({ verb: 'invalidate', values: { referral: 'rABC', reason: 'automated' } }, 'Asia/Seoul')
 */
export function reviewRequest({ verb, values }: TypedReviewDecision, timeZone: string): { decision: ReviewDecision; selection: ReviewSelection } | null {
  const kind = verb?.toLowerCase();
  if (kind !== 'approve' && kind !== 'invalidate') return null;
  const time = (value: string | undefined) => (value === undefined ? undefined : parseReviewTime(value, timeZone));
  const selection: ReviewSelection = {
    ...(values.rule !== undefined ? { rule: values.rule } : {}),
    ...(values.referral !== undefined ? { referral: values.referral } : {}),
    ...(values.from !== undefined ? { from: time(values.from) } : {}),
    ...(values.to !== undefined ? { to: time(values.to) } : {}),
    ...(values.ids !== undefined ? { ids: values.ids.split(',').map((id) => parseSignatureId(id)) } : {}),
  };
  if (kind === 'approve') return values.reason || values['include-valid'] ? null : { decision: { kind: 'approve' }, selection };
  const reason = values.reason ?? 'other';
  if (!isInvalidReason(reason)) return null;
  return { decision: { kind: 'invalidate', reason, includeValid: Boolean(values['include-valid']) }, selection };
}

/**
 * A signature id as staff type it: `1234` or `#1234`. Throws `review.invalid-id`.
 *
 * @example parseSignatureId(' #1234 ') // 1234
 */
export function parseSignatureId(text: string): number {
  const match = /^\s*#?(\d{1,15})\s*$/.exec(text);
  if (!match) throw new DomainError('review.invalid-id', { id: text.slice(0, 40) });
  return checkId(Number(match[1]));
}

function checkId(id: number): number {
  if (!Number.isSafeInteger(id) || id < 1) throw new DomainError('review.invalid-id', { id: String(id).slice(0, 40) });
  return id;
}

/** Validates a selection; refuses one without any criterion, so "everything" is never one click away. */
export function checkSelection(selection: ReviewSelection): ReviewSelection {
  const checked: ReviewSelection = {};
  if (selection.ids !== undefined) {
    if (selection.ids.length === 0 || selection.ids.length > MAX_IDS) throw new DomainError('review.invalid-id', { id: '' });
    checked.ids = [...new Set(selection.ids.map(checkId))];
  }
  if (selection.rule !== undefined) {
    if (!isReviewRule(selection.rule)) throw new DomainError('review.unknown-rule', { rule: selection.rule.slice(0, 40) });
    checked.rule = selection.rule;
  }
  if (selection.referral !== undefined) {
    const referral = checkReferral(selection.referral);
    if (referral) checked.referral = referral;
  }
  const { from, to } = selection;
  if (from !== undefined || to !== undefined) {
    if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime())) || (from && to && from >= to)) {
      throw new DomainError('review.bad-window');
    }
    if (from) checked.from = from;
    if (to) checked.to = to;
  }
  if (Object.keys(checked).length === 0) throw new DomainError('review.empty-selection');
  return checked;
}

function checkDecision(decision: ReviewDecision): ReviewDecision {
  if (decision.kind === 'invalidate' && !isInvalidReason(decision.reason)) {
    throw new DomainError('review.unknown-reason', { reason: String(decision.reason).slice(0, 40) });
  }
  return decision;
}

function fromStates(decision: ReviewDecision): SignatureState[] {
  if (decision.kind === 'approve') return ['held'];
  return decision.includeValid ? ['held', 'valid'] : ['held'];
}

/** The selection for the audit log: criteria and ids, never names. */
function describe(selection: ReviewSelection): Record<string, string | number> {
  const detail: Record<string, string | number> = {};
  if (selection.ids) {
    detail.ids = selection.ids.slice(0, AUDITED_IDS).join(',') + (selection.ids.length > AUDITED_IDS ? ',…' : '');
    detail.idCount = selection.ids.length;
  }
  if (selection.rule) detail.rule = selection.rule;
  if (selection.referral) detail.referral = selection.referral;
  if (selection.from) detail.from = selection.from.toISOString();
  if (selection.to) detail.to = selection.to.toISOString();
  return detail;
}
