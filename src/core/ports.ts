/**
 * What the core needs from the outside world. Storage implements the stores;
 * each platform adapter implements `Messenger`. The core imports none of them.
 */
import type { Locale } from './locale.ts';

export type NameStyle = 'full' | 'initials' | 'anonymous';

/**
 * `valid` signatures are counted, exported and delivered; `held` ones wait
 * for staff review; `invalid` ones were set aside by staff. Review changes
 * the state and never deletes the row.
 */
export type SignatureState = 'valid' | 'held' | 'invalid';

/** What a signature row holds: only what the petition needs. */
export interface SignatureRecord {
  displayName: string | null;
  nameStyle: NameStyle;
  country: string;
  language: Locale;
  platform: string;
  referral: string | null;
  signedAt: Date;
  state: SignatureState;
}

export interface NewSignature extends Omit<SignatureRecord, 'state'> {
  /** Calendar date of signing in the campaign's time zone (YYYY-MM-DD). */
  signedOn: string;
  /** The review rule that holds it; absent or null means valid (unless `holdIfSameName` applies). */
  heldRule?: string | null;
  /** Keyed hash of the normalized full name, for the same-name rule; null unless shown in full. */
  nameKey?: string | null;
  /**
   * Hold it under `rule` when a signature with the same name key and country
   * came from another platform at or after `since`. Storage checks this in the
   * same statement as the insert (an indexed lookup), so the rule costs no
   * extra round trip.
   */
  holdIfSameName?: { rule: string; since: Date } | null;
}

export interface SignatureTotals {
  total: number;
  byCountry: Record<string, number>;
  byPlatform: Record<string, number>;
}

export interface SignatureStore {
  /**
   * Inserts unless this signer already signed this campaign (the database
   * decides, so concurrent calls make one row). A new row comes back with its
   * state and the campaign's total of valid signatures, including it when it
   * is valid, read in the same round trip.
   *
   * @example await store.insert('c', key, sig) // { inserted: true, state: 'valid', total: 1234 }
   */
  insert(
    campaignId: string,
    signerKey: string,
    signature: NewSignature,
  ): Promise<{ inserted: true; total: number; state: SignatureState } | { inserted: false; existing: SignatureRecord }>;
  /** The signer's row, or null. */
  find(campaignId: string, signerKey: string): Promise<SignatureRecord | null>;
  /** Deletes the signer's row; false when there was none. */
  delete(campaignId: string, signerKey: string): Promise<boolean>;
  /** Total, by country and by platform, of valid signatures, from the running tallies. */
  totals(campaignId: string): Promise<SignatureTotals>;
  /** Valid signatures per calendar day (campaign time zone), oldest first. */
  perDay(campaignId: string): Promise<Array<{ day: string; count: number }>>;
  /** Turns every signature of the campaign anonymous (counts and states unchanged); returns how many had a name. */
  eraseNames(campaignId: string): Promise<number>;
}

export type CaseKind = 'refugee' | 'humanitarian-worker';

/** One entry of THE LIST. */
export interface Case {
  number: number;
  kind: CaseKind;
  name: string | null;
  date: string | null;
  place: string | null;
  summary: Record<Locale, string>;
  story: Partial<Record<Locale, string>>;
  source: string | null;
  isSample: boolean;
}

export interface CaseQuery {
  kind?: CaseKind;
  /** Words to look for in names, places, summaries and stories. */
  search?: string;
  offset: number;
  limit: number;
}

export interface CaseStore {
  /** A page of cases in number order, and how many match in all. */
  page(query: CaseQuery): Promise<{ cases: Case[]; total: number }>;
  get(number: number): Promise<Case | null>;
  /** Inserts or replaces cases by number, recording who changed them. */
  upsert(cases: Case[], changedBy: string): Promise<void>;
  remove(number: number): Promise<boolean>;
}

export interface Subscription {
  address: string;
  language: Locale;
  timeZone: string | null;
}

export interface SubscriptionStore {
  /** Adds or updates a subscription by address. */
  subscribe(
    campaignId: string,
    subscription: Subscription & { signerKey: string | null },
  ): Promise<void>;
  /** Removes one address; false when it was not subscribed. */
  unsubscribe(campaignId: string, address: string): Promise<boolean>;
  /** The person's own subscriptions (for "my data"). */
  forSigner(campaignId: string, signerKey: string): Promise<Subscription[]>;
  /** Removes every subscription of the campaign (and so every address kept for it); returns how many. */
  removeAll(campaignId: string): Promise<number>;
}

export interface PreferenceStore {
  language(signerKey: string): Promise<Locale | null>;
  setLanguage(signerKey: string, language: Locale): Promise<void>;
}

