/**
 * The privacy notice as platform-neutral text: a title and sections of plain
 * paragraphs, from the `privacy` namespace and the campaign file. The web
 * page renders it as HTML; a chat `/privacy` command can send the same text.
 */
import { erasureDate, lastDayOf, type Campaign } from '../core/index.ts';
import type { Locale } from '../core/index.ts';
import { formatDate, formatIsoDate, timeZoneName } from '../i18n/format.ts';
import type { Translate } from '../i18n/i18n.ts';

export interface PrivacyNotice {
  title: string;
  intro: string;
  sections: Array<{ id: string; heading: string; paragraphs: string[] }>;
}

/**
 * @example privacyNotice(t, campaign, 'ko').sections.map((s) => s.heading) // ['개인정보 책임자', ...]
 */
export function privacyNotice(t: Translate, campaign: Campaign, locale: Locale): PrivacyNotice {
  const controller = campaign.controller ?? campaign.organizer;
  const contact = campaign.contact ?? controller;
  const params = {
    controller,
    contact,
    close: formatIsoDate(locale, lastDayOf(campaign)),
    zone: timeZoneName(locale, campaign.timeZone, campaign.closesAt),
    date: formatDate(locale, erasureDate(campaign), campaign.timeZone),
  };
  const text = (key: string) => t(locale, `privacy:${key}`, params);
  const section = (id: string, keys: string[]) => ({ id, heading: text(`${id}.heading`), paragraphs: keys.map((k) => text(`${id}.${k}`)) });
  return {
    title: text('title'),
    intro: text('intro'),
    sections: [
      section('controller', ['text']),
      section('stored', ['signature', 'signer-key', 'subscription', 'stay-in-touch', 'preference', 'dialogue', 'web', 'logs']),
      section('basis', ['text']),
      section('retention', ['text']),
      section('withdraw', ['text']),
      section('contact', ['text']),
    ],
  };
}
