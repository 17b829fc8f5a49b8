import { countryName, localized, type BroadcastContent, type Locale, type OutgoingMessage, type Translate } from '../core/index.ts';
import { formatIsoDate, formatNumber } from '../i18n/format.ts';

/**
 * A broadcast in the recipient's language, in the words of the recipient's
 * platform (a `_telegram` variant may name commands only Telegram has).
 * Template parameters follow a few conventions so they can be stored as
 * plain JSON: `count` picks the plural form, `date` is an ISO date, `country`
 * an ISO code, `nations` a number of nations, and any other number is
 * formatted for the reader.
 *
 * @example renderBroadcast(t, { template: 'reminder.days-left', params: { count: 3, days: 3, date: '2026-12-10' } }, 'ko', 'telegram')
 */
export function renderBroadcast(t: Translate, content: BroadcastContent, locale: Locale, platform?: string): OutgoingMessage {
  if ('texts' in content) return { text: localized(content.texts, locale) };
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(content.params ?? {})) {
    if (key === 'count') params.count = value;
    else if (key === 'date' && typeof value === 'string') params.date = formatIsoDate(locale, value);
    else if (key === 'country' && typeof value === 'string') params.country = countryName(value, locale);
    else if (key === 'nations' && typeof value === 'number') params.nations = t(locale, 'count.nations', { count: value, n: formatNumber(locale, value) });
    else params[key] = typeof value === 'number' ? formatNumber(locale, value) : value;
  }
  return { text: t(locale, content.template, { ...params, ...(platform ? { context: platform } : {}) }) };
}