/** Short-lived state of a dialogue, kept outside the process so restarts do not lose it. */
export interface DialogueStore {
  get<T>(key: string): Promise<T | null>;
  set<T>(key: string, state: T, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A platform-neutral message: plain text (adapters escape it) and optional buttons. */
export interface OutgoingMessage {
  text: string;
  buttons?: Button[][];
}

export type Button = { label: string; action: string } | { label: string; url: string };

/**
 * Sends to addresses such as `telegram:123` or `discord:channel:456`.
 * Sized like Hubot's adapter: send, start, stop.
 *
 * @example await messenger.send('telegram:123', { text: 'Three days left' });
 */
export interface Messenger {
  /** The address prefix this messenger serves, e.g. `telegram`. */
  readonly prefix: string;
  send(address: string, message: OutgoingMessage): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The recipient blocked the bot or the channel is gone: stop sending there. */
export class RecipientGoneError extends Error {
  constructor(
    readonly address: string,
    reason: string,
    /** A lost channel is news for staff; a person who blocked the bot is not. */
    readonly recipient: 'person' | 'channel' = 'person',
  ) {
    super(reason);
    this.name = 'RecipientGoneError';
  }
}

/** The platform asked us to slow down. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited for ${retryAfterMs} ms`);
    this.name = 'RateLimitedError';
  }
}

/** The clock, injectable so countdown tests can stand anywhere in time. */
export type Clock = () => Date;

/**
 * Remembers which incoming platform events (Telegram update ids, Discord
 * interaction ids) were already handled, so a replayed delivery has no second
 * effect, even when several instances share one webhook. Shared by adapters.
 *
 * @example if (!(await processed.claim('telegram', '123456'))) return; // a replay
 */
export interface ProcessedUpdates {
  /** True only for the first caller that claims this (source, id); false for every replay. */
  claim(source: string, id: string): Promise<boolean>;
}

/** One signature as it goes into the delivery file: no platform, referral or signer key. */
export interface SignatureExportRow {
  /** Null when the signer chose to be anonymous. */
  displayName: string | null;
  country: string;
  /** Calendar date of signing in the campaign's time zone (YYYY-MM-DD). */
  signedOn: string;
}

/**
 * Reads every valid signature of a campaign in signing order, a batch at a
 * time, so a million rows never sit in memory together. Held and invalid
 * signatures are never exported.
 *
 * @example for await (const row of signatureExport.rows('c')) csv.write(row)
 */
export interface SignatureExport {
  rows(campaignId: string): AsyncIterable<SignatureExportRow>;
}

/** A message from staff to every opted-in supporter and configured channel, one text per language. */
export interface Announcement {
  id: string;
  texts: Record<Locale, string>;
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
   * What was done: `export`, `announce`, `list.add`/`list.edit`/`list.save`/`list.remove`/`list.import`,
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

/** What a broadcast says: texts per language, or a translation key rendered at send time. */
export type BroadcastContent =
  | { texts: Record<Locale, string> }
  | { template: string; params?: Record<string, string | number> };

export type BroadcastKind = 'reminder' | 'announcement' | 'milestone';

export interface NewBroadcast {
  /** Also the idempotency key: the same id twice is one broadcast. */
  id: string;
  campaignId: string;
  kind: BroadcastKind;
  /** `everyone` subscribed (people and channels), `channels` only, or the `staff` channel. */
  audience: 'everyone' | 'channels' | 'staff';
  content: BroadcastContent;
  requestedBy?: string | null;
  /** Earliest send time for every recipient... */
  notBefore: Date;
  /** ...or, when set, this local date and hour in each recipient's zone (the default zone when unknown). */
  localTime?: { date: string; hour: number; defaultZone: string };
}

export interface ClaimedDelivery {
  id: number;
  broadcastId: string;
  address: string;
  platform: string;
  language: Locale;
  /** Attempts including this one. */
  attempts: number;
  content: BroadcastContent;
}

export interface DeliveryProgress {
  broadcastId: string;
  kind: BroadcastKind;
  createdAt: Date;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  unsubscribed: number;
  /** Deliveries whose worker died mid-send: they were sent again and may have arrived twice. */
  inDoubt: number;
  /** Sent in the last minute. */
  sentLastMinute: number;
}

/**
 * The durable delivery queue: one row per (broadcast, recipient), claimed by
 * one worker at a time and marked when done.
 *
 * @example const { recipients } = await deliveries.enqueue({ id: 'announcement:1', ... })
 */
export interface DeliveryStore {
  /** Creates the broadcast once and queues a delivery for each current subscriber in its audience. */
  enqueue(broadcast: NewBroadcast): Promise<{ created: boolean; recipients: number }>;
  /** Leases up to `limit` due deliveries on one platform (skipping rows other workers hold). */
  claim(platform: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  markSent(id: number): Promise<void>;
  /** Back to the queue at `at`; `countsAsAttempt` false for rate limits and shutdowns. */
  retry(id: number, at: Date, reason: string, countsAsAttempt: boolean): Promise<void>;
  markFailed(id: number, reason: string): Promise<void>;
  markUnsubscribed(id: number): Promise<void>;
  /** Leases that ran out (a worker died mid-send) go back to the queue, flagged in doubt; returns how many. */
  recoverExpiredLeases(): Promise<number>;
  /** The most recent broadcasts with their delivery counts. */
  progress(limit: number): Promise<DeliveryProgress[]>;
}

/**
 * Paces sends on a platform across every instance.
 *
 * @example const waitMs = await limiter.acquire('telegram'); await sleep(waitMs); send();
 */
export interface SendRateLimiter {
  /** Takes one send slot; resolves with how long to wait before using it. */
  acquire(platform: string): Promise<number>;
  /** Nobody sends on the platform for `ms` (a 429's retry_after). */
  pause(platform: string, ms: number): Promise<void>;
}

/**
 * Keeps the last thing a periodic check saw, shared by every instance.
 *
 * @example const before = await snapshots.swap('campaign', now) // null the first time
 */
export interface SnapshotStore {
  /** Stores `next` and returns what was stored before it (null the first time), atomically. */
  swap<T>(key: string, next: T): Promise<T | null>;
}

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
