/** `/` and `/<lang>`: the campaign page. */
import { countryName } from '../../core/index.ts';
import type { Countdown } from '../../core/index.ts';
import type { PetitionStats } from '../../core/index.ts';
import { videoEmbedLink } from '../../core/index.ts';
import { formatDateTime, formatIsoDate, formatDate, formatNumber, timeZoneName } from '../../i18n/format.ts';
import { figuresBlock, liveFigures, nationsText } from '../figures-view.ts';
import { html, type Html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import type { PublicCountryFigure, PublicCount } from '../public-figures.ts';
import { SHARE_IMAGE_HEIGHT, SHARE_IMAGE_WIDTH } from '../share-image.ts';
import type { EmbassyDelivery } from '../web-inputs.ts';
import { MAP_SHADES, worldMapSvg } from '../world-map.ts';
import { layout } from './layout.ts';

export interface SignLink {
  url: string;
  qr: Html;
}

export interface HomeView {
  stats: PetitionStats;
  /** Per-country figures as they may be published (public-figures.ts). */
  figures: readonly PublicCountryFigure[];
  countdown: Countdown;
  deliveries: readonly EmbassyDelivery[];
  telegram: SignLink | null;
  discord: SignLink | null;
  receiptsAvailable: boolean;
  publicUrl: string | null;
}

export function homePage(page: PageContext, view: HomeView): string {
  const { locale, tr, campaign } = page;
  const live = liveFigures(page, view.stats);
  const base = view.publicUrl ?? '';
  const summary = tr('meta.summary', { count: view.stats.total, total: live.text.total, nations: nationsText(page, view.stats.nations) });
  const description = tr('meta.description', { addressee: campaign.addressee[locale], summary });
  const image = `${base}/share/${locale}.png`;
  const head = html`<link rel="canonical" href="${base}/${locale}">
<meta property="og:type" content="website">
<meta property="og:title" content="${campaign.title[locale]}">
<meta property="og:description" content="${description}">
${view.publicUrl ? html`<meta property="og:url" content="${base}/${locale}">` : ''}
<meta property="og:image" content="${image}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="${SHARE_IMAGE_WIDTH}">
<meta property="og:image:height" content="${SHARE_IMAGE_HEIGHT}">
<meta property="og:image:alt" content="${tr('meta.share-image-alt', { total: live.text.total, nations: nationsText(page, view.stats.nations) })}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${campaign.title[locale]}">
<meta name="twitter:description" content="${description}">
<meta name="twitter:image" content="${image}">`;

  const main = html`<h1>${campaign.title[locale]}</h1>
<p class="addressee">${tr('petition.to', { addressee: campaign.addressee[locale] })}</p>
<section aria-labelledby="figures-heading">
<h2 id="figures-heading">${tr('figures.heading')}</h2>
${figuresBlock(page, live)}
<p class="countdown">${countdownText(page, view.countdown, view.stats)}</p>
</section>
${view.countdown.phase === 'closed' && view.deliveries.length > 0 ? deliverySection(page, view.deliveries) : ''}
${view.countdown.phase === 'closed' ? '' : signSection(page, view)}
<section aria-labelledby="petition-heading">
<h2 id="petition-heading">${tr('petition.heading')}</h2>
<div class="petition-text">${campaign.petition[locale].split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}</div>
<p class="note">${campaign.deliveryNote[locale]}</p>
</section>
${videoSection(page)}
${mapSection(page, view.figures)}
<section aria-labelledby="list-heading">
<h2 id="list-heading">${tr('list.heading')}</h2>
<p>${tr('list.intro')}</p>
<form class="inline" action="/${locale}/list" method="get" role="search">
<label>${tr('list.search-label')}<input type="search" name="q" maxlength="100"></label>
<button class="button" type="submit">${tr('list.search-button')}</button>
</form>
<p><a href="/${locale}/list">${tr('list.browse')}</a></p>
</section>
${receiptSection(page, view.receiptsAvailable)}
${shareSection(page, view, live.text.total)}
<section aria-labelledby="embed-heading">
<h2 id="embed-heading">${tr('embed.heading')}</h2>
<p>${tr('embed.text')}</p>
<pre class="snippet"><code>${`<iframe src="${base}/embed/counter?lang=${locale}" title="${tr('embed.frame-title')}" width="320" height="180" style="border:0"></iframe>`}</code></pre>
</section>`;

  return layout(page, {
    title: `${campaign.title[locale]} · ${live.text.total}`,
    description,
    pathIn: (l) => `/${l}`,
    publicUrl: view.publicUrl,
    head,
    main,
    current: 'petition',
    liveSource: `/api/live?lang=${locale}`,
  });
}

/** The countdown sentence; the deadline is named with its zone, since readers are everywhere. */
export function countdownText(page: PageContext, state: Countdown, stats: PetitionStats): Html {
  const { locale, campaign } = page;
  const zone = timeZoneName(locale, campaign.timeZone, state.phase === 'not-open' ? state.opensAt : state.closesAt);
  const time = (at: Date, text: string) => html`<time datetime="${at.toISOString()}">${text}</time>`;
  switch (state.phase) {
    case 'not-open':
      return page.trHtml('countdown.not-open', { zone }, { date: time(state.opensAt, formatDate(locale, state.opensAt, campaign.timeZone)) });
    case 'open':
      return page.trHtml(
        'countdown.open',
        { count: state.daysLeft, days: formatNumber(locale, state.daysLeft), zone },
        { date: time(state.closesAt, formatIsoDate(locale, state.lastDay)) },
      );
    case 'last-day':
      return page.trHtml(
        'countdown.last-day',
        { count: state.hoursLeft, hours: formatNumber(locale, state.hoursLeft), zone },
        { date: time(state.closesAt, formatIsoDate(locale, state.lastDay)) },
      );
    case 'closed':
      return page.trHtml(
        'countdown.closed',
        { count: stats.total, total: formatNumber(locale, stats.total), nations: nationsText(page, stats.nations) },
        { date: time(state.closesAt, formatIsoDate(locale, state.lastDay)) },
      );
  }
}

function deliverySection(page: PageContext, deliveries: readonly EmbassyDelivery[]): Html {
  const { locale, tr, campaign } = page;
  const rows = [...deliveries]
    .sort((a, b) => countryName(a.country, locale).localeCompare(countryName(b.country, locale), page.tag))
    .map(
      (d) =>
        html`<tr><td>${countryName(d.country, locale)}</td><td>${tr(`delivery.state.${d.state}`)}</td><td>${d.recordedAt ? formatDateTime(locale, d.recordedAt, campaign.timeZone) : '—'}</td></tr>`,
    );
  return html`<section aria-labelledby="delivery-heading">
<h2 id="delivery-heading">${tr('delivery.heading')}</h2>
<p>${tr('delivery.intro')}</p>
<div class="table-scroll"><table><thead><tr><th scope="col">${tr('delivery.country')}</th><th scope="col">${tr('delivery.status')}</th><th scope="col">${tr('delivery.recorded')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>
</section>`;
}

function signSection(page: PageContext, view: HomeView): Html {
  const { tr } = page;
  const platform = (link: SignLink, label: string) =>
    html`<div class="platform"><a class="button" href="${link.url}">${label}</a><p class="note">${tr('sign.scan')}</p>${link.qr}</div>`;
  const links = [view.telegram && platform(view.telegram, tr('sign.telegram')), view.discord && platform(view.discord, tr('sign.discord'))].filter(Boolean);
  return html`<section aria-labelledby="sign-heading">
<h2 id="sign-heading">${tr('sign.heading')}</h2>
<p>${tr('sign.how')}</p>
<p class="safety">${tr('sign.safety')}</p>
${links.length > 0 ? html`<div class="sign">${links}</div>` : html`<p>${tr('sign.none')}</p>`}
</section>`;
}

/**
 * The share card (the same PNG as og:image, with the live count) and the page
 * link: neither carries a code, so both are safe anywhere; personal links
 * are in the bots' /share, with their warning.
 */
function shareSection(page: PageContext, view: HomeView, total: string): Html {
  const { locale, tr } = page;
  // Same origin as the page (the CSP allows images from 'self' only), whatever PUBLIC_URL says.
  const image = `/share/${locale}.png`;
  const pageLink = `${view.publicUrl ?? ''}/${locale}`;
  return html`<section aria-labelledby="share-heading" class="share">
<h2 id="share-heading">${tr('share.heading')}</h2>
<p>${tr('share.text')}</p>
<figure><img src="${image}" alt="${tr('share.image-alt', { total, nations: nationsText(page, view.stats.nations) })}" width="${SHARE_IMAGE_WIDTH / 2}" height="${SHARE_IMAGE_HEIGHT / 2}" loading="lazy"></figure>
<p><a class="button" href="${image}" download="petition-${locale}.png">${tr('share.download')}</a> <a href="${pageLink}">${tr('share.page-link')}</a></p>
${view.telegram ? html`<p class="safety">${tr('share.bots')}</p>` : ''}
</section>`;
}

function videoSection(page: PageContext): Html {
  const { locale, tr, campaign } = page;
  const src = videoEmbedLink(campaign.video, locale);
  if (!src) return html``;
  return html`<section aria-labelledby="video-heading">
<h2 id="video-heading">${tr('video.heading')}</h2>
<p>${tr('video.text')}</p>
<div class="video"><iframe src="${src}" title="${tr('video.frame-title')}" loading="lazy" allow="encrypted-media; picture-in-picture; fullscreen" referrerpolicy="strict-origin-when-cross-origin"></iframe></div>
<p class="note">${tr('video.privacy')}</p>
</section>`;
}

/** "12" or "fewer than 5": every per-country number on the page is written by this. */
export function countText(page: PageContext, count: PublicCount): string {
  const n = formatNumber(page.locale, count.n);
  return count.kind === 'exact' ? n : page.tr('figures.fewer-than', { n });
}

function mapSection(page: PageContext, figures: readonly PublicCountryFigure[]): Html {
  const { locale, tr } = page;
  const map = worldMapSvg(figures, {
    title: tr('map.title'),
    description: tr('map.description'),
    countryTitle: (f) => tr('map.country-title', { country: countryName(f.country, locale), count: countText(page, f.count) }),
  });
  const rows = figures.map((f) => html`<tr><th scope="row">${countryName(f.country, locale)}</th><td class="n">${countText(page, f.count)}</td></tr>`);
  const legend = html`<ul class="legend" aria-hidden="true"><li>${tr('map.legend-fewer')}</li>${MAP_SHADES.map(
    (shade) => html`<li class="swatch"><svg width="22" height="12" focusable="false"><rect width="22" height="12" fill="${shade}"/></svg></li>`,
  )}<li>${tr('map.legend-more')}</li></ul>`;
  return html`<section aria-labelledby="map-heading">
<h2 id="map-heading">${tr('map.heading')}</h2>
<div class="map-block">
<figure>${map}${legend}</figure>
${figures.length > 0
    ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="country-table-caption"><table><caption id="country-table-caption">${tr('map.table-caption')}</caption><thead><tr><th scope="col">${tr('map.country')}</th><th scope="col" class="n">${tr('map.signatures')}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p>${tr('map.none')}</p>`}
</div>
</section>`;
}

/** The receipt check: a plain GET form, so it works without script. */
export function receiptForm(page: PageContext): Html {
  const { locale, tr } = page;
  return html`<form class="inline" action="/${locale}/receipt" method="get"><label>${tr('receipt.label')}<input type="text" name="code" maxlength="128" autocomplete="off" spellcheck="false" required></label><button class="button" type="submit">${tr('receipt.button')}</button></form>`;
}

function receiptSection(page: PageContext, available: boolean): Html {
  const { tr } = page;
  return html`<section aria-labelledby="receipt-heading">
<h2 id="receipt-heading">${tr('receipt.heading')}</h2>
<p>${tr('receipt.text')}</p>
${available ? receiptForm(page) : html`<p class="note">${tr('receipt.unavailable')}</p>`}
</section>`;
}
