import type { Locale } from '../../core/index.ts';
import { localeTag } from '../../i18n/format.ts';
import { WEB_LOCALES } from '../negotiate-locale.ts';
import { html, type Html } from '../html.ts';
import { languageAutonym, type PageContext } from '../page-context.ts';

export const STYLESHEET = '/assets/site.css';
export const LIVE_SCRIPT = '/assets/live.js';

export interface LayoutOptions {
  title: string;
  description?: string;
  /** The same page in another language (for the switcher and hreflang links). */
  pathIn: (locale: Locale) => string;
  /** Absolute base address from configuration, or null (links stay relative). */
  publicUrl: string | null;
  /** Extra `<head>` tags (Open Graph, Twitter card). */
  head?: Html;
  main: Html;
  /** Which nav entry is the current page. */
  current?: 'petition' | 'list' | 'privacy';
  /** An event stream for live.js; the script is left out when absent. */
  liveSource?: string;
  /** `live` and `embed` pages have no site header and footer. */
  bare?: 'live' | 'embed';
}

/** The HTML document every page shares: language, header with the switcher, footer. */
export function layout(page: PageContext, o: LayoutOptions): string {
  const { locale, tr, campaign } = page;
  const base = o.publicUrl ?? '';
  const alternates = WEB_LOCALES.map((l) => html`<link rel="alternate" hreflang="${localeTag(l)}" href="${base}${o.pathIn(l)}">`);
  const nav = (key: 'petition' | 'list' | 'privacy', href: string) =>
    html`<li><a href="${href}"${o.current === key ? html` aria-current="page"` : ''}>${tr(`nav.${key}`)}</a></li>`;
  const languages = WEB_LOCALES.map((l) =>
    l === locale
      ? html`<li><a href="${o.pathIn(l)}" lang="${localeTag(l)}" aria-current="true">${languageAutonym(l)}</a></li>`
      : html`<li><a href="${o.pathIn(l)}" lang="${localeTag(l)}" hreflang="${localeTag(l)}">${languageAutonym(l)}</a></li>`,
  );
  const header = html`<a class="skip" href="#main">${tr('nav.skip')}</a>
<header class="site"><div class="wrap">
<a class="brand" href="/${locale}">${campaign.title[locale]}</a>
<nav aria-label="${tr('nav.petition')}"><ul>${nav('petition', `/${locale}`)}${nav('list', `/${locale}/list`)}${nav('privacy', `/${locale}/privacy`)}</ul></nav>
<nav aria-label="${tr('nav.languages')}"><ul>${languages}</ul></nav>
</div></header>`;
  const footer = html`<footer class="site"><div class="wrap">
<p>${tr('footer.organizer', { organizer: campaign.organizer })} ${tr('footer.no-cookies')}</p>
<ul><li><a href="/${locale}/privacy">${tr('footer.privacy')}</a></li><li><a href="/api/stats.json">${tr('footer.open-data')}</a></li><li><a href="/live?lang=${locale}">${tr('footer.live')}</a></li></ul>
</div></footer>`;
  const document = html`<!doctype html>
<html lang="${page.tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
<link rel="stylesheet" href="${STYLESHEET}">
${o.bare ? '' : alternates}
${o.head ?? ''}
${o.liveSource ? html`<script src="${LIVE_SCRIPT}" defer></script>` : ''}
</head>
<body${o.bare ? html` class="${o.bare}"` : ''}${o.liveSource ? html` data-live-source="${o.liveSource}"` : ''}>
${o.bare ? '' : header}
<main id="main"${o.bare ? '' : html` class="wrap"`}>
${o.main}
</main>
${o.bare ? '' : footer}
</body>
</html>
`;
  return document.value;
}
