import { countryName, type BroadcastContent, type Locale, type OutgoingMessage, type Translate } from '../core/index.ts';
import { formatIsoDate, formatNumber } from '../i18n/format.ts';

/**
 * A broadcast in the recipient's language, in the words of the recipient's
 * platform (a `_telegram` variant may name commands only Telegram has).
 * Template parameters follow a few conventions so they can be stored as
 * plain JSON: `count` picks the plural form, `date` is an ISO date, `country`
 * an ISO code, `nations` a number of nations, and any other number is
 * formatted for the reader.
 *
 * `channel` is a sealed address (a staff notice about a lost channel), opened with `openAddress`.
 *
 * @example renderBroadcast(t, { template: 'reminder.days-left', params: { count: 3, days: 3, date: '2026-12-10' } }, 'ko', 'telegram')
 */
export function renderBroadcast(t: Translate, content: BroadcastContent, locale: Locale, platform?: string, openAddress?: (sealed: string) => string): OutgoingMessage {
  if ('texts' in content) return { text: content.texts[locale] ?? content.texts.en };
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(content.params ?? {})) {
    if (key === 'count') params.count = value;
    else if (key === 'channel' && typeof value === 'string' && openAddress) params.channel = openSafely(openAddress, value);
    else if (key === 'date' && typeof value === 'string') params.date = formatIsoDate(locale, value);
    else if (key === 'country' && typeof value === 'string') params.country = countryName(value, locale);
    else if (key === 'nations' && typeof value === 'number') params.nations = t(locale, 'count.nations', { count: value, n: formatNumber(locale, value) });
    else params[key] = typeof value === 'number' ? formatNumber(locale, value) : value;
  }
  return { text: t(locale, content.template, { ...params, ...(platform ? { context: platform } : {}) }) };
}

/** A notice is still worth sending when its channel's key is gone: it says "?" instead. */
function openSafely(open: (sealed: string) => string, sealed: string): string {
  try {
    return open(sealed);
  } catch {
    return '?';
  }
}
