import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCampaign } from '../../src/core/index.ts';
import { DEFAULT_CAMPAIGN_FILE } from '../../src/campaign/load-campaign.ts';
import { DEFAULT_REVIEW_POLICY } from '../../src/core/review-policy.ts';

const file = JSON.parse(readFileSync(DEFAULT_CAMPAIGN_FILE, 'utf8')) as Record<string, unknown>;
const withReview = (review: unknown) => parseCampaign({ ...file, review });

describe('review rules in the campaign file', () => {
  it('ships with every rule on, at the defaults', () => {
    expect(parseCampaign(file).review).toEqual(DEFAULT_REVIEW_POLICY);
  });

  it('uses the defaults when the section or a field is left out', () => {
    const { review: _left, ...without } = file;
    expect(parseCampaign(without).review).toEqual(DEFAULT_REVIEW_POLICY);
    expect(withReview({ surge: { perReferralPerMinute: 50 } }).review).toEqual({
      ...DEFAULT_REVIEW_POLICY,
      surge: { ...DEFAULT_REVIEW_POLICY.surge, perReferralPerMinute: 50 },
    });
  });

  it('switches one rule off and leaves the others on', () => {
    const { review } = withReview({ sameName: { enabled: false } });
    expect(review.sameName.enabled).toBe(false);
    expect([review.watchList.enabled, review.newAccount.enabled, review.surge.enabled]).toEqual([true, true, true]);
  });

  it.each([
    [{ newAccount: { minAgeDays: 0 } }, /campaign\.review\.newAccount\.minAgeDays/],
    [{ surge: { platformFactor: 0.5 } }, /campaign\.review\.surge\.platformFactor/],
    [{ watchList: { lists: ['../../etc/passwd'] } }, /campaign\.review\.watchList\.lists\.0/],
    [{ sameName: { enabled: 'yes' } }, /campaign\.review\.sameName\.enabled/],
    [{ captcha: { enabled: true } }, /campaign\.review/],
  ])('refuses %j, naming the field', (review, message) => {
    expect(() => withReview(review)).toThrow(message);
  });
});
