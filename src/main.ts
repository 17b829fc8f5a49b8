/**
 * Entry point (`npm start`): with src/config.ts, the only reader of the
 * environment. Builds the app, then every configured platform adapter
 * through one contract, one HTTP server for whatever arrives over HTTP, and
 * the delivery runtime; with no tokens, the terminal on embedded PGlite.
 * Platform libraries are imported only when their adapter is configured, so
 * the terminal starts without loading discord.js or Bolt.
 */
import { createApp, type App } from './app.ts';
import { systemClock } from './clock.ts';
import { ConfigError, getConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import type { AdapterContext, PlatformAdapter } from './platform.ts';
import { close, createHttpServer, listen } from './server/http-server.ts';
import { createMetrics, type Metrics } from './server/metrics.ts';
import { operationsRoutes } from './server/operations-routes.ts';
import { describeStartupError } from './startup-error.ts';
import { ping } from './storage/database.ts';
import { createStatsFeed, readPublicFigures } from './web/stats-feed.ts';
import { createWeb } from './web/web-routes.ts';

const DEFAULT_PORT = 8080;

async function main(): Promise<number> {
  let config: Config;
  try {
    config = getConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  let metrics: Metrics | null = null;
  const logger = createLogger(config.logLevel, (level) => metrics?.errors.inc({ level }));
  const cannotStart = (error: unknown) => process.stderr.write(`Cannot start: ${describeStartupError(error, config.database.url)}\n`);

  let app: App;
  try {
    const rate = config.telegramBroadcastRate;
    app = await createApp(config, {
      clock: systemClock,
      logger,
      // A small burst keeps the shared limiter a little under the platform's own allowance.
      sendRates: { telegram: { perSecond: rate, burst: Math.max(1, Math.min(5, rate)) } },
      observeHandling: (surface, seconds) => metrics?.handlerSeconds.observe({ surface }, seconds),
      share: { telegramBotUsername: config.web.telegramBotUsername, discordInviteUrl: config.web.discordInviteUrl, publicUrl: config.web.publicUrl },
    });
  } catch (error) {
    cannotStart(error);
    return 1;
  }
  logger.info({ driver: app.database.driver, campaign: app.core.campaign.id }, 'campaign core ready');
  metrics = createMetrics(app.core, app.deliveries);

  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | null = null;
  const shutdown = () =>
    (stopping ??= (async () => {
      for (const stop of stops.reverse()) await stop().catch((err) => logger.error({ err }, 'stop failed'));
      await app.close();
    })());
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  process.once('SIGINT', () => void shutdown().then(() => process.exit(0)));

  let adapters: PlatformAdapter[];
  let stopHttp: (() => Promise<void>) | null = null;
  try {
    adapters = await createAdapters(config, app, logger);
    stopHttp = await serveHttp(config, app, adapters, metrics, logger);
    for (const adapter of adapters) {
      await adapter.start();
      stops.push(() => adapter.stop());
    }
  } catch (error) {
    if (stopHttp) stops.push(stopHttp);
    cannotStart(error);
    await shutdown();
    return 1;
  }

  // Pushed after the adapters, so on shutdown (stops run in reverse) it closes before they stop.
  if (stopHttp) stops.push(stopHttp);
  // The staff channel hears milestones and reminders through the same queue as everyone.
  if (config.slack?.staffChannel) await app.core.reminders.subscribeChannel(`slack:${config.slack.staffChannel}`, 'en');
  const senders = adapters.flatMap((a) => (a.messenger ? [a.messenger] : []));
  if (config.deliveryWorker && senders.length > 0) {
    const { createDeliveryRuntime } = await import('./delivery/runtime.ts');
    const runtime = createDeliveryRuntime({ ...app, messengers: senders, logger });
    await runtime.start();
    // Stopped first on shutdown (stops run in reverse): no new work, in-flight sends finish.
    stops.push(() => runtime.stop());
  }

  const finite = adapters.flatMap((a) => (a.finished ? [a.finished] : []));
  if (finite.length > 0) {
    // The terminal ends with its input.
    await Promise.all(finite);
    await shutdown();
    return 0;
  }
  if (adapters.length === 0 && !config.port) {
    logger.warn({}, 'no adapter configured and TERMINAL=0: nothing to run');
    await shutdown();
    return 0;
  }
  // Servers keep the process alive until SIGTERM.
  return new Promise<number>(() => {});
}

/** Every configured adapter, built through the one contract. */
async function createAdapters(config: Config, app: App, logger: ReturnType<typeof createLogger>): Promise<PlatformAdapter[]> {
  const context = <C>(own: C): AdapterContext<C> => ({ chat: app.chat, core: app.core, logger, clock: app.clock, config: own });
  const adapters: PlatformAdapter[] = [];
  if (config.telegram) {
    const { createTelegramAdapter } = await import('../adapters/telegram/telegram-adapter.ts');
    adapters.push(createTelegramAdapter(context(config.telegram)));
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('../adapters/discord/discord-adapter.ts');
    adapters.push(createDiscordAdapter(context(config.discord)));
  }
  if (config.slack) {
    const { createSlackAdapter } = await import('../adapters/slack/slack-adapter.ts');
    adapters.push(createSlackAdapter(context(config.slack)));
  }
  if (config.terminal) {
    const { createTerminalAdapter } = await import('../adapters/terminal/terminal-adapter.ts');
    adapters.push(
      createTerminalAdapter(
        context({ input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY), languageTag: config.terminalLanguageTag }),
      ),
    );
  }
  for (const adapter of adapters) if (adapter.messenger) app.messengers.add(adapter.messenger);
  return adapters;
}

/**
 * One HTTP server for the adapters' webhooks, the operations routes and the
 * public campaign page, listening before the adapters start (setting a
 * webhook makes Telegram send updates at once). Returns how to stop it, or
 * null when nothing is served over HTTP.
 */
async function serveHttp(config: Config, app: App, adapters: PlatformAdapter[], metrics: Metrics, logger: ReturnType<typeof createLogger>): Promise<(() => Promise<void>) | null> {
  const routes = adapters.flatMap((a) => a.routes ?? []);
  if (routes.length === 0 && !config.port) return null;
  // The public page and the open data share one feed of figures, so they always agree.
  const onWebError = (err: unknown) => logger.error({ err }, 'web figures unavailable');
  const feed = createStatsFeed(() => readPublicFigures(app.core), app.clock, { onError: onWebError });
  const web = createWeb({
    core: app.core,
    clock: app.clock,
    settings: config.web,
    feed,
    onError: onWebError,
    deliveryStatus: async () => (await feed.current()).stats.deliveries.map((d) => ({ country: d.country, state: DELIVERY_STATES[d.status], recordedAt: d.at })),
    receiptsAvailable: () => true,
  });
  routes.push(...operationsRoutes(() => ping(app.database.db), app.core, metrics, { feed, clock: app.clock }), ...web.routes);
  const server = createHttpServer(
    routes,
    (err) => logger.error({ err }, 'http handler failed'),
    (route, status, seconds) => metrics.httpSeconds.observe({ route, status: String(status) }, seconds),
  );
  const port = await listen(server, config.port ?? DEFAULT_PORT);
  logger.info({ port }, 'http server listening');
  return async () => {
    // Live connections end first, or the server would wait for them.
    web.close();
    await close(server);
  };
}

/** A delivery record's status as the public page shows it. */
const DELIVERY_STATES = { accepted: 'delivered', refused: 'refused', 'no-answer': 'pending', postponed: 'pending' } as const;

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`Fatal: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
