import type { CampaignCore } from '../campaign-core.ts';
import type { Clock } from '../core/ports.ts';
import { ping, type Db } from '../storage/database.ts';
import { OPEN_FIGURES, type DisclosurePolicy } from '../web/public-figures.ts';
import type { StatsFeed } from '../web/stats-feed.ts';
import type { Route } from './http-server.ts';
import type { Metrics } from './metrics.ts';
import { openStatsHandler } from './open-stats.ts';

/** Where open data reads its figures: the feed the public page shares. */
export interface OpenData {
  feed: StatsFeed;
  clock: Clock;
  /** What may be published per country; everything by default. */
  disclosure?: DisclosurePolicy;
}

/** The routes every instance serves beside the webhooks: health, metrics and open data. */
export function operationsRoutes(db: Db, core: CampaignCore, metrics: Metrics, openData: OpenData): Route[] {
  return [
    {
      // For the load balancer: 503 takes the instance out while its database is unreachable.
      path: '/healthz',
      handler: async (_req, res) => {
        const up = await ping(db).then(() => true, () => false);
        res.writeHead(up ? 200 : 503, { 'content-type': 'text/plain' }).end(up ? 'ok\n' : 'database unreachable\n');
      },
    },
    {
      path: '/metrics',
      handler: async (_req, res) => {
        const body = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body);
      },
    },
    { path: '/api/stats.json', handler: openStatsHandler(core.campaign, openData.feed, openData.clock, openData.disclosure ?? OPEN_FIGURES) },
  ];
}
