/**
 * Decides at signing time whether a new signature is valid or held for staff
 * review, before it is written, so the state goes into the same batched
 * INSERT. Pure rules over facts: the watch list and the surge windows are in
 * memory (the windows exchange counts with the other instances every few
 * seconds, not per signing); the one fact only storage has at that instant, whether the same
 * name signed from another platform lately, is handed to the insert as a
 * condition, so it costs an index lookup inside that statement and no round trip.
 */
import { comparableName, nameTokens } from './name-matching.ts';
import type { NameStyle, SigningActivity } from './ports/index.ts';
import type { ReviewPolicy, ReviewRule } from './review-policy.ts';
import type { SignerKeyer } from './signer-key.ts';
import { SurgeWindows, type SurgeRates } from './surge-windows.ts';
import type { WatchList } from './watch-list.ts';

/** Facts a platform may pass about a signing; none of them is stored. */
export interface SigningSignals {
  /**
   * The community the signing came from, e.g. `discord:guild:123`. Hashed at
   * once; only per-minute counts of the hash are kept (for two hours), for
   * the per-community surge rule.
   */
  community?: string | null;
  /**
   * When the platform account was created (Discord: `snowflakeTime(userId)`).
   * Only compared with the rule's minimum age; never stored.
   */
  accountCreatedAt?: Date | null;
}

export interface SigningCandidate {
  displayName: string | null;
  nameStyle: NameStyle;
  country: string;
  platform: string;
  referral: string | null;
  signals?: SigningSignals;
  at: Date;
}

export interface SigningVerdict {
  /** The rule that holds it; null when no rule decided in memory holds it. */
  heldRule: ReviewRule | null;
  /** Keyed hash of the comparable full name, stored for later same-name checks; null unless shown in full. */
  nameKey: string | null;
  /** When nothing else held it: hold it under `rule` if storage finds the same name from another platform since `since`. */
  holdIfSameName: { rule: ReviewRule; since: Date } | null;
}

/** Surge counts are exchanged with the other instances at most this often. */
export const SURGE_REFRESH_MS = 15_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * One campaign's signing rules.
 *
 * @example const { heldRule } = await review.assess({ displayName: 'Xi Jinping', nameStyle: 'full', ... }) // heldRule: 'watch-list'
 */
export class SigningReview {
  private readonly windows = new SurgeWindows();
  private firstRefresh: Promise<void> | null = null;
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing = false;

  constructor(
    private readonly campaignId: string,
    private readonly policy: ReviewPolicy,
    private readonly watchList: WatchList,
    private readonly activity: SigningActivity,
    private readonly keyOf: SignerKeyer,
  ) {}

  /**
   * The first rule that holds the candidate, in a fixed order; the same-name
   * condition only when nothing else held it.
   */
  async assess(candidate: SigningCandidate): Promise<SigningVerdict> {
    const { policy } = this;
    const tokens = candidate.displayName ? nameTokens(candidate.displayName) : [];
    const nameKey = candidate.nameStyle === 'full' && tokens.length > 0 ? this.keyOf({ platform: 'review:name', userId: comparableName(tokens) }) : null;
    let heldRule: ReviewRule | null = null;

    if (policy.watchList.enabled && this.watchList.matchTokens(tokens)) heldRule = 'watch-list';

    const createdAt = candidate.signals?.accountCreatedAt;
    if (!heldRule && policy.newAccount.enabled && createdAt && isNewAccount(createdAt, candidate.at, policy.newAccount.minAgeDays)) {
      heldRule = 'new-account';
    }

    // Every signing is counted, held or not: the windows measure what arrives.
    if (policy.surge.enabled) {
      await this.refreshWindows(candidate.at);
      const community = candidate.signals?.community
        ? this.keyOf({ platform: 'review:community', userId: candidate.signals.community })
        : null;
      const rates = this.windows.record(candidate.at, candidate.referral, community);
      heldRule ??= surgeRule(rates, policy.surge);
    }

    const holdIfSameName =
      !heldRule && policy.sameName.enabled && nameKey
        ? { rule: 'same-name-elsewhere' as const, since: new Date(candidate.at.getTime() - policy.sameName.withinHours * HOUR_MS) }
        : null;

    return { heldRule, nameKey, holdIfSameName };
  }

  /**
   * The first signing waits for the last hour from storage (so a restart does
   * not see a quiet hour and call the next minute a surge); later ones start an
   * exchange in the background and go on with the counts they have.
   */
  private async refreshWindows(now: Date): Promise<void> {
    if (!this.firstRefresh) {
      this.firstRefresh = this.refresh(now);
      // A failed first exchange is retried by the next signing rather than remembered.
      this.firstRefresh.catch(() => (this.firstRefresh = null));
    }
    await this.firstRefresh;
    if (!this.refreshing && now.getTime() - this.refreshedAt >= SURGE_REFRESH_MS) {
      // Errors are dropped on purpose: the windows keep their counts and the next signing tries again.
      void this.refresh(now).catch(() => {});
    }
  }

  private async refresh(now: Date): Promise<void> {
    const since = new Date(now.getTime() - HOUR_MS - 60_000);
    this.refreshing = true;
    const mine = this.windows.take();
    try {
      this.windows.replace(await this.activity.exchange(this.campaignId, mine, since), since);
      this.refreshedAt = now.getTime();
    } catch (error) {
      this.windows.giveBack(mine);
      throw error;
    } finally {
      this.refreshing = false;
    }
  }
}

/**
 * Whether an account created at `createdAt` is younger than `minAgeDays` at `now`.
 *
 * @example isNewAccount(new Date('2026-11-25'), new Date('2026-11-29'), 7) // true
 */
export function isNewAccount(createdAt: Date, now: Date, minAgeDays: number): boolean {
  return now.getTime() - createdAt.getTime() < minAgeDays * DAY_MS;
}

/**
 * The surge rule the rates break, if any (referral first: it names the link to look at).
 *
 * @example surgeRule({ referral: 31, community: 0, platform: 40, trailingHourPerMinute: 30 }, policy.surge) // 'surge-referral'
 */
export function surgeRule(rates: SurgeRates, limits: ReviewPolicy['surge']): ReviewRule | null {
  if (rates.referral > limits.perReferralPerMinute) return 'surge-referral';
  if (rates.community > limits.perCommunityPerMinute) return 'surge-community';
  if (rates.platform > limits.platformMinPerMinute && rates.platform > limits.platformFactor * rates.trailingHourPerMinute) {
    return 'surge-platform';
  }
  return null;
}
