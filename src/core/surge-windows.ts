/**
 * Per-minute signing counts for the surge rules, kept in memory so that a
 * signing costs no query. Every few seconds SigningReview exchanges them with
 * the other instances through storage (`take` what this instance counted,
 * `replace` with everyone's sums), so instances agree and a restart starts
 * with the last hour.
 *
 * Hand-written rather than a rate-limiter library: the rule needs the counts
 * themselves (a rate compared with the trailing hour), not a yes/no budget.
 */
import type { SigningCount } from './ports/index.ts';

const MINUTE_MS = 60_000;
const HOUR_MINUTES = 60;

/** Signings in the last 60 seconds (estimated from the current and previous minute), and the hour before. */
export interface SurgeRates {
  referral: number;
  community: number;
  platform: number;
  /** Average signings per minute over the 60 whole minutes before the current one. */
  trailingHourPerMinute: number;
}

type Scope = SigningCount['scope'];

/** Counts of one minute, by `scope:key` (`all:` for the total). */
type MinuteCounts = Map<string, number>;

export class SurgeWindows {
  private readonly minutes = new Map<number, MinuteCounts>();
  /** What this instance counted since the last `take`, in the same shape. */
  private unshared = new Map<number, MinuteCounts>();
  private baseline: { minute: number; perMinute: number } | null = null;

  /**
   * Counts one signing and returns the rates including it.
   *
   * @example windows.record(clock(), 'rABC', null) // { referral: 12.4, community: 0, platform: 80, trailingHourPerMinute: 6.5 }
   */
  record(at: Date, referral: string | null, community: string | null): SurgeRates {
    const minute = Math.floor(at.getTime() / MINUTE_MS);
    for (const target of [this.minutes, this.unshared]) {
      add(target, minute, 'all', '', 1);
      if (referral) add(target, minute, 'referral', referral, 1);
      if (community) add(target, minute, 'community', community, 1);
    }
    this.prune(minute);
    // A late signing in an earlier minute changes the trailing hour; one in the current minute does not.
    if (this.baseline && minute < this.baseline.minute) this.baseline = null;
    return this.rates(at, referral, community);
  }

  /**
   * What this instance counted since the last call, to be shared; counting starts afresh.
   *
   * @example const mine = windows.take(); await activity.exchange(id, mine, since)
   */
  take(): SigningCount[] {
    const taken = this.unshared;
    this.unshared = new Map();
    return toCounts(taken);
  }

  /**
   * Gives back counts that could not be shared (storage failed), so the next exchange carries them.
   *
   * @example windows.giveBack(mine)
   */
  giveBack(counts: SigningCount[]): void {
    for (const c of counts) add(this.unshared, Math.floor(c.minute.getTime() / MINUTE_MS), c.scope, c.key, c.count);
  }

  /**
   * Replaces every count from `since` on with every instance's sums from
   * storage, plus what this instance counted since it took its share (not in
   * storage yet).
   *
   * @example windows.replace(await activity.exchange(id, windows.take(), since), since)
   */
  replace(shared: SigningCount[], since: Date): void {
    const first = Math.floor(since.getTime() / MINUTE_MS);
    for (const minute of [...this.minutes.keys()]) if (minute >= first) this.minutes.delete(minute);
    for (const c of shared) add(this.minutes, Math.floor(c.minute.getTime() / MINUTE_MS), c.scope, c.key, c.count);
    for (const c of toCounts(this.unshared)) add(this.minutes, Math.floor(c.minute.getTime() / MINUTE_MS), c.scope, c.key, c.count);
    this.baseline = null;
  }

  private rates(at: Date, referral: string | null, community: string | null): SurgeRates {
    const minute = Math.floor(at.getTime() / MINUTE_MS);
    // The sliding-window estimate: all of this minute, and the part of the previous minute still within 60 s.
    const previousWeight = 1 - (at.getTime() - minute * MINUTE_MS) / MINUTE_MS;
    const current = this.minutes.get(minute);
    const previous = this.minutes.get(minute - 1);
    const estimate = (scope: Scope, key: string) => (current?.get(`${scope}:${key}`) ?? 0) + (previous?.get(`${scope}:${key}`) ?? 0) * previousWeight;
    return {
      referral: referral ? estimate('referral', referral) : 0,
      community: community ? estimate('community', community) : 0,
      platform: estimate('all', ''),
      trailingHourPerMinute: this.trailingHour(minute),
    };
  }

  private trailingHour(minute: number): number {
    if (this.baseline?.minute === minute) return this.baseline.perMinute;
    let sum = 0;
    for (let m = minute - HOUR_MINUTES; m < minute; m++) sum += this.minutes.get(m)?.get('all:') ?? 0;
    this.baseline = { minute, perMinute: sum / HOUR_MINUTES };
    return this.baseline.perMinute;
  }

  /** Forgets what is older than the trailing hour. */
  private prune(minute: number): void {
    if (this.minutes.size <= HOUR_MINUTES + 2) return;
    for (const old of this.minutes.keys()) if (old < minute - HOUR_MINUTES - 1) this.minutes.delete(old);
  }
}

function add(target: Map<number, MinuteCounts>, minute: number, scope: Scope, key: string, n: number): void {
  let counts = target.get(minute);
  if (!counts) target.set(minute, (counts = new Map()));
  const id = `${scope}:${key}`;
  counts.set(id, (counts.get(id) ?? 0) + n);
}

function toCounts(source: Map<number, MinuteCounts>): SigningCount[] {
  const counts: SigningCount[] = [];
  for (const [minute, byKey] of source) {
    for (const [id, count] of byKey) {
      const at = id.indexOf(':');
      counts.push({ minute: new Date(minute * MINUTE_MS), scope: id.slice(0, at) as Scope, key: id.slice(at + 1), count });
    }
  }
  return counts;
}
