import type { types } from '@slack/bolt';
import { formatDateTime } from '../../src/chat/index.ts';
import type { CampaignCore, Locale, RecordedAuditEntry } from '../../src/core/index.ts';
import { clip, escapeMrkdwn } from './slack-text.ts';

/** Entries shown by `/petition audit`: one section each stays under Slack's 50 blocks. */
export const AUDIT_ENTRIES = 25;

/** `slack:U0123` as a Slack mention; other actors (`cli:…`, `system`) as written. */
export function actorText(actor: string): string {
  const slack = /^slack:([UW][A-Z0-9]{1,20})$/.exec(actor);
  return slack ? `<@${slack[1]}>` : `\`${escapeMrkdwn(actor)}\``;
}

/** The "how many" of an entry comes first. */
const HOW_MANY = ['changed', 'count', 'rows', 'recipients', 'accepted', 'rejected'];

/** Counts and ids as `key: value`, never names (the audit log holds none). */
function detailText(entry: RecordedAuditEntry): string {
  const first = (key: string) => (HOW_MANY.includes(key) ? HOW_MANY.indexOf(key) : HOW_MANY.length);
  return Object.entries(entry.detail)
    .filter(([key]) => key !== 'campaign')
    .sort(([a], [b]) => first(a) - first(b))
    .map(([key, value]) => `${escapeMrkdwn(key)}: ${escapeMrkdwn(String(value))}`)
    .join(' · ');
}

/**
 * The latest staff actions, newest first: who, what, when and how many.
 *
 * @example await respond({ text, blocks: (await auditBlocks(core, 'en')).blocks })
 */
export async function auditBlocks(core: CampaignCore, locale: Locale): Promise<{ text: string; blocks: types.KnownBlock[] }> {
  const { t } = core;
  const entries = await core.auditHistory.latest(AUDIT_ENTRIES);
  const title = t(locale, 'review:audit.title');
  if (entries.length === 0) return { text: t(locale, 'review:audit.empty'), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t(locale, 'review:audit.empty') } }] };
  return {
    text: title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title } },
      ...entries.map(
        (entry): types.KnownBlock => ({
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: clip(
              t(locale, 'review:audit.line', {
                at: formatDateTime(locale, entry.at, core.campaign.timeZone),
                actor: actorText(entry.actor),
                action: `\`${escapeMrkdwn(entry.action)}\``,
                detail: detailText(entry),
              }),
              3_000,
            ),
          },
        }),
      ),
    ],
  };
}
