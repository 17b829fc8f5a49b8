/**
 * The campaign's headline figures (signatures, nations, goal) as the page,
 * /live and the embedded counter show them, and as the live feed sends them:
 * formatted on the server, so the browser script only swaps texts.
 */
import type { Locale } from '../core/index.ts';
import type { PetitionSummary } from '../core/index.ts';
import { formatNumber, formatPercent } from '../i18n/format.ts';
import { html, type Html } from './html.ts';
import type { PageContext } from './page-context.ts';

/** What a live update carries for one language. */
export interface LiveFigures {
  total: number;
  nations: number;
  goal: number;
  text: {
    total: string;
    nations: string;
    /** e.g. "12.3% of 10,000". */
    progress: string;
    /** e.g. "12.3%". */
    percent: string;
  };
}

export function liveFigures(page: PageContext, stats: PetitionSummary): LiveFigures {
  const locale: Locale = page.locale;
  const percent = formatPercent(locale, stats.progress);
  return {
    total: stats.total,
    nations: stats.nations,
    goal: stats.goal,
    text: {
      total: formatNumber(locale, stats.total),
      nations: formatNumber(locale, stats.nations),
      progress: page.tr('figures.goal-progress', { progress: percent, goal: formatNumber(locale, stats.goal) }),
      percent,
    },
  };
}

/** "28 nations" / "28개국" / "28个国家和地区". */
export function nationsText(page: PageContext, nations: number): string {
  return page.tr('figures.nations-count', { count: nations, n: formatNumber(page.locale, nations) });
}

/**
 * The figures as a description list with a progress bar; `data-live` marks
 * what live.js updates. `withTotal: false` where the total is already shown large.
 */
export function figuresBlock(page: PageContext, figures: LiveFigures, options: { withTotal: boolean } = { withTotal: true }): Html {
  const goal = formatNumber(page.locale, figures.goal);
  return html`<dl class="figures">
${options.withTotal ? html`<div><dt>${page.tr('figures.signatures')}</dt><dd data-live="total">${figures.text.total}</dd></div>` : ''}
<div><dt>${page.tr('figures.nations')}</dt><dd data-live="nations">${figures.text.nations}</dd></div>
<div class="goal"><dt>${page.tr('figures.goal')}</dt><dd data-live="progress">${figures.text.progress}</dd></div>
</dl>
<progress data-live-progress max="${figures.goal}" value="${Math.min(figures.total, figures.goal)}" aria-label="${page.tr('figures.progress-label', { goal })}">${figures.text.percent}</progress>`;
}
