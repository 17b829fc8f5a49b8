/** Referral sources: the communities that carry their own code, and what signed through each code. */

/** A Discord server or Telegram group that turned the campaign channel on. Its identity is only in `code` (a keyed hash). */
export interface Community {
  code: string;
  /** `discord` or `telegram`. */
  platform: string;
  /** The server's or group's name as the platform gave it when the channel was turned on, or null. */
  name: string | null;
}

/** Valid signatures that carry one referral code, and from how many nations. */
export interface ReferralTally {
  referral: string;
  count: number;
  nations: number;
}

export interface ReferralStore {
  /**
   * Records (or renames) a community; its code never changes.
   *
   * @example await referrals.saveCommunity('c', { code: 'cAb…', platform: 'discord', name: 'Seoul volunteers' }, now)
   */
  saveCommunity(campaignId: string, community: Community, at: Date): Promise<void>;
  /** The community with this code, or null. */
  community(campaignId: string, code: string): Promise<Community | null>;
  /** Every community of the campaign. */
  communities(campaignId: string): Promise<Community[]>;
  /**
   * Valid signatures per referral code, most first: every code, or only `codes`, at most `limit`.
   *
   * @example await referrals.tally('c', { limit: 10 }) // [{ referral: 'rX…', count: 12, nations: 3 }]
   */
  tally(campaignId: string, options?: { codes?: readonly string[]; limit?: number }): Promise<ReferralTally[]>;
  /** Valid signatures that carry any referral code, per day of signing (campaign time zone). */
  perDay(campaignId: string): Promise<Array<{ day: string; count: number }>>;
}
