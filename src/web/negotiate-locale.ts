import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, knownLocale, LOCALES, localeFromTag, type Locale } from '../core/index.ts';

/**
 * The reader's language from an `Accept-Language` header. negotiator parses
 * the header and orders the tags by quality; each tag then goes through the
 * core's `localeFromTag`, the same mapping the chat platforms use, so a
 * language (or a regional fallback such as zh-TW) added there reaches the web
 * page without a change here. Tags the core does not know are skipped rather
 * than read as its default, so "fr, ko;q=0.5" gives Korean.
 *
 * @example negotiateLocale('zh-TW,zh;q=0.9,en;q=0.5') // 'zh-Hant'
 */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  // Readers send a few hundred distinct headers at most: each is parsed once.
  // A header longer than any browser sends is not worth reading in full.
  const key = header.slice(0, 500);
  let locale = answers.get(key);
  if (!locale) {
    locale = negotiate(key);
    if (answers.size >= 500) answers.clear();
    answers.set(key, locale);
  }
  return locale;
}

const answers = new Map<string, Locale>();

function negotiate(header: string): Locale {
  const tags = new Negotiator({ headers: { 'accept-language': header } }).languages();
  for (const tag of tags) {
    if (tag === '*') return DEFAULT_LOCALE;
    const locale = localeFromTag(tag);
    if (locale !== DEFAULT_LOCALE || primarySubtag(tag) === DEFAULT_LOCALE) return locale;
  }
  return DEFAULT_LOCALE;
}

/** Our locale named in a query or path value (`?lang=ko`), or null. */
export function localeParam(value: string | null | undefined): Locale | null {
  return knownLocale(value);
}

function primarySubtag(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? '';
}

/** Every locale the page is published in: the core's list, so new languages appear by themselves. */
export const WEB_LOCALES: readonly Locale[] = LOCALES;
