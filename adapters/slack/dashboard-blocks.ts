import type { types } from '@slack/bolt';
import { formatDateTime, formatNumber, formatPercent, type Renderer } from '../../src/chat/index.ts';
import { countryName, type CampaignCore, type Locale, type PetitionStats } from '../../src/core/index.ts';
import { escapeMrkdwn } from './slack-text.ts';

const TOP_COUNTRIES = 5;

/** Totals over "today" and "the last 7 days", counted in the campaign's own calendar. */
export function recentCounts(perDay: PetitionStats['perDay'], now: Date, timeZone: string): { today: number; week: number } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const weekStart = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  let week = 0;
  let todayCount = 0;
  for (const { day, count } of perDay) {
    if (day >= weekStart && day <= today) week += count;
    if (day === today) todayCount = count;
  }
  return { today: todayCount, week };
}

/**
 * The staff dashboard as Block Kit: the same blocks for `/petition stats` and
 * the App Home tab.
 */
export async function dashboardBlocks(core: CampaignCore, render: Renderer, locale: Locale, now: Date): Promise<types.KnownBlock[]> {
  const { t } = core;
  const stats = await core.petition.stats();
  const zone = core.campaign.timeZone;
  const n = (value: number) => formatNumber(locale, value);
  const { today, week } = recentCounts(stats.perDay, now, zone);
  const platforms = Object.entries(stats.byPlatform)
    .sort(([, a], [, b]) => b - a)
    .map(([platform, count]) => `${escapeMrkdwn(render.platformName(locale, platform))} ${n(count)}`);
  const countries = Object.entries(stats.byCountry)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, TOP_COUNTRIES)
    .map(([code, count]) => `${escapeMrkdwn(countryName(code, locale))} (${code}) ${n(count)}`);
  const none = t(locale, 'slack.stats.none');
  const field = (key: string, params: Record<string, unknown>) => ({ type: 'mrkdwn' as const, text: t(locale, `slack.stats.${key}`, params) });
  return [
    { type: 'header', text: { type: 'plain_text', text: t(locale, 'slack.stats.title') } },
    {
      type: 'section',
      fields: [
        field('total', { total: n(stats.total) }),
        field('goal', { progress: formatPercent(locale, stats.progress), goal: n(stats.goal) }),
        field('today', { n: n(today) }),
        field('week', { n: n(week) }),
        field('nations', { n: n(stats.nations) }),
        field('time-left', { text: escapeMrkdwn(render.countdown(locale, core.petition.countdown(now))) }),
      ],
    },
    {
      type: 'section',
      fields: [
        field('platforms', { list: platforms.length ? platforms.join('\n') : none }),
        field('top-countries', { list: countries.length ? countries.join('\n') : none }),
      ],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'slack.stats.updated', { time: formatDateTime(locale, now, zone) }) }] },
  ];
}

