/**
 * The languages every user-facing string exists in. Each is also the folder
 * name under `locales/` and the i18next language code: `zh` is Simplified
 * Chinese, `zh-Hant` Traditional Chinese (Taiwan and Hong Kong usage), `es`
 * neutral Spanish.
 */
export const LOCALES = ['en', 'ko', 'zh', 'zh-Hant', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/**
 * The languages the campaign's own content (petition text, THE LIST's case
 * summaries, staff announcements) must be written in. A later language may
 * have it too; where it does not, the text comes from its fallback.
 */
export const CONTENT_LOCALES = ['en', 'ko', 'zh'] as const satisfies readonly Locale[];
export type ContentLocale = (typeof CONTENT_LOCALES)[number];

/** Content written in every content language and perhaps in later ones; read it with `localized`. */
export type LocalizedContent = Record<ContentLocale, string> & Partial<Record<Locale, string>>;

/**
 * Where a language borrows a text it lacks: Traditional Chinese from
 * Simplified (the same language in the other script, closer than English),
 * everything else from English. Also the i18next `fallbackLng`.
 */
export const LOCALE_FALLBACKS: Readonly<Record<Locale, readonly Locale[]>> = {
  en: [],
  ko: ['en'],
  zh: ['en'],
  'zh-Hant': ['zh', 'en'],
  es: ['en'],
};

export function isContentLocale(value: unknown): value is ContentLocale {
  return typeof value === 'string' && (CONTENT_LOCALES as readonly string[]).includes(value);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * A text in the reader's language from content that may have only the
 * content languages, following the fallbacks (zh-Hant -> zh -> en).
 *
 * @example localized({ en: 'Hi', ko: '안녕하세요', zh: '您好' }, 'zh-Hant') // '您好'
 */
export function localized(texts: Partial<Record<Locale, string>>, locale: Locale): string {
  for (const candidate of [locale, ...LOCALE_FALLBACKS[locale]]) {
    const text = texts[candidate];
    if (text) return text;
  }
  return texts.en ?? '';
}

/** Content written in the content languages, completed for every locale by the fallbacks. */
export function withFallbacks(texts: LocalizedContent): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((l) => [l, localized(texts, l)])) as Record<Locale, string>;
}

/**
 * Our locale for a tag someone typed or linked (`/language zh-TW`, `?lang=es`),
 * or null when it names no language we publish: unlike `localeFromTag`, an
 * unknown language is not read as English.
 *
 * @example knownLocale('zh-tw') // 'zh-Hant'
 * @example knownLocale('fr') // null
 */
export function knownLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  if (isLocale(value)) return value;
  const mapped = localeFromTag(value);
  const primary = value.toLowerCase().split(/[-_]/)[0];
  return mapped !== DEFAULT_LOCALE || primary === DEFAULT_LOCALE ? mapped : null;
}

/** Chinese regions that write Traditional characters. */
const TRADITIONAL_REGIONS = new Set(['tw', 'hk', 'mo']);

/**
 * Picks our locale from a platform language tag (Telegram `language_code`,
 * Discord `interaction.locale`, an `Accept-Language` entry):
 * "ko-KR" -> ko; "zh-TW", "zh-HK", "zh-MO", Telegram's "zh-hant" and
 * "zh-Hant-TW" -> zh-Hant; "zh-CN", "zh-SG", "zh-Hans", "zh" -> zh;
 * "es-ES", "es-419" -> es; "fr" -> en.
 *
 * @example localeFromTag('zh-TW') // 'zh-Hant'
 */
export function localeFromTag(tag: string | null | undefined): Locale {
  const [primary = '', ...rest] = (tag ?? '').toLowerCase().split(/[-_]/);
  if (primary === 'zh') {
    // A script subtag decides; without one, the region does (zh-TW is Traditional, zh-SG Simplified).
    if (rest.includes('hant')) return 'zh-Hant';
    if (rest.includes('hans')) return 'zh';
    return rest.some((part) => TRADITIONAL_REGIONS.has(part)) ? 'zh-Hant' : 'zh';
  }
  return isLocale(primary) ? primary : DEFAULT_LOCALE;
}
