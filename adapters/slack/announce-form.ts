import type { types } from '@slack/bolt';
import { isContentLocale, LOCALES, localized, type Locale, type LocalizedContent } from '../../src/core/index.ts';
import type { Translate } from '../../src/core/index.ts';
import { clip, escapeMrkdwn, mrkdwnSections } from './slack-text.ts';

export const ANNOUNCE_FORM = 'announce_form';
export const ANNOUNCE_SEND = 'announce_send';
export const ANNOUNCE_DISCARD = 'announce_discard';

/** A composed announcement waiting for its confirming click. */
export interface AnnouncementDraft {
  texts: LocalizedContent;
  /** Only the person who composed it may send it. */
  composedBy: string;
}

/** The dialogue-store key of a draft. */
export const draftKey = (id: string) => `slack:announce:${id}`;

/** One multi-line input per language. */
export function announceFormView(t: Translate, locale: Locale, responseUrl: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: ANNOUNCE_FORM,
    private_metadata: JSON.stringify({ responseUrl }),
    title: { type: 'plain_text', text: clip(t(locale, 'slack.announce.title'), 24) },
    submit: { type: 'plain_text', text: t(locale, 'slack.announce.preview-button') },
    close: { type: 'plain_text', text: t(locale, 'slack.case.cancel') },
    blocks: LOCALES.map((language) => ({
      type: 'input',
      block_id: language,
      // Only en, ko and zh are required: an empty zh-Hant reads the zh text, an empty es the English one.
      optional: !isContentLocale(language),
      label: { type: 'plain_text', text: t(locale, `slack.announce.label.${language}`) },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
    })),
  };
}

/** The preview message with the confirming button (and a Slack confirmation dialog on it). */
export function announcePreview(t: Translate, locale: Locale, id: string, texts: LocalizedContent): { text: string; blocks: types.KnownBlock[] } {
  const intro = t(locale, 'slack.announce.preview');
  return {
    text: intro,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      // Each language whole, over as many sections as its escaped text needs.
      ...LOCALES.flatMap((language) => mrkdwnSections(localized(texts, language), `*${escapeMrkdwn(t(language, `language.name.${language}`))}*`)),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ANNOUNCE_SEND,
            style: 'primary',
            value: id,
            text: { type: 'plain_text', text: t(locale, 'slack.announce.send') },
            confirm: {
              title: { type: 'plain_text', text: t(locale, 'slack.announce.confirm-title') },
              text: { type: 'plain_text', text: t(locale, 'slack.announce.confirm-text') },
              confirm: { type: 'plain_text', text: t(locale, 'slack.announce.send') },
              deny: { type: 'plain_text', text: t(locale, 'slack.case.cancel') },
            },
          },
          { type: 'button', action_id: ANNOUNCE_DISCARD, value: id, text: { type: 'plain_text', text: t(locale, 'slack.announce.cancel') } },
        ],
      },
    ],
  };
}
