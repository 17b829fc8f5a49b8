import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CampaignCore } from '../core/index.ts';
import type { DeliveryStore } from '../core/index.ts';

export interface Metrics {
  registry: Registry;
  /** Time spent answering one chat command, button or message. */
  handlerSeconds: Histogram<'surface'>;
  /** HTTP requests by route (webhooks, Slack, health, open data). */
  httpSeconds: Histogram<'route' | 'status'>;
  /** Errors logged anywhere (error and fatal lines). */
  errors: Counter<'level'>;
}

/**
 * Prometheus metrics (prom-client). Signature and delivery counts are read
 * from the database when scraped, so every instance reports the same totals.
 */
export function createMetrics(core: CampaignCore, deliveries: DeliveryStore): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const campaign = core.campaign.id;

  new Gauge({
    name: 'petition_signatures',
    help: 'Signatures in the campaign, by platform',
    labelNames: ['campaign', 'platform'],
    registers: [registry],
    async collect() {
      const stats = await core.petition.summary();
      this.reset();
      this.set({ campaign, platform: 'all' }, stats.total);
      for (const [platform, n] of Object.entries(stats.byPlatform)) this.set({ campaign, platform }, n);
    },
  });
  new Gauge({
    name: 'petition_nations',
    help: 'Nations with at least one signature',
    labelNames: ['campaign'],
    registers: [registry],
    async collect() {
      this.set({ campaign }, (await core.petition.summary()).nations);
    },
  });
  new Gauge({
    name: 'petition_deliveries',
    help: 'Reminder, announcement and milestone deliveries by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const totals = { queued: 0, sending: 0, sent: 0, failed: 0, unsubscribed: 0 };
      for (const p of await deliveries.progress(500)) {
        for (const state of Object.keys(totals) as Array<keyof typeof totals>) totals[state] += p[state];
      }
      for (const [state, n] of Object.entries(totals)) this.set({ state }, n);
    },
  });

  return {
    registry,
    handlerSeconds: new Histogram({
      name: 'petition_handler_duration_seconds',
      help: 'Time to answer one chat command, button or message',
      labelNames: ['surface'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    httpSeconds: new Histogram({
      name: 'petition_http_request_duration_seconds',
      help: 'HTTP requests by route',
      labelNames: ['route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    errors: new Counter({ name: 'petition_errors_total', help: 'Error and fatal log lines', labelNames: ['level'], registers: [registry] }),
  };
}
