/** The smaller pages: privacy notice, /live, the embedded counter, receipts and errors. */
import type { Locale } from '../../core/index.ts';
import type { PetitionSummary } from '../../core/index.ts';
import { formatNumber } from '../../i18n/format.ts';
import type { PrivacyNotice } from '../../privacy/privacy-notice.ts';
import { figuresBlock, liveFigures } from '../figures-view.ts';
import { html, type Html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { layout } from './layout.ts';

export function privacyPage(page: PageContext, notice: PrivacyNotice, publicUrl: string | null): string {
  const main = html`<h1>${notice.title}</h1>
<p class="lead">${notice.intro}</p>
${notice.sections.map(
  (s) => html`<section aria-labelledby="privacy-${s.id}"><h2 id="privacy-${s.id}">${s.heading}</h2>${s.paragraphs.map((p) => html`<p>${p}</p>`)}</section>`,
)}`;
  return layout(page, { title: notice.title, description: notice.intro, pathIn: (l) => `/${l}/privacy`, publicUrl, main, current: 'privacy' });
}

/** A full-screen counter for a screen at an embassy gate: big figures, the countdown, a code to scan. */
export function livePage(page: PageContext, view: { stats: PetitionSummary; countdown: Html; signQr: Html | null }): string {
  const { locale, tr, campaign } = page;
  const live = liveFigures(page, view.stats);
  const main = html`<h1>${campaign.title[locale]}</h1>
<p class="big" data-live="total" aria-live="polite">${live.text.total}</p>
<p class="label">${tr('figures.signatures')}</p>
${figuresBlock(page, live, { withTotal: false })}
<p class="sub">${view.countdown}</p>
${view.signQr ? html`<p class="sub">${tr('live.scan')}</p>${view.signQr}` : ''}`;
  return layout(page, {
    title: `${tr('live.title')} · ${campaign.title[locale]}`,
    pathIn: (l) => `/live?lang=${l}`,
    publicUrl: null,
    main,
    liveSource: `/api/live?lang=${locale}`,
    bare: 'live',
  });
}

/** The counter other sites put in an iframe: the total, nations, the goal and a link to sign. */
export function embedCounterPage(page: PageContext, stats: PetitionSummary, homeHref: string): string {
  const { tr, campaign, locale } = page;
  const live = liveFigures(page, stats);
  const main = html`<p><strong>${campaign.title[locale]}</strong></p>
<p class="big" data-live="total">${live.text.total}</p>
<p>${tr('figures.signatures')} · ${tr('figures.nations')}: <span data-live="nations">${live.text.nations}</span></p>
<progress data-live-progress max="${live.goal}" value="${Math.min(live.total, live.goal)}" aria-label="${tr('figures.progress-label', { goal: formatNumber(locale, live.goal) })}">${live.text.percent}</progress>
<p><a href="${homeHref}" target="_blank" rel="noopener">${tr('embed.sign')}</a></p>`;
  return layout(page, {
    title: tr('embed.frame-title'),
    pathIn: (l: Locale) => `/embed/counter?lang=${l}`,
    publicUrl: null,
    main,
    liveSource: `/api/live?lang=${locale}`,
    bare: 'embed',
  });
}

/** A page that only says something: errors, receipts not available yet, a bad receipt code. */
export function messagePage(page: PageContext, o: { title: string; message: string; pathIn: (l: Locale) => string; extra?: Html }): string {
  const main = html`<h1>${o.title}</h1>
<p>${o.message}</p>
${o.extra ?? ''}
<p><a href="/${page.locale}">${page.tr('error.home')}</a></p>`;
  return layout(page, { title: o.title, pathIn: o.pathIn, publicUrl: null, main });
}
