import type { Locale } from '../core/index.ts';

const tags: Record<Locale, string> = { en: 'en', ko: 'ko', zh: 'zh-Hans', 'zh-Hant': 'zh-Hant', es: 'es' };

/** The BCP 47 tag a locale is written in (for `Intl` and an HTML `lang` attribute), e.g. zh -> zh-Hans, zh-Hant -> zh-Hant. */
export function localeTag(locale: Locale): string {
  return tags[locale];
}

/**
 * Every Intl formatter below is made once per language and options and kept:
 * making one costs far more than using one (24 µs against under 1 µs for a
 * share, and a delivery pack formats thousands of numbers and dates). The
 * keys are few: languages, precisions, and time zones, which are IANA names
 * (an unknown one throws before anything is kept).
 */
const kept = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();
function keep<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(key: string, make: () => T): T {
  let format = kept.get(key) as T | undefined;
  if (!format) kept.set(key, (format = make()));
  return format;
}

/** Formatting through `Intl`, so digit grouping and date order follow the reader's language. */
export function formatNumber(locale: Locale, n: number): string {
  return keep(`number ${locale}`, () => new Intl.NumberFormat(tags[locale])).format(n);
}

export function formatPercent(locale: Locale, ratio: number): string {
  // Small shares keep two decimals so the first signatures do not read as 0%.
  const digits = ratio > 0 && ratio < 0.01 ? 2 : 1;
  return keep(`percent ${locale} ${digits}`, () => new Intl.NumberFormat(tags[locale], { style: 'percent', maximumFractionDigits: digits })).format(ratio);
}

/** A date in a given zone, e.g. "10 December 2026" / "2026년 12월 10일". */
export function formatDate(locale: Locale, date: Date, timeZone: string): string {
  return keep(`date ${locale} ${timeZone}`, () => new Intl.DateTimeFormat(tags[locale], { dateStyle: 'long', timeZone })).format(date);
}

/** A calendar date given as YYYY-MM-DD, formatted without any zone shift. */
export function formatIsoDate(locale: Locale, isoDate: string): string {
  return formatDate(locale, new Date(`${isoDate}T12:00:00Z`), 'UTC');
}

/**
 * A date and time in a given zone. Korean uses the 24-hour clock: the ICU in
 * Node 20 writes the Korean day period as "PM" ("2026년 11월 29일 PM 3:00"),
 * which no Korean reader writes; "15:00" is how notices give a time.
 */
export function formatDateTime(locale: Locale, date: Date, timeZone: string): string {
  return keep(
    `date-time ${locale} ${timeZone}`,
    () => new Intl.DateTimeFormat(tags[locale], { dateStyle: 'long', timeStyle: 'short', timeZone, ...(locale === 'ko' ? { hourCycle: 'h23' as const } : {}) }),
  ).format(date);
}

/** A time of day on the 24-hour clock in a given zone, e.g. "23:59": a deadline no reader can misread. */
export function formatTime(locale: Locale, date: Date, timeZone: string): string {
  return keep(`time ${locale} ${timeZone}`, () => new Intl.DateTimeFormat(tags[locale], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone })).format(date);
}

export function formatList(locale: Locale, items: string[]): string {
  return keep(`and ${locale}`, () => new Intl.ListFormat(tags[locale], { style: 'long', type: 'conjunction' })).format(items);
}

/** Alternatives, e.g. "Canada or Cameroon" / "캐나다 또는 카메룬" / "加拿大或喀麦隆". */
export function formatAlternatives(locale: Locale, items: string[]): string {
  return keep(`or ${locale}`, () => new Intl.ListFormat(tags[locale], { style: 'long', type: 'disjunction' })).format(items);
}

/**
 * A date that may be only partly known (YYYY, YYYY-MM or YYYY-MM-DD, as THE
 * LIST stores it) in the reader's style: "February 2012" / "2012년 2월" / "2012年2月".
 */
export function formatPartialDate(locale: Locale, value: string): string {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value);
  if (!match) return value;
  const [, year, month, day] = match;
  if (day) return formatIsoDate(locale, value);
  const options: Intl.DateTimeFormatOptions = month ? { year: 'numeric', month: 'long' } : { year: 'numeric' };
  const date = new Date(Date.UTC(Number(year), month ? Number(month) - 1 : 0, 15, 12));
  return keep(`${month ? 'month' : 'year'} ${locale}`, () => new Intl.DateTimeFormat(tags[locale], { ...options, timeZone: 'UTC' })).format(date);
}

/**
 * A time zone's name in the reader's language, e.g. "Eastern Time" for
 * America/New_York, so a deadline says whose midnight it is.
 *
 * @example timeZoneName('en', 'America/New_York', closesAt) // 'Eastern Time'
 */
export function timeZoneName(locale: Locale, timeZone: string, at: Date): string {
  const parts = keep(`zone ${locale} ${timeZone}`, () => new Intl.DateTimeFormat(tags[locale], { timeZone, timeZoneName: 'longGeneric' })).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}
