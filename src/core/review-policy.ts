/**
 * Which signatures are held for staff review, and why staff may set one
 * aside. The campaign file configures the policy (every rule can be switched
 * off); the defaults below are what a campaign gets when it says nothing.
 */

/** Rules that hold a signature at signing time; the code is stored with the row and shown in open data. */
export const REVIEW_RULES = [
  /** The shown name is on a watch list (the addressee, officials, insults). */
  'watch-list',
  /** The platform account is younger than `newAccount.minAgeDays` (Discord: from the user id). */
  'new-account',
  /** More than `surge.perReferralPerMinute` signings a minute through one referral code. */
  'surge-referral',
  /** More than `surge.perCommunityPerMinute` signings a minute from one community (e.g. a Discord server). */
  'surge-community',
  /** More than `surge.platformFactor` times the trailing hour's per-minute rate, across all platforms. */
  'surge-platform',
  /** The same name and country signed from another platform within `sameName.withinHours`. */
  'same-name-elsewhere',
] as const;
export type ReviewRule = (typeof REVIEW_RULES)[number];

export function isReviewRule(value: string): value is ReviewRule {
  return (REVIEW_RULES as readonly string[]).includes(value);
}

/**
 * Why staff set a signature aside. A fixed list, never free text: the counts
 * per reason are published, and free text could carry a name.
 */
export const INVALID_REASONS = ['duplicate', 'impersonation', 'abusive', 'automated', 'other'] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

export function isInvalidReason(value: string): value is InvalidReason {
  return (INVALID_REASONS as readonly string[]).includes(value);
}

export interface ReviewPolicy {
  watchList: {
    enabled: boolean;
    /** Names of the lists in src/review/watchlists (without `.json`). */
    lists: string[];
  };
  newAccount: { enabled: boolean; minAgeDays: number };
  surge: {
    enabled: boolean;
    perReferralPerMinute: number;
    perCommunityPerMinute: number;
    /** Hold when the last minute has more than this many times the trailing hour's per-minute average... */
    platformFactor: number;
    /** ...and more than this many signings (a quiet hour must not make the 5th signer a surge). */
    platformMinPerMinute: number;
  };
  sameName: { enabled: boolean; withinHours: number };
}

export const DEFAULT_WATCH_LISTS = ['addressee', 'officials', 'insults-en', 'insults-ko', 'insults-zh'];

/**
 * Generous on purpose: a hold costs a staff member a click, a missed hold
 * costs the count's credibility, and a rule that misfires can be switched off.
 */
export const DEFAULT_REVIEW_POLICY: ReviewPolicy = {
  watchList: { enabled: true, lists: DEFAULT_WATCH_LISTS },
  newAccount: { enabled: true, minAgeDays: 7 },
  surge: { enabled: true, perReferralPerMinute: 30, perCommunityPerMinute: 30, platformFactor: 10, platformMinPerMinute: 100 },
  sameName: { enabled: true, withinHours: 24 },
};

/** Every rule off: signatures are valid as they come. */
export const NO_REVIEW_POLICY: ReviewPolicy = {
  watchList: { ...DEFAULT_REVIEW_POLICY.watchList, enabled: false },
  newAccount: { ...DEFAULT_REVIEW_POLICY.newAccount, enabled: false },
  surge: { ...DEFAULT_REVIEW_POLICY.surge, enabled: false },
  sameName: { ...DEFAULT_REVIEW_POLICY.sameName, enabled: false },
};
