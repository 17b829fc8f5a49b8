import type { types } from '@slack/bolt';
import type { Locale } from '../../src/core/index.ts';
import type { Case } from '../../src/core/index.ts';
import type { Translate } from '../../src/core/index.ts';
import { escapeMrkdwn } from './slack-text.ts';

export const CASE_REMOVE = 'case_remove';
export const CASE_KEEP = 'case_keep';

/** "Remove case 3?" with a Remove button guarded by a Slack confirmation dialog. */
export function removalPrompt(t: Translate, locale: Locale, c: Case): { text: string; blocks: types.KnownBlock[] } {
  const text = t(locale, 'slack.case.remove-confirm', { number: c.number, name: escapeMrkdwn(c.name ?? t(locale, 'case.name-withheld')) });
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: CASE_REMOVE,
            style: 'danger',
            value: String(c.number),
            text: { type: 'plain_text', text: t(locale, 'slack.case.remove-button') },
            confirm: {
              title: { type: 'plain_text', text: t(locale, 'slack.case.remove-dialog-title') },
              text: { type: 'plain_text', text: t(locale, 'slack.case.remove-dialog-text') },
              confirm: { type: 'plain_text', text: t(locale, 'slack.case.remove-button') },
              deny: { type: 'plain_text', text: t(locale, 'slack.case.keep-button') },
              style: 'danger',
            },
          },
          { type: 'button', action_id: CASE_KEEP, value: String(c.number), text: { type: 'plain_text', text: t(locale, 'slack.case.keep-button') } },
        ],
      },
    ],
  };
}
