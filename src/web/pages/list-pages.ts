/** THE LIST on the web: `/<lang>/list` (pages, kind, search) and `/<lang>/list/<number>` (one case). */
import type { CasePage } from '../../core/index.ts';
import { CASE_KINDS } from '../../core/index.ts';
import { LOCALES, localized, type Locale } from '../../core/index.ts';
import type { Case } from '../../core/index.ts';
import { formatPartialDate } from '../../i18n/format.ts';
import { html, type Html } from '../html.ts';
import { languageAutonym, type PageContext } from '../page-context.ts';
import { layout } from './layout.ts';

export interface ListQuery {
  page: number;
  kind: Case['kind'] | null;
  search: string | null;
}

/** The address of a list page with its filters, in a language. */
export function listHref(locale: Locale, query: Partial<ListQuery>): string {
  const params = new URLSearchParams();
  if (query.search) params.set('q', query.search);
  if (query.kind) params.set('kind', query.kind);
  if (query.page && query.page > 1) params.set('page', String(query.page));
  const qs = params.toString();
  return `/${locale}/list${qs ? `?${qs}` : ''}`;
}

function caseName(page: PageContext, c: Case): string {
  return c.name ?? page.tr('list.name-withheld');
}

function caseMeta(page: PageContext, c: Case): string {
  return [page.tr(`list.kind.${c.kind}`), c.date ? formatPartialDate(page.locale, c.date) : null, c.place].filter(Boolean).join(' · ');
}

function sampleTag(page: PageContext, c: Case): Html {
  return c.isSample ? html` <span class="tag">${page.tr('list.sample-tag')}</span>` : html``;
}

export function listPage(page: PageContext, result: CasePage, publicUrl: string | null): string {
  const { locale, tr } = page;
  const query: ListQuery = { page: result.page, kind: result.kind, search: result.search };
  const kinds = [null, ...CASE_KINDS].map(
    (kind) => html`<option value="${kind ?? ''}"${kind === result.kind ? html` selected` : ''}>${tr(`list.kind.${kind ?? 'all'}`)}</option>`,
  );
  const items = result.cases.map(
    (c) => html`<li><h2><a href="/${locale}/list/${c.number}">${tr('list.case-title', { number: c.number, name: caseName(page, c) })}</a>${sampleTag(page, c)}</h2>
<p class="meta">${caseMeta(page, c)}</p>
<p>${localized(c.summary, locale)}</p></li>`,
  );
  const status =
    result.total === 0
      ? result.search
        ? tr('list.no-match', { search: result.search })
        : tr('list.empty')
      : tr('list.results', { count: result.total, total: result.total, page: result.page, pages: result.pages });
  const pager = html`<nav class="pager" aria-label="${tr('list.pages')}">
${result.page > 1 ? html`<a rel="prev" href="${listHref(locale, { ...query, page: result.page - 1 })}">${tr('list.previous')}</a>` : ''}
${result.page < result.pages ? html`<a rel="next" href="${listHref(locale, { ...query, page: result.page + 1 })}">${tr('list.next')}</a>` : ''}
</nav>`;
  const main = html`<h1>${tr('list.title')}</h1>
<p class="lead">${tr('list.intro')}</p>
<form class="inline" action="/${locale}/list" method="get" role="search">
<label>${tr('list.search-label')}<input type="search" name="q" maxlength="100" value="${result.search ?? ''}"></label>
<label>${tr('list.kind-label')}<select name="kind">${kinds}</select></label>
<button class="button" type="submit">${tr('list.search-button')}</button>
</form>
<p role="status">${status}</p>
<ul class="cases">${items}</ul>
${pager}`;
  return layout(page, {
    title: `${tr('list.title')}${result.page > 1 ? ` (${result.page}/${result.pages})` : ''}`,
    description: tr('list.intro'),
    pathIn: (l) => listHref(l, query),
    publicUrl,
    main,
    current: 'list',
  });
}

export function casePage(page: PageContext, c: Case, publicUrl: string | null): string {
  const { locale, tr } = page;
  const story = c.story[locale];
  const elsewhere = LOCALES.filter((l) => l !== locale && c.story[l]);
  const facts = [
    [tr('list.kind-label'), tr(`list.kind.${c.kind}`)],
    c.date ? [tr('list.date'), formatPartialDate(locale, c.date)] : null,
    c.place ? [tr('list.place'), c.place] : null,
  ].filter((f): f is [string, string] => f !== null);
  const source = c.source
    ? /^https?:\/\/\S+$/.test(c.source)
      ? html`<a href="${c.source}" rel="nofollow noopener">${c.source}</a>`
      : html`${c.source}`
    : null;
  const main = html`<p><a href="/${locale}/list">${tr('list.back')}</a></p>
<h1>${tr('list.case-title', { number: c.number, name: caseName(page, c) })}${sampleTag(page, c)}</h1>
${c.isSample ? html`<p class="safety">${tr('list.sample-note')}</p>` : ''}
<dl class="case-facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<p class="lead">${localized(c.summary, locale)}</p>
${story ? html`<h2>${tr('list.story')}</h2>${story.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}` : ''}
${!story && elsewhere.length > 0
    ? html`<p>${tr('list.story-elsewhere')} ${elsewhere.map((l, i) => html`${i > 0 ? ', ' : ''}<a href="/${l}/list/${c.number}" lang="${l}" hreflang="${l}">${languageAutonym(l)}</a>`)}</p>`
    : ''}
${source ? html`<p class="meta">${tr('list.source')}: ${source}</p>` : ''}`;
  return layout(page, {
    title: tr('list.case-title', { number: c.number, name: caseName(page, c) }),
    description: localized(c.summary, locale),
    pathIn: (l) => `/${l}/list/${c.number}`,
    publicUrl,
    main,
    current: 'list',
  });
}
