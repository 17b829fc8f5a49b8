/** The languages every user-facing string exists in. */
export const LOCALES = ['en', 'ko', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks our locale from a platform language tag (Telegram `language_code`,
 * Discord `interaction.locale`): "ko-KR" -> ko, "zh-TW" -> zh, "fr" -> en.
 *
 * @example localeFromTag('zh-TW') // 'zh'
 */
export function localeFromTag(tag: string | null | undefined): Locale {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : DEFAULT_LOCALE;
}
