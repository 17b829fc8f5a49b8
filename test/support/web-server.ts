import type { Server } from 'node:http';
import type { App } from '../../src/app.ts';
import type { Campaign } from '../../src/core/index.ts';
import { close, createHttpServer, listen } from '../../src/server/http-server.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { operationsRoutes } from '../../src/server/operations-routes.ts';
import { ping } from '../../src/storage/database.ts';
import { createStatsFeed, readPublicFigures, type StatsFeed } from '../../src/web/stats-feed.ts';
import { createWeb, type Web, type WebOptions, type WebSettings } from '../../src/web/web-routes.ts';

export const TEST_WEB_SETTINGS: WebSettings = {
  publicUrl: null,
  telegramBotUsername: 'ExamplePetitionBot',
  discordInviteUrl: 'https://discord.gg/example-invite',
  referral: 'web',
  frameAncestors: '*',
};

export interface WebServer {
  base: string;
  web: Web;
  feed: StatsFeed;
  /** How many times the figures were read from the core. */
  reads(): number;
  errors: unknown[];
  close(): Promise<void>;
}

/**
 * The public page with open data and health on a real HTTP server on
 * 127.0.0.1, as main.ts mounts them, over a test app.
 */
export async function startWebServer(
  app: App,
  options: { settings?: Partial<WebSettings>; pollMs?: number; maxAgeMs?: number; campaign?: Campaign } & Pick<
    WebOptions,
    'deliveryStatus' | 'receiptsAvailable' | 'disclosure' | 'maxLiveClients'
  > = {},
): Promise<WebServer> {
  let reads = 0;
  const errors: unknown[] = [];
  const feed = createStatsFeed(
    () => {
      reads++;
      return readPublicFigures(app.core);
    },
    app.clock,
    { pollMs: options.pollMs, maxAgeMs: options.maxAgeMs, onError: (e) => errors.push(e) },
  );
  const web = createWeb({
    // Another campaign file over the same data, for what only the file changes (the video).
    core: options.campaign ? { ...app.core, campaign: options.campaign } : app.core,
    clock: app.clock,
    settings: { ...TEST_WEB_SETTINGS, ...options.settings },
    feed,
    deliveryStatus: options.deliveryStatus,
    receiptsAvailable: options.receiptsAvailable,
    disclosure: options.disclosure,
    maxLiveClients: options.maxLiveClients,
    onError: (e) => errors.push(e),
  });
  const server: Server = createHttpServer(
    [...operationsRoutes(() => ping(app.database.db), app.core, createMetrics(app.core, app.deliveries), { feed, clock: app.clock, disclosure: options.disclosure }), ...web.routes],
    (e) => errors.push(e),
  );
  const port = await listen(server, 0);
  return {
    base: `http://127.0.0.1:${port}`,
    web,
    feed,
    reads: () => reads,
    errors,
    close: async () => {
      web.close();
      await close(server);
    },
  };
}

/** Made-up signatures from the given countries, one per entry. */
export async function signFrom(app: App, countries: string[], prefix = 'web-test'): Promise<void> {
  let i = 0;
  for (const country of countries) {
    i++;
    await app.core.petition.sign(
      { platform: i % 2 ? 'telegram' : 'discord', userId: `${prefix}-${i}-${country}` },
      { name: { style: 'anonymous' }, country, language: 'en' },
    );
  }
}
