import type { CampaignCore } from '../campaign-core.ts';
import type { RequestHandler } from './http-server.ts';

const CACHE_MS = 30_000;

/**
 * `GET /api/stats.json`: open data for the coalition's website and the press.
 * Counts only, no personal data; cached briefly so a busy page costs two
 * queries every half minute. Every figure counts valid signatures only;
 * `review` shows how many are held for review, invalidated (by reason) and
 * approved after a hold, so anyone can see that review happens.
 */
export function openStatsHandler(core: CampaignCore, clock: () => Date = () => new Date()): RequestHandler {
  let cached: { body: string; at: number } | null = null;
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const now = clock().getTime();
    if (!cached || now - cached.at > CACHE_MS) {
      const [stats, review] = await Promise.all([core.petition.stats(), core.review.transparency()]);
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
