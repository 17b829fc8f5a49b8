/**
 * The public campaign page on the shared HTTP server: `/` and `/<lang>`,
 * THE LIST, the privacy notice, `/live`, `/embed/counter`, the live feed, the
 * share image and the static files. Everything comes from the core's
 * services (petition, list, campaign) and the translator; never from storage.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CampaignCore } from '../core/index.ts';
import type { Countdown } from '../core/index.ts';
import { DomainError } from '../core/index.ts';
import { isCaseKind } from '../core/index.ts';
import type { Locale } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import { formatIsoDate, formatNumber } from '../i18n/format.ts';
import { lastDayOf } from '../core/index.ts';
import { privacyNotice } from '../privacy/privacy-notice.ts';
import type { Route } from '../server/http-server.ts';
import { liveFigures, nationsText } from './figures-view.ts';
import { createLiveStream } from './live-stream.ts';
import { localeParam, negotiateLocale, WEB_LOCALES } from './negotiate-locale.ts';
import { pageContext, type PageContext } from './page-context.ts';
import { countdownText, homePage, receiptForm, type SignLink } from './pages/home-page.ts';
import { casePage, listPage } from './pages/list-pages.ts';
import { embedCounterPage, livePage, messagePage, privacyPage } from './pages/other-pages.ts';
import { disclosureOf, publicCountryFigures, type DisclosurePolicy } from './public-figures.ts';
import { qrCodeSvg } from './qr-code.ts';
import { allowRead, dated, prepared, send, type Prepared } from './respond.ts';
import { createShareImageCache, type ShareImageCache, type ShareImageText } from './share-image.ts';
import type { StatsFeed, StatsSnapshot } from './stats-feed.ts';
import { NO_DELIVERY_STATUS, RECEIPT_CODE, RECEIPTS_NOT_AVAILABLE, type DeliveryStatusSource, type EmbassyDelivery, type ReceiptsAvailability } from './web-inputs.ts';
import { prepareWorldMap } from './world-map.ts';

/** The web part of the configuration (config.web). */
export interface WebSettings {
  publicUrl: string | null;
  telegramBotUsername: string | null;
  discordInviteUrl: string | null;
  referral: string;
  frameAncestors: string;
}

export interface WebOptions {
  core: Pick<CampaignCore, 'campaign' | 'petition' | 'list' | 't'>;
  clock: Clock;
  settings: WebSettings;
  /** The shared figures, also behind /api/stats.json, so both always agree. */
  feed: StatsFeed;
  /** Seam for per-embassy delivery status (empty until it is recorded somewhere). */
  deliveryStatus?: DeliveryStatusSource;
  /** Seam for "is GET /api/receipts/<code> served" (false until it is). */
  receiptsAvailable?: ReceiptsAvailability;
  /** What may be published per country; the campaign's at-risk policy by default. */
  disclosure?: DisclosurePolicy;
  shareImages?: ShareImageCache;
  maxLiveClients?: number;
  /** A monotonic millisecond counter for cache ages; default `performance.now`. */
  elapsed?: () => number;
  onError?: (error: unknown) => void;
}

export interface Web {
  routes: Route[];
  /** Ends live connections and stops polling, so the HTTP server can close. */
  close(): void;
}

const PAGE_CACHE = 'public, max-age=10';
const NONE: readonly EmbassyDelivery[] = [];
const ASSET_CACHE = 'public, max-age=3600';
const ASSETS: Record<string, string> = { 'site.css': 'text/css; charset=utf-8', 'live.js': 'text/javascript; charset=utf-8' };

