import type { App } from '@slack/bolt';
import type { CampaignCore } from '../../src/campaign-core.ts';
import { countryName } from '../../src/core/country.ts';
import type { Locale } from '../../src/core/locale.ts';
import type { Milestone } from '../../src/core/milestones.ts';
import { formatNumber } from '../../src/i18n/format.ts';

/** One line of staff news for a milestone, in Slack mrkdwn. */
export function milestoneText(core: CampaignCore, locale: Locale, milestone: Milestone): string {
  const n = (value: number) => formatNumber(locale, value);
  switch (milestone.kind) {
    case 'thousands':
      return core.t(locale, 'milestone.thousands', { total: n(milestone.total) });
    case 'new-nation':
      return core.t(locale, 'milestone.new-nation', { country: countryName(milestone.country, locale) });
    case 'goal-reached':
      return core.t(locale, 'milestone.goal-reached', { total: n(milestone.total), goal: n(milestone.goal) });
    case 'one-day-left':
      return core.t(locale, 'milestone.one-day-left');
    case 'closed':
      return core.t(locale, 'milestone.closed', {
        total: n(milestone.total),
        nations: core.t(locale, 'count.nations', { count: milestone.nations, n: n(milestone.nations) }),
      });
  }
}

/**
 * Posts milestones to the staff channel, one message each, in order. Deciding
 * when to look (a schedule) is not this function's job.
 *
 * @example await postMilestones(core, app.client, 'C0STAFF', detectMilestones(before, after))
 */
export async function postMilestones(
  core: CampaignCore,
  client: App['client'],
  channel: string,
  milestones: Milestone[],
  locale: Locale = 'en',
): Promise<void> {
  for (const milestone of milestones) {
    await client.chat.postMessage({ channel, text: milestoneText(core, locale, milestone) });
  }
}
