import type { Renderer } from '../../src/chat/index.ts';
import { formatIsoDate, formatNumber } from '../../src/chat/index.ts';
import type { CampaignCore, Locale, ReferralSource } from '../../src/core/index.ts';
import { escapeMrkdwn } from './slack-text.ts';

/** Days of the per-day series shown; older days are in the total. */
const DAYS_SHOWN = 14;

/**
 * `/petition referrals`: top sources, per community and per day, from the
 * core's referral report. Personal codes stay codes: the report never says
 * whose link it was.
 */
export async function referralsReportText(core: CampaignCore, render: Renderer, locale: Locale): Promise<string> {
  const { t } = core;
  const report = await core.referrals.report(10);
  const n = (value: number) => formatNumber(locale, value);
  const nations = (count: number) => t(locale, 'count.nations', { count, n: n(count) });
  const nameOf = (c: { name: string | null; code: string }) => (c.name ? escapeMrkdwn(c.name) : t(locale, 'slack.referrals.unnamed', { code: c.code }));
  const lines: string[] = [];
  if (report.referred === 0) lines.push(t(locale, 'slack.referrals.none'));
  else {
    lines.push(t(locale, 'slack.referrals.title', { total: n(report.referred) }), '', t(locale, 'slack.referrals.top'));
    lines.push(...report.top.map((s: ReferralSource) =>
      t(locale, 'slack.referrals.source', {
        context: s.kind,
        name: s.community ? nameOf(s.community) : '',
        platform: s.community ? render.platformName(locale, s.community.platform) : '',
        code: s.referral,
        signatures: n(s.count),
        nations: nations(s.nations),
      }),
    ));
  }
  lines.push('', t(locale, 'slack.referrals.communities'));
  if (report.communities.length === 0) lines.push(t(locale, 'slack.referrals.no-communities'));
  for (const c of report.communities) {
    lines.push(t(locale, 'slack.referrals.community', { name: nameOf(c), platform: render.platformName(locale, c.platform), signatures: n(c.count), nations: nations(c.nations) }));
  }
  if (report.perDay.length > 0) {
    lines.push('', t(locale, 'slack.referrals.per-day'));
    for (const d of report.perDay.slice(-DAYS_SHOWN)) lines.push(t(locale, 'slack.referrals.day', { date: formatIsoDate(locale, d.day), signatures: n(d.count) }));
  }
  return lines.join('\n');
}
