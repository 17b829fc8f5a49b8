import type { CampaignCore, Clock } from '../core/index.ts';
import { disclosureOf, type DisclosurePolicy } from '../web/public-figures.ts';
import type { StatsFeed } from '../web/stats-feed.ts';
import type { Route } from './http-server.ts';
import type { Metrics } from './metrics.ts';
import { openStatsHandler } from './open-stats.ts';
import { receiptsHandler } from './receipts.ts';

/** Where open data reads its figures: the feed the public page shares. */
export interface OpenData {
  feed: StatsFeed;
  clock: Clock;
  /** What may be published per country; the campaign's at-risk policy by default. */
  disclosure?: DisclosurePolicy;
}

/**
 * The routes every instance serves beside the webhooks: health, metrics, open data and receipts.
 *
 * @param ping resolves when the database answers in time, rejects otherwise (see storage's `ping`)
 */
export function operationsRoutes(ping: () => Promise<void>, core: CampaignCore, metrics: Metrics, openData: OpenData): Route[] {
  return [
    {
      // For the load balancer: 503 takes the instance out while its database is unreachable.
      path: '/healthz',
      handler: async (_req, res) => {
        const up = await ping().then(() => true, () => false);
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
    { path: '/api/stats.json', handler: openStatsHandler(core.campaign, openData.feed, openData.clock, openData.disclosure ?? disclosureOf(core.campaign)) },
    // A receipt checked against the latest snapshot's fingerprint (prefix route: the code follows).
    { path: '/api/receipts', handler: receiptsHandler(core) },
    { path: '/api/receipts/', handler: receiptsHandler(core) },
  ];
}
