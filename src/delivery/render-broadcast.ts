import { countryName, localized, type BroadcastContent, type Locale, type OutgoingMessage, type Translate } from '../core/index.ts';
import { deadlineText, type Reader } from '../i18n/deadline.ts';
import { formatIsoDate, formatNumber } from '../i18n/format.ts';

export type { Reader };

/**
 * A broadcast in the recipient's language, in the words of the recipient's
 * platform (a `_telegram` variant may name commands only Telegram has).
 * Template parameters follow a few conventions so they can be stored as
 * plain JSON: `count` picks the plural form, `date` is an ISO date, `country`
 * an ISO code, `nations` a number of nations, `deadline` the instant the
 * petition closes (written in the reader's zone, with the zone named, and as
 * "today" or "tomorrow" where that is true for them), and any other number is
 * formatted for the reader.
 *
 * @example renderBroadcast(t, { template: 'reminder.days-left', params: { count: 3, days: 3, deadline: '2026-12-11T05:00:00.000Z' } }, 'ko', 'telegram', { timeZone: 'Asia/Seoul', now })
 *
 * `channel` is a sealed address (a staff notice about a lost channel), opened with `openAddress`.
 */
export function renderBroadcast(t: Translate, content: BroadcastContent, locale: Locale, platform?: string, reader?: Reader, openAddress?: (sealed: string) => string): OutgoingMessage {
  if ('texts' in content) return { text: localized(content.texts, locale) };
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(content.params ?? {})) {
    if (key === 'count') params.count = value;
    else if (key === 'channel' && typeof value === 'string' && openAddress) params.channel = openSafely(openAddress, value);
    else if (key === 'date' && typeof value === 'string') params.date = formatIsoDate(locale, value);
    else if (key === 'country' && typeof value === 'string') params.country = countryName(value, locale);
    else if (key === 'deadline' && typeof value === 'string') params.deadline = deadlineText(t, locale, new Date(value), reader);
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