export function createWeb(options: WebOptions): Web {
  const { core, clock, settings, feed } = options;
  const { campaign } = core;
  const onError = options.onError ?? (() => {});
  const disclosure = options.disclosure ?? disclosureOf(campaign);
  const deliveryStatus = options.deliveryStatus ?? NO_DELIVERY_STATUS;
  const receiptsAvailable = options.receiptsAvailable ?? RECEIPTS_NOT_AVAILABLE;
  const shareImages = options.shareImages ?? createShareImageCache();
  const elapsed = options.elapsed ?? (() => performance.now());
  const pages = new Map(WEB_LOCALES.map((l) => [l, pageContext(core.t, campaign, l)]));
  const pageOf = (locale: Locale) => pages.get(locale)!;
  const assets = new Map(Object.keys(ASSETS).map((name) => [name, prepared(readFileSync(new URL(`./assets/${name}`, import.meta.url)))]));
  const privacy = new Map<Locale, Rendered>();
  const home = new Map<
    Locale,
    Rendered & { key: string; snapshot: StatsSnapshot; countdown: Countdown; recorded: readonly EmbassyDelivery[]; receipts: boolean }
  >();
  const embeds = new Map<Locale, Rendered & { version: string }>();
  let countdownAt: { second: number; value: Countdown } | null = null;
  let deliveries: { at: number; value: Promise<readonly EmbassyDelivery[]> } | null = null;
  prepareWorldMap();

  const telegramUrl = settings.telegramBotUsername ? `https://t.me/${settings.telegramBotUsername}?start=${settings.referral}` : null;
  const signLink = async (url: string | null): Promise<SignLink | null> => (url ? { url, qr: await qrCodeSvg(url) } : null);
  // Drawn once; awaited before the page cache is consulted, so that a render, once
  // begun, runs to the end without yielding and concurrent requests share it.
  const signLinks = Promise.all([signLink(telegramUrl), signLink(settings.discordInviteUrl)]);

  const live = createLiveStream({
    feed,
    clock,
    maxClients: options.maxLiveClients,
    onError,
    payload: (locale, snapshot) => JSON.stringify(liveFigures(pageOf(locale), snapshot.stats)),
  });

  /** Delivery status is read at most every two seconds, and only once the petition has closed. */
  const recordedDeliveries = (): Promise<readonly EmbassyDelivery[]> => {
    if (!deliveries || elapsed() - deliveries.at > 2000) deliveries = { at: elapsed(), value: deliveryStatus().catch((e: unknown) => (onError(e), [])) };
    return deliveries.value;
  };

  /** The countdown changes by the hour at most; working it out once a second spares luxon on every request. */
  const countdownNow = (): Countdown => {
    const now = clock();
    const second = Math.floor(now.getTime() / 1000);
    if (countdownAt?.second !== second) countdownAt = { second, value: core.petition.countdown(now) };
    return countdownAt.value;
  };

  const htmlPage = (req: IncomingMessage, res: ServerResponse, page: string | Rendered, extra: { status?: number; vary?: string; locale?: Locale } = {}) =>
    send(req, res, clock, {
      status: extra.status,
      contentType: 'text/html; charset=utf-8',
      ...(typeof page === 'string' ? { body: page } : page),
      cacheControl: extra.status && extra.status !== 200 ? 'no-store' : PAGE_CACHE,
      vary: extra.vary,
      headers: extra.locale ? { 'content-language': pageOf(extra.locale).tag } : undefined,
    });

  const notFound = (req: IncomingMessage, res: ServerResponse, locale: Locale, message?: string) => {
    const page = pageOf(locale);
    htmlPage(req, res, messagePage(page, { title: page.tr('error.not-found-title'), message: message ?? page.tr('error.not-found'), pathIn: (l) => `/${l}` }), {
      status: 404,
      locale,
    });
  };

  const unavailable = (req: IncomingMessage, res: ServerResponse, locale: Locale, error: unknown) => {
    onError(error);
    const page = pageOf(locale);
    htmlPage(req, res, messagePage(page, { title: page.tr('error.unavailable-title'), message: page.tr('error.unavailable'), pathIn: (l) => `/${l}` }), {
      status: 503,
      locale,
    });
  };

  /** The campaign page, rendered once per language and change (figures, countdown, deliveries). */
  const homeBody = async (locale: Locale): Promise<Rendered> => {
    const snapshot = await feed.current();
    const countdown = countdownNow();
    const recorded = countdown.phase === 'closed' ? await recordedDeliveries() : NONE;
    const receipts = receiptsAvailable();
    const [telegram, discord] = await signLinks;
    const cached = home.get(locale);
    // Usually the very same objects as last time; comparing them spares building the key.
    if (cached && cached.snapshot === snapshot && cached.countdown === countdown && cached.recorded === recorded && cached.receipts === receipts) return cached;
    const key = JSON.stringify([snapshot.version, countdown, recorded, receipts]);
    if (cached?.key === key) {
      Object.assign(cached, { snapshot, countdown, recorded, receipts });
      return cached;
    }
    const body = homePage(pageOf(locale), {
      stats: snapshot.stats,
      figures: publicCountryFigures(snapshot.stats.byCountry, disclosure),
      countdown,
      deliveries: recorded,
      telegram,
      discord,
      receiptsAvailable: receipts,
      publicUrl: settings.publicUrl,
    });
    const rendered = { key, snapshot, countdown, recorded, receipts, ...renderedPage(body) };
    home.set(locale, rendered);
    return rendered;
  };

  /**
   * The page as last rendered when nothing it shows can have changed (fresh
   * figures, the same countdown, still open), without waiting: a busy page is
   * nearly always this, and it is sent without a promise or an await.
   */
  const unchangedHome = (locale: Locale): Rendered | null => {
    const cached = home.get(locale);
    if (!cached || cached.snapshot !== feed.fresh()) return null;
    const countdown = countdownNow();
    return countdown.phase !== 'closed' && cached.countdown === countdown && cached.receipts === receiptsAvailable() ? cached : null;
  };

  const serveHome = async (req: IncomingMessage, res: ServerResponse, locale: Locale, negotiated: boolean) => {
    let body: Rendered;
    try {
      body = unchangedHome(locale) ?? (await homeBody(locale));
    } catch (error) {
      unavailable(req, res, locale, error);
      return;
    }
    htmlPage(req, res, body, { locale, vary: negotiated ? 'accept-language' : undefined });
  };

  const servePrivacy = (req: IncomingMessage, res: ServerResponse, locale: Locale, negotiated: boolean) => {
    let body = privacy.get(locale);
    if (!body) privacy.set(locale, (body = renderedPage(privacyPage(pageOf(locale), privacyNotice(core.t, campaign, locale), settings.publicUrl))));
    htmlPage(req, res, body, { locale, vary: negotiated ? 'accept-language' : undefined });
  };

  const serveList = async (req: IncomingMessage, res: ServerResponse, locale: Locale, query: URLSearchParams) => {
    const kind = query.get('kind');
    const page = query.get('page');
    try {
      const result = await core.list.page({
        page: page && /^\d{1,6}$/.test(page) ? Number(page) : 1,
        kind: kind && isCaseKind(kind) ? kind : null,
        search: cleanSearch(query.get('q')),
      });
      htmlPage(req, res, listPage(pageOf(locale), result, settings.publicUrl), { locale });
    } catch (error) {
      unavailable(req, res, locale, error);
    }
  };

  const serveCase = async (req: IncomingMessage, res: ServerResponse, locale: Locale, number: string) => {
    const page = pageOf(locale);
    try {
      const found = await core.list.get(Number(number));
      htmlPage(req, res, casePage(page, found, settings.publicUrl), { locale });
    } catch (error) {
      if (error instanceof DomainError) notFound(req, res, locale, page.tr('list.not-found'));
      else unavailable(req, res, locale, error);
    }
  };

  const serveReceipt = (req: IncomingMessage, res: ServerResponse, locale: Locale, query: URLSearchParams) => {
    const page = pageOf(locale);
    const pathIn = (l: Locale) => `/${l}/receipt`;
    if (!receiptsAvailable()) {
      htmlPage(req, res, messagePage(page, { title: page.tr('receipt.heading'), message: page.tr('receipt.unavailable'), pathIn }), { locale });
      return;
    }
    const code = (query.get('code') ?? '').trim();
    if (!RECEIPT_CODE.test(code)) {
      htmlPage(req, res, messagePage(page, { title: page.tr('receipt.heading'), message: page.tr('receipt.invalid'), pathIn, extra: receiptForm(page) }), { status: 400, locale });
      return;
    }
    // The receipts endpoint answers the check; a form without script reaches it by this redirect.
    res.writeHead(303, { ...dated(res, clock), location: `/api/receipts/${encodeURIComponent(code)}`, 'cache-control': 'no-store' }).end();
  };

  const shareText = (page: PageContext, snapshot: StatsSnapshot): ShareImageText => {
    const { stats } = snapshot;
    const { locale } = page;
    const countdown = countdownNow();
    const date = formatIsoDate(locale, lastDayOf(campaign));
    return {
      locale,
      title: campaign.title[locale],
      total: formatNumber(locale, stats.total),
      caption: page.tr('share.caption', { signatures: page.tr('figures.signatures'), nations: nationsText(page, stats.nations) }),
      footer: countdown.phase === 'closed' ? page.tr('share.footer-closed', { date }) : page.tr('share.footer', { goal: formatNumber(locale, stats.goal), date }),
      progress: stats.progress,
    };
  };

  const serveShareImage = async (req: IncomingMessage, res: ServerResponse, locale: Locale) => {
    try {
      const image = await shareImages.get(shareText(pageOf(locale), await feed.current()));
      send(req, res, clock, { contentType: 'image/png', body: image.png, etag: image.etag, cacheControl: 'public, max-age=300' });
    } catch (error) {
      unavailable(req, res, locale, error);
    }
  };

  /** `/<lang>`, `/<lang>/list…`, `/<lang>/privacy`, `/<lang>/receipt`. */
  const localized = (locale: Locale) => async (req: IncomingMessage, res: ServerResponse) => {
    if (!allowRead(req, res, clock)) return;
    const { path, query } = split(req.url);
    const rest = path.slice(locale.length + 1);
    if (rest === '') return serveHome(req, res, locale, false);
    if (rest === '/') return redirect(res, clock, `/${locale}`);
    if (rest === '/list') return serveList(req, res, locale, query);
    const number = /^\/list\/(\d{1,9})$/.exec(rest);
    if (number) return serveCase(req, res, locale, number[1]!);
    if (rest === '/privacy') return servePrivacy(req, res, locale, false);
    if (rest === '/receipt') return serveReceipt(req, res, locale, query);
    notFound(req, res, locale);
  };

  const queryLocale = (req: IncomingMessage, query: URLSearchParams): Locale =>
    localeParam(query.get('lang')) ?? negotiateLocale(req.headers['accept-language']);

  const routes: Route[] = [
    {
      // Exactly "/" is the page in the reader's language; anything else nobody serves is a 404 page.
      path: '/',
      handler: (req, res) => {
        if (!allowRead(req, res, clock)) return;
        const locale = negotiateLocale(req.headers['accept-language']);
        if (split(req.url).path === '/') return serveHome(req, res, locale, true);
        notFound(req, res, locale);
      },
    },
    ...WEB_LOCALES.flatMap((locale) => [
      { path: `/${locale}`, handler: localized(locale) },
      { path: `/${locale}/`, handler: localized(locale) },
    ]),
    // Paths are matched exactly, so a hand-typed /zh-hant/… is sent to /zh-Hant/….
    ...WEB_LOCALES.filter((locale) => locale !== locale.toLowerCase()).flatMap((locale) => [
      { path: `/${locale.toLowerCase()}`, handler: (_req: IncomingMessage, res: ServerResponse) => redirect(res, clock, `/${locale}`) },
      {
        path: `/${locale.toLowerCase()}/`,
        handler: (req: IncomingMessage, res: ServerResponse) => redirect(res, clock, `/${locale}${split(req.url).path.slice(locale.length + 1)}`),
      },
    ]),
    {
      path: '/privacy',
      handler: (req, res) => {
        if (allowRead(req, res, clock)) servePrivacy(req, res, negotiateLocale(req.headers['accept-language']), true);
      },
    },
    {
      path: '/live',
      handler: async (req, res) => {
        if (!allowRead(req, res, clock)) return;
        const locale = queryLocale(req, split(req.url).query);
        const page = pageOf(locale);
        try {
          const { stats } = await feed.current();
          const countdown = countdownText(page, countdownNow(), stats);
          const [telegram, discord] = await signLinks;
          const qr = (telegram ?? discord)?.qr ?? null;
          htmlPage(req, res, livePage(page, { stats, countdown, signQr: qr }), { locale });
        } catch (error) {
          unavailable(req, res, locale, error);
        }
      },
    },
    {
      path: '/embed/counter',
      handler: async (req, res) => {
        if (!allowRead(req, res, clock)) return;
        const locale = queryLocale(req, split(req.url).query);
        try {
          // Other sites' pages may be busy: the counter is rendered once per language and change.
          const snapshot = await feed.current();
          let embed = embeds.get(locale);
          if (embed?.version !== snapshot.version) {
            embed = { version: snapshot.version, ...renderedPage(embedCounterPage(pageOf(locale), snapshot.stats, `${settings.publicUrl ?? ''}/${locale}`)) };
            embeds.set(locale, embed);
          }
          send(req, res, clock, {
            contentType: 'text/html; charset=utf-8',
            body: embed.body,
            etag: embed.etag,
            gzip: embed.gzip,
            cacheControl: PAGE_CACHE,
            frameAncestors: settings.frameAncestors,
            headers: { 'content-language': pageOf(locale).tag },
          });
        } catch (error) {
          unavailable(req, res, locale, error);
        }
      },
    },
    {
      path: '/api/live',
      handler: (req, res) => {
        if (allowRead(req, res, clock)) live.handle(req, res, queryLocale(req, split(req.url).query));
      },
    },
    {
      path: '/api/live.json',
      handler: async (req, res) => {
        if (!allowRead(req, res, clock)) return;
        const locale = queryLocale(req, split(req.url).query);
        let snapshot: StatsSnapshot;
        try {
          snapshot = await feed.current();
        } catch (error) {
          onError(error);
          res.writeHead(503, { ...dated(res, clock), 'content-type': 'application/json; charset=utf-8', 'retry-after': '10' }).end('{"error":"unavailable"}\n');
          return;
        }
        send(req, res, clock, {
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify(liveFigures(pageOf(locale), snapshot.stats)),
          cacheControl: 'public, max-age=2',
          vary: 'accept-language',
          headers: { 'access-control-allow-origin': '*' },
        });
      },
    },
    {
      path: '/share/',
      handler: (req, res) => {
        if (!allowRead(req, res, clock)) return;
        const match = /^\/share\/([A-Za-z-]{2,16})\.png$/.exec(split(req.url).path);
        const locale = match ? localeParam(match[1]) : null;
        if (!locale) return notFound(req, res, negotiateLocale(req.headers['accept-language']));
        return serveShareImage(req, res, locale);
      },
    },
    {
      path: '/assets/',
      handler: (req, res) => {
        if (!allowRead(req, res, clock)) return;
        const name = split(req.url).path.slice('/assets/'.length);
        const asset = Object.hasOwn(ASSETS, name) ? assets.get(name) : undefined;
        if (!asset) return notFound(req, res, negotiateLocale(req.headers['accept-language']));
        send(req, res, clock, { contentType: ASSETS[name]!, ...asset, cacheControl: ASSET_CACHE });
      },
    },
  ];

  return {
    routes,
    close() {
      live.close();
      feed.close();
    },
  };
}

type Rendered = Prepared;
const renderedPage = prepared;

function split(url: string | undefined): { path: string; query: URLSearchParams } {
  const raw = url ?? '/';
  const at = raw.indexOf('?');
  return at < 0 ? { path: raw, query: new URLSearchParams() } : { path: raw.slice(0, at), query: new URLSearchParams(raw.slice(at + 1)) };
}

/** Search words as typed, without control, format or bidi characters, at most 100 characters. */
export function cleanSearch(raw: string | null): string | null {
  if (!raw) return null;
  const cleaned = raw.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 100);
  return cleaned || null;
}

function redirect(res: ServerResponse, clock: Clock, location: string): void {
  res.writeHead(301, { ...dated(res, clock), location, 'cache-control': 'public, max-age=3600' }).end();
}
