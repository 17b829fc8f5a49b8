import type { Campaign, Clock } from '../core/index.ts';
import { publicCountJson, publicCountryFigures, publicCountsJson, type DisclosurePolicy } from '../web/public-figures.ts';
import { dated, prepared, send, type WebResponse } from '../web/respond.ts';
import type { StatsFeed, StatsSnapshot } from '../web/stats-feed.ts';
import type { RequestHandler } from './http-server.ts';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag',
};

/**
 * `GET /api/stats.json`: open data for the coalition's website and the press.
 * Counts only, no personal data. It reads the same shared feed as the public
 * page, so the page and this file always show the same total, and a busy
 * website costs one query every couple of seconds. Per-country counts go
 * through `publicCountryFigures`, like every public per-country figure.
 * Any site may read it (CORS), and a conditional request gets 304.
 */
export function openStatsHandler(campaign: Campaign, feed: StatsFeed, clock: Clock, disclosure: DisclosurePolicy): RequestHandler {
  let encoded: { version: string; response: WebResponse } | null = null;
  const responseOf = (snapshot: StatsSnapshot): WebResponse => {
    if (encoded?.version === snapshot.version) return encoded.response;
    const { stats } = snapshot;
    const paperTotal = Object.values(stats.paper).reduce((sum, n) => sum + n, 0);
    const body = prepared(JSON.stringify({
      campaign: campaign.id,
      addressee: campaign.addressee.en,
      closesAt: campaign.closesAt.toISOString(),
      goal: stats.goal,
      total: stats.total,
      nations: stats.nations,
      byCountry: publicCountsJson(publicCountryFigures(stats.byCountry, disclosure)),
      byPlatform: stats.byPlatform,
      perDay: stats.perDay,
      // Paper signatures from vigils and events, counted apart: "online + on paper".
      paper: { total: paperTotal, byCountry: publicCountsJson(publicCountryFigures(stats.paper, disclosure)) },
      totalWithPaper: stats.total + paperTotal,
      // What happened at each embassy (the latest record per country): status, time, count delivered.
      // An at-risk country's small numbers are withheld here too.
      deliveries: stats.deliveries.map((d) => ({
        country: d.country,
        status: d.status,
        at: d.at.toISOString(),
        online: publicCountJson(d.country, d.online, disclosure),
        paper: publicCountJson(d.country, d.paper, disclosure),
        count: publicCountJson(d.country, d.count, disclosure),
      })),
      // Held and set-aside signatures, in aggregate, so anyone can see that review happens.
      review: stats.review,
      generatedAt: snapshot.readAt.toISOString(),
    }));
    const response = { ...body, contentType: 'application/json; charset=utf-8', cacheControl: 'public, max-age=10', headers: CORS };
    encoded = { version: snapshot.version, response };
    return response;
  };
  return async (req, res) => {
    if (req.method === 'OPTIONS') {
      // A preflight, for readers that send If-None-Match from another origin.
      res.writeHead(204, { ...dated(res, clock), ...CORS, 'access-control-allow-methods': 'GET, HEAD, OPTIONS', 'access-control-allow-headers': 'If-None-Match, Accept', 'access-control-max-age': '86400' }).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...dated(res, clock), allow: 'GET, HEAD, OPTIONS' }).end();
      return;
    }
    const fresh = feed.fresh();
    send(req, res, clock, responseOf(fresh ?? (await feed.current())));
  };
}
