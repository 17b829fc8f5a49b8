import type { CampaignCore } from '../core/index.ts';
import type { RequestHandler } from './http-server.ts';

const CACHE_MS = 30_000;

/**
 * `GET /api/stats.json`: open data for the coalition's website and the press.
 * Counts only, no personal data; cached briefly so a busy page costs two
 * queries every half minute. Every figure counts valid signatures only;
 * `review` shows how many are held for review, invalidated (by reason) and
 * approved after a hold, so anyone can see that review happens.
 */
export function openStatsHandler(core: CampaignCore, clock: () => Date): RequestHandler {
  let cached: { body: string; at: number } | null = null;
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const now = clock().getTime();
    if (!cached || now - cached.at > CACHE_MS) {
      const [stats, paper, deliveries, review] = await Promise.all([core.petition.stats(), core.paper.totals(), core.deliveryRecords.byCountry(), core.review.transparency()]);
      const paperTotal = Object.values(paper).reduce((sum, n) => sum + n, 0);
      const c = core.campaign;
      cached = {
        at: now,
        body: JSON.stringify({
          campaign: c.id,
          addressee: c.addressee.en,
          closesAt: c.closesAt.toISOString(),
          goal: stats.goal,
          total: stats.total,
          nations: stats.nations,
          byCountry: stats.byCountry,
          byPlatform: stats.byPlatform,
          perDay: stats.perDay,
          // Paper signatures from vigils and events, counted apart: "online + on paper".
          paper: { total: paperTotal, byCountry: paper },
          totalWithPaper: stats.total + paperTotal,
          // What happened at each embassy (the latest record per country): status, time, count delivered.
          deliveries: deliveries.map((d) => ({ country: d.country, status: d.status, at: d.at.toISOString(), online: d.online, paper: d.paper, count: d.count })),
          // Held and set-aside signatures, in aggregate, so anyone can see that review happens.
          review,
          generatedAt: new Date(now).toISOString(),
        }),
      };
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': `public, max-age=${CACHE_MS / 1000}`,
      'access-control-allow-origin': '*',
    });
    res.end(req.method === 'HEAD' ? undefined : cached.body);
  };
}
