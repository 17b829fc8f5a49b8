import type { Campaign } from '../core/index.ts';
import type { Locale } from '../core/index.ts';
import { localeTag } from '../i18n/format.ts';
import type { Translate } from '../i18n/i18n.ts';
import { escapeHtml, Html } from './html.ts';

/** What every page renderer needs: its language, translations bound to it, and the campaign. */
export interface PageContext {
  locale: Locale;
  /** The BCP 47 tag for `lang` attributes and `Intl`. */
  tag: string;
  campaign: Campaign;
  /** A translation; keys without a namespace are in `web`. */
  tr(key: string, params?: Record<string, unknown>): string;
  /**
   * A translation with markup in some of its values (a `<time>`, a link):
   * the sentence is escaped and the marked values are put in afterwards, so
   * word order stays the translator's.
   *
   * @example page.trHtml('countdown.open', { count: 3, days: '3' }, { date: html`<time …>…</time>` })
   */
  trHtml(key: string, params: Record<string, unknown>, markup: Record<string, Html>): Html;
}

export function pageContext(t: Translate, campaign: Campaign, locale: Locale): PageContext {
  const tr = (key: string, params?: Record<string, unknown>) => t(locale, key.includes(':') ? key : `web:${key}`, params);
  return {
    locale,
    tag: localeTag(locale),
    campaign,
    tr,
    trHtml(key, params, markup) {
      // Control characters never occur in translations, so they can stand in for the markup.
      const slots = Object.keys(markup);
      const text = tr(key, { ...params, ...Object.fromEntries(slots.map((name, i) => [name, `\u0001${i}\u0001`])) });
      return new Html(escapeHtml(text).replace(/\u0001(\d+)\u0001/g, (_, i: string) => markup[slots[Number(i)]!]!.value));
    },
  };
}

/**
 * The reader's own name for a language, e.g. 한국어 for ko, from `Intl` so new
 * languages need no entry. Named by its full tag, so the two Chinese scripts
 * read 简体中文 and 繁體中文 rather than 中文 twice.
 */
export function languageAutonym(locale: Locale): string {
  const tag = localeTag(locale);
  const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? locale;
  return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
}
