/** Trust in the count: review of held signatures, the surge rules' shared counts, flood limits. */
import type { NameStyle, SignatureState } from './signatures.ts';

/** How many signings one minute had: in all, through one referral code, or from one (hashed) community. */
export interface SigningCount {
  /** The start of the minute. */
  minute: Date;
  scope: 'all' | 'referral' | 'community';
  /** The referral code or community hash; empty for `all`. */
  key: string;
  count: number;
}

/**
 * Per-minute signing counts shared by every instance, for the surge rules.
 * Each instance adds what it counted since its last call and reads back the
 * sums of all instances, so the cost depends on the number of referral codes
 * and communities, not on the number of signings.
 *
 * @example const everyone = await activity.exchange('c', myNewCounts, oneHourAgo)
 */
export interface SigningActivity {
  /**
   * Adds `counted` to the shared counts and returns every instance's counts from `since` on.
   *
   * @example await activity.exchange('c', [{ minute, scope: 'referral', key: 'rABC', count: 3 }], since)
   */
  exchange(campaignId: string, counted: SigningCount[], since: Date): Promise<SigningCount[]>;
}

/** Which signatures a staff review action applies to. Every given criterion must match. */
export interface ReviewSelection {
  /** Signature ids (as shown in the review queue). */
  ids?: number[];
  /** The rule that held them. */
  rule?: string;
  referral?: string;
  /** Signed at or after this instant... */
  from?: Date;
  /** ...and before this one. */
  to?: Date;
}

/** A held or reviewed signature as staff see it; the signer key never leaves storage. */
export interface ReviewedSignature {
  id: number;
  displayName: string | null;
  nameStyle: NameStyle;
  country: string;
  platform: string;
  referral: string | null;
  signedAt: Date;
  state: SignatureState;
  heldRule: string | null;
}

/** Held signatures of one rule: how many, when, and a few of them. */
export interface HeldGroup {
  rule: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
  sample: ReviewedSignature[];
}

/** Aggregate review counts, fit for open data. */
export interface ReviewCounts {
  held: { total: number; byRule: Record<string, number> };
  invalid: { total: number; byReason: Record<string, number> };
  /** Held, then approved by staff: counted as valid now. */
  approved: { total: number; byRule: Record<string, number> };
}

/** Who reviewed and when. */
export interface ReviewStamp {
  actor: string;
  at: Date;
}

/**
 * Review state changes on the one signatures table. Every change is one
 * conditional UPDATE (`... where state = 'held'`) whose count is what
 * changed, so two staff members acting at once have one effect. Nothing is
 * ever deleted.
 *
 * @example const changed = await reviews.approve('c', { rule: 'surge-referral' }, { actor: 'slack:U1', at })
 */
export interface ReviewStore {
  /**
   * Held signatures grouped by rule, most first, with up to `sampleSize` of the newest in each.
   *
   * @example await reviews.heldGroups('c', 5) // [{ rule: 'surge-referral', count: 40, firstAt, lastAt, sample: [...] }]
   */
  heldGroups(campaignId: string, sampleSize: number): Promise<HeldGroup[]>;
  /**
   * How many signatures are held.
   *
   * @example await reviews.heldCount('c') // 42
   */
  heldCount(campaignId: string): Promise<number>;
  /**
   * How many signatures in `states` match the selection (what an action would change).
   *
   * @example await reviews.count('c', { referral: 'rABC' }, ['held']) // 12
   */
  count(campaignId: string, selection: ReviewSelection, states: SignatureState[]): Promise<number>;
  /**
   * Held -> valid for the selection; returns how many changed.
   *
   * @example await reviews.approve('c', { ids: [17, 18] }, { actor: 'slack:U1', at }) // 2
   */
  approve(campaignId: string, selection: ReviewSelection, stamp: ReviewStamp): Promise<number>;
  /**
   * Any state in `from` -> invalid with a reason code; returns how many changed.
   *
   * @example await reviews.invalidate('c', { from, to }, ['held'], 'automated', { actor: 'slack:U1', at }) // 25
   */
  invalidate(campaignId: string, selection: ReviewSelection, from: SignatureState[], reason: string, stamp: ReviewStamp): Promise<number>;
  /**
   * One signature by id, or null.
   *
   * @example await reviews.get('c', 17) // { id: 17, displayName: 'Kim Mina', state: 'held', heldRule: 'watch-list', ... }
   */
  get(campaignId: string, id: number): Promise<ReviewedSignature | null>;
  /**
   * The id of the first signature whose signer key `matches`, scanning in id order (for a receipt code, which cannot be reversed), or null.
   *
   * @example await reviews.findId('c', (key) => receiptOf(key) === code) // 17
   */
  findId(campaignId: string, matches: (signerKey: string) => boolean): Promise<number | null>;
  /**
   * Replaces a full name with its initials if it is still `expected`; false when it changed meanwhile or is gone.
   *
   * @example await reviews.redactName('c', 17, 'Kim Mina', 'K. M.') // true
   */
  redactName(campaignId: string, id: number, expected: string, initials: string): Promise<boolean>;
  /**
   * Held by rule, invalid by reason, approved by rule.
   *
   * @example await reviews.counts('c') // { held: { total: 3, byRule: { 'watch-list': 3 } }, invalid: {...}, approved: {...} }
   */
  counts(campaignId: string): Promise<ReviewCounts>;
}

/** Not now: try again after `retryAfterMs`; `notify` is true only for the first refusal of a burst. */
export interface FloodRefusal {
  retryAfterMs: number;
  notify: boolean;
}

/**
 * Limits how many commands one person may send in a short time, on every
 * platform. Pass a keyed hash (the signer key), never a raw platform id.
 *
 * @example const verdict = await flood.allow(core.keyOf(who)); if (verdict !== true && verdict.notify) reply(t('errors:flood.too-fast'))
 */
export interface FloodLimiter {
  /** @example await flood.allow(signerKey) // true, or { retryAfterMs: 7300, notify: true } */
  allow(userKey: string): Promise<true | FloodRefusal>;
}
