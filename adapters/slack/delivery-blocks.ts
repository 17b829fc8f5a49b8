import type { types } from '@slack/bolt';
import type { CampaignCore } from '../../src/core/index.ts';
import type { Locale } from '../../src/core/index.ts';
import type { DeliveryProgress } from '../../src/core/index.ts';
import { formatDateTime, formatNumber } from '../../src/chat/index.ts';
import { clip, escapeMrkdwn } from './slack-text.ts';

/** How many recent broadcasts staff see; 10 sections stay well under Slack's 50-block limit. */
export const RECENT_BROADCASTS = 10;

/** Sends per second over the last minute, to two decimals (a slow trickle still shows). */
export function sendRate(progress: Pick<DeliveryProgress, 'sentLastMinute'>): number {
  return Math.round((progress.sentLastMinute / 60) * 100) / 100;
}

/**
 * The most recent reminders, announcements and milestones with their delivery
 * counts and rate, as Block Kit: the same blocks for `/petition deliveries`
 * and the App Home tab; null where no delivery queue is configured.
 *
 * @example await respond({ text: t(locale, 'slack.deliveries.title'), blocks: await deliveryBlocks(core, 'en', ctx.clock()) })
 */
export async function deliveryBlocks(core: CampaignCore, locale: Locale, now: Date): Promise<types.KnownBlock[] | null> {
  const { t } = core;
  const zone = core.campaign.timeZone;
  const n = (value: number) => formatNumber(locale, value);
  const recent = await core.deliveryProgress(RECENT_BROADCASTS);
  if (!recent) return null;
  const rows: types.KnownBlock[] = recent.map((p) => ({
    type: 'section',
    text: {
      type: 'mrkdwn',
      // Section text is capped at 3,000 characters; ids are short, but clip anyway.
      text: clip(
        [
          t(locale, 'slack.deliveries.heading', {
            kind: t(locale, `slack.deliveries.kind.${p.kind}`),
            time: formatDateTime(locale, p.createdAt, zone),
            id: escapeMrkdwn(p.broadcastId),
          }),
          t(locale, 'slack.deliveries.counts', {
            queued: n(p.queued),
            sending: n(p.sending),
            sent: n(p.sent),
            failed: n(p.failed),
            unsubscribed: n(p.unsubscribed),
            inDoubt: n(p.inDoubt),
          }),
          t(locale, 'slack.deliveries.rate', { rate: n(sendRate(p)), lastMinute: n(p.sentLastMinute) }),
        ].join('\n'),
        3_000,
      ),
    },
  }));
  return [
    { type: 'header', text: { type: 'plain_text', text: t(locale, 'slack.deliveries.title') } },
    ...(rows.length ? rows : [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: t(locale, 'slack.deliveries.none') } }]),
    { type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'slack.stats.updated', { time: formatDateTime(locale, now, zone) }) }] },
  ];
}
