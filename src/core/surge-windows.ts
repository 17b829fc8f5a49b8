/**
 * Per-minute signing counts for the surge rules, kept in memory so that a
 * signing costs no extra query. Storage refreshes the totals and referral
 * counts every few seconds (see SigningReview), so instances agree and a
 * restart starts with the last hour; community counts are seen only by the
 * instance that handles them (communities are not stored).
 *
 * Hand-written rather than a rate-limiter library: the rule needs the counts
 * themselves (a rate compared with the trailing hour), not a yes/no budget.
 */
import type { SigningsInMinute } from './ports.ts';

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

interface MinuteCounts {
  total: number;
  referral: Map<string, number>;
  community: Map<string, number>;
}

export class SurgeWindows {
  private readonly minutes = new Map<number, MinuteCounts>();
  private baseline: { minute: number; perMinute: number } | null = null;

  /**
   * Counts one signing and returns the rates including it.
   *
   * @example windows.record(clock(), 'rABC', null) // { referral: 12.4, community: 0, platform: 80, trailingHourPerMinute: 6.5 }
   */
  record(at: Date, referral: string | null, community: string | null): SurgeRates {
    const minute = Math.floor(at.getTime() / MINUTE_MS);
    const counts = this.bucket(minute);
    counts.total += 1;
    if (referral) counts.referral.set(referral, (counts.referral.get(referral) ?? 0) + 1);
    if (community) counts.community.set(community, (counts.community.get(community) ?? 0) + 1);
    // A late signing in an earlier minute changes the trailing hour; one in the current minute does not.
    if (this.baseline && minute < this.baseline.minute) this.baseline = null;
    return this.rates(at, referral, community);
  }

  /**
   * Replaces totals and referral counts from `since` on with what storage saw
   * from every instance; community counts stay (storage does not have them).
   * `recordedMeanwhile` are this instance's signings recorded while storage
   * was being read, which its answer may not include yet: they are added back.
   *
   * @example windows.replaceFromStorage(await activity.signingsSince(id, since), since, [])
   */
  replaceFromStorage(rows: SigningsInMinute[], since: Date, recordedMeanwhile: Array<{ at: Date; referral: string | null }>): void {
    const first = Math.floor(since.getTime() / MINUTE_MS);
    for (const [minute, counts] of this.minutes) {
      if (minute < first) continue;
      counts.total = 0;
      counts.referral.clear();
    }
    for (const row of rows) {
      const counts = this.bucket(Math.floor(row.minute.getTime() / MINUTE_MS));
      counts.total += row.count;
      if (row.referral) counts.referral.set(row.referral, (counts.referral.get(row.referral) ?? 0) + row.count);
    }
    for (const { at, referral } of recordedMeanwhile) {
      const counts = this.bucket(Math.floor(at.getTime() / MINUTE_MS));
      counts.total += 1;
      if (referral) counts.referral.set(referral, (counts.referral.get(referral) ?? 0) + 1);
    }
    this.baseline = null;
  }

  private rates(at: Date, referral: string | null, community: string | null): SurgeRates {
    const minute = Math.floor(at.getTime() / MINUTE_MS);
    // The sliding-window estimate: all of this minute, and the part of the previous minute still within 60 s.
    const previousWeight = 1 - (at.getTime() - minute * MINUTE_MS) / MINUTE_MS;
    const current = this.minutes.get(minute);
    const previous = this.minutes.get(minute - 1);
    const estimate = (pick: (counts: MinuteCounts) => number) =>
      (current ? pick(current) : 0) + (previous ? pick(previous) : 0) * previousWeight;
    return {
      referral: referral ? estimate((c) => c.referral.get(referral) ?? 0) : 0,
      community: community ? estimate((c) => c.community.get(community) ?? 0) : 0,
      platform: estimate((c) => c.total),
      trailingHourPerMinute: this.trailingHour(minute),
    };
  }

  private trailingHour(minute: number): number {
    if (this.baseline?.minute === minute) return this.baseline.perMinute;
    let sum = 0;
    for (let m = minute - HOUR_MINUTES; m < minute; m++) sum += this.minutes.get(m)?.total ?? 0;
    this.baseline = { minute, perMinute: sum / HOUR_MINUTES };
    return this.baseline.perMinute;
  }

  private bucket(minute: number): MinuteCounts {
    let counts = this.minutes.get(minute);
    if (!counts) {
      counts = { total: 0, referral: new Map(), community: new Map() };
      this.minutes.set(minute, counts);
      // A new minute: forget what is older than the trailing hour.
      for (const old of this.minutes.keys()) if (old < minute - HOUR_MINUTES - 1) this.minutes.delete(old);
    }
    return counts;
  }
}
