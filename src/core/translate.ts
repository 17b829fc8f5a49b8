import type { Locale } from './locale.ts';

/**
 * Looks up a user-facing text by key in a language, with parameters; the
 * i18n module (i18next) implements it. Keys may name a namespace (`errors:…`).
 *
 * @example t('ko', 'count.nations', { count: 28, n: '28' }) // '28개국'
 */
export type Translate = (locale: Locale, key: string, params?: Record<string, unknown>) => string;
