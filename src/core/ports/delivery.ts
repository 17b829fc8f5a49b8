/** The durable delivery queue of reminders, announcements and milestones, and its pacing. */
import type { Locale, LocalizedContent } from '../locale.ts';

/** What a broadcast says: texts per language, or a translation key rendered at send time. */
export type BroadcastContent =
  | { texts: LocalizedContent }
  | { template: string; params?: Record<string, string | number> };

export type BroadcastKind = 'reminder' | 'announcement' | 'milestone';

export interface NewBroadcast {
  /** Also the idempotency key: the same id twice is one broadcast. */
  id: string;
  campaignId: string;
  kind: BroadcastKind;
  /**
   * `everyone` subscribed (people and channels), `channels` only, the `staff`
   * channel, `signers-in-country`: subscribed people whose signature gives `country`,
   * or `community`: the channels of the community whose referral code is `community`.
   */
  audience: 'everyone' | 'channels' | 'staff' | 'signers-in-country' | 'community';
  /** The ISO code for `signers-in-country`. */
  country?: string;
  /** The community's referral code for `community`. */
  community?: string;
  content: BroadcastContent;
  requestedBy?: string | null;
  /** Earliest send time for every recipient... */
  notBefore: Date;
  /** ...or, when set, this local date and hour in each recipient's zone (the default zone when unknown). */
  localTime?: { date: string; hour: number; defaultZone: string };
  /** ...or, when set, the first time this hour strikes in each recipient's zone at or after `notBefore`. */
  nextLocalHour?: { hour: number; defaultZone: string };
  /**
   * ...or, when set, the last time this hour strikes in each recipient's zone
   * at least `marginHours` before `instant` (and not before `notBefore`): the
   * last-day reminder is 10:00 on the last local day for New York and Seoul alike.
   */
  lastLocalHourBefore?: { instant: Date; hour: number; marginHours: number; defaultZone: string };
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
  /**
   * The reader's time zone: the one their platform gave, else the main zone
   * of the country they signed from; null when neither is known (channels,
   * staff, subscribers who have not signed).
   */
  timeZone: string | null;
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
