import { countryName } from '../core/index.ts';
import type { Locale } from '../core/index.ts';
import type { BroadcastContent, OutgoingMessage } from '../core/index.ts';
import { formatIsoDate, formatNumber } from '../i18n/format.ts';
import type { Translate } from '../i18n/i18n.ts';

/**
 * A broadcast in the recipient's language. Template parameters follow a few
 * conventions so they can be stored as plain JSON: `count` picks the plural
 * form, `date` is an ISO date, `country` an ISO code, `nations` a number of
 * nations, and any other number is formatted for the reader.
 */
export function renderBroadcast(t: Translate, content: BroadcastContent, locale: Locale): OutgoingMessage {
  if ('texts' in content) return { text: content.texts[locale] ?? content.texts.en };
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(content.params ?? {})) {
    if (key === 'count') params.count = value;
    else if (key === 'date' && typeof value === 'string') params.date = formatIsoDate(locale, value);
    else if (key === 'country' && typeof value === 'string') params.country = countryName(value, locale);
    else if (key === 'nations' && typeof value === 'number') params.nations = t(locale, 'count.nations', { count: value, n: formatNumber(locale, value) });
    else params[key] = typeof value === 'number' ? formatNumber(locale, value) : value;
  }
  return { text: t(locale, content.template, params) };
}
