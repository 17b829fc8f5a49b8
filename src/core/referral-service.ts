import { createHmac } from 'node:crypto';
import type { Clock, Community, ReferralStore, ReferralTally } from './ports/index.ts';
import type { SignerKeyer, SignerRef } from './signer-key.ts';
import { plainText } from './staff-text.ts';

/** Where a referral code comes from: a supporter's own link, a community (server or group), or any other code (the page's). */
export type ReferralKind = 'personal' | 'community' | 'code';

export interface ReferralSource extends ReferralTally {
  kind: ReferralKind;
  /** The community behind a community code, else null. A personal code is never resolved to a person. */
  community: Community | null;
}

/** What staff see in `/petition referrals`. */
export interface ReferralReport {
  /** All valid signatures that came through any referral code. */
  referred: number;
  /** The codes most signatures came through. */
  top: ReferralSource[];
  /** Every community that turned the campaign channel on, most signatures first (none yet: count 0). */
  communities: Array<Community & { count: number; nations: number }>;
  /** Referred signatures per day, oldest first. */
  perDay: Array<{ day: string; count: number }>;
}

/** A community as the platform names it, e.g. `discord:guild:123` or `telegram:-100456`. */
export interface CommunityRef {
  key: string;
  platform: string;
  name?: string | null | undefined;
}

/**
 * Referral codes: each supporter has one (`r…`), and each Discord server or
 * Telegram group that turns the campaign channel on gets one (`c…`). Both
 * are keyed hashes, so a code never reveals whose or which it is without the
 * server secret; signatures carry the code they came through.
 */
export class ReferralService {
  constructor(
    private readonly campaignId: string,
    private readonly secret: string,
    private readonly keyOf: SignerKeyer,
    private readonly store: ReferralStore,
    private readonly clock: Clock,
  ) {}

  /** The supporter's own code, the same every time. */
  personalCode(who: SignerRef): string {
    return 'r' + this.hash(`referral:${this.keyOf(who)}`);
  }

  /** The community's code, the same every time (whether or not it turned the channel on). */
  communityCode(key: string): string {
    return 'c' + this.hash(`community:${key}`);
  }

  /**
   * Records the community when its admins turn the campaign channel on; from then
   * on signatures from it carry its code. Returns the code.
   */
  async enableCommunity(ref: CommunityRef): Promise<string> {
    const code = this.communityCode(ref.key);
    // Staff read it: plain text only, at most 100 characters (a group title can hold anything).
    const name = ref.name ? plainText([...ref.name.trim()].slice(0, 100).join(''), 100) || null : null;
    await this.store.saveCommunity(this.campaignId, { code, platform: ref.platform, name }, this.clock());
    return code;
  }

  /** The community's code when it turned the campaign channel on, else null. */
  async communityReferral(key: string | null | undefined): Promise<string | null> {
    if (!key) return null;
    const code = this.communityCode(key);
    return (await this.store.community(this.campaignId, code)) ? code : null;
  }

  /** How many valid signatures came through this code. */
  async signedThrough(code: string): Promise<number> {
    const [tally] = await this.store.tally(this.campaignId, { codes: [code], limit: 1 });
    return tally?.count ?? 0;
  }

  /** Every community with its valid signatures and nations (for community milestones). */
  async communityTotals(): Promise<Array<Community & { count: number; nations: number }>> {
    const communities = await this.store.communities(this.campaignId);
    if (communities.length === 0) return [];
    const tallies = new Map((await this.store.tally(this.campaignId, { codes: communities.map((c) => c.code) })).map((t) => [t.referral, t]));
    return communities
      .map((c) => ({ ...c, count: tallies.get(c.code)?.count ?? 0, nations: tallies.get(c.code)?.nations ?? 0 }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  }

  /**
   * Top sources, per community and per day, for staff.
   *
   * @example await referrals.report(10) // { referred: 340, top: [...], communities: [...], perDay: [...] }
   */
  async report(limit = 10): Promise<ReferralReport> {
    const [top, communities, perDay] = await Promise.all([
      this.store.tally(this.campaignId, { limit }),
      this.communityTotals(),
      this.store.perDay(this.campaignId),
    ]);
    const byCode = new Map(communities.map((c) => [c.code, c]));
    return {
      referred: perDay.reduce((sum, d) => sum + d.count, 0),
      top: top.map((t) => {
        const community = byCode.get(t.referral);
        return {
          ...t,
          kind: community ? 'community' : /^r[A-Za-z0-9_-]{11}$/.test(t.referral) ? 'personal' : 'code',
          community: community ? { code: community.code, platform: community.platform, name: community.name } : null,
        };
      }),
      communities,
      perDay,
    };
  }

  private hash(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url').slice(0, 11);
  }
}
