/**
 * Entry point: the only file that reads process.env. Starts the adapters the
 * configuration asks for; with no tokens, the terminal on embedded PGlite.
 * Platform libraries are imported only when their adapter is configured, so
 * the terminal starts without loading discord.js or Bolt.
 */
import { createApp, type App } from './app.ts';
import { ChatBot } from './chat/chat-bot.ts';
import type { Messenger } from './core/ports.ts';
import { ConfigError, getConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { close, createHttpServer, listen, type Route } from './server/http-server.ts';
import { instrumentChatBot } from './server/instrument-chat-bot.ts';
import { createMetrics, type Metrics } from './server/metrics.ts';
import { operationsRoutes } from './server/operations-routes.ts';
import { createStatsFeed } from './web/stats-feed.ts';
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
  let app: App;
  try {
    const rate = config.telegramBroadcastRate;
    // A small burst keeps the shared limiter a little under the platform's own allowance.
    app = await createApp(config, { sendRates: { telegram: { perSecond: rate, burst: Math.max(1, Math.min(5, rate)) } } });
  } catch (error) {
    process.stderr.write(`Cannot start: ${(error as Error).message}\n`);
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

  try {
    await startPlatforms(config, app, logger, metrics, stops);
  } catch (error) {
    process.stderr.write(`Cannot start: ${(error as Error).message}\n`);
    await shutdown();
    return 1;
  }

  if (config.terminal) {
    const { createTerminalAdapter } = await import('../adapters/terminal/terminal-adapter.ts');
    const terminal = createTerminalAdapter({
      bot: instrumentChatBot(new ChatBot(app.core), metrics, 'terminal'),
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
      languageTag: process.env.LANG,
      logger,
    });
    await terminal.run();
    await shutdown();
    return 0;
  }
  if (stops.length === 0) {
    logger.warn('no adapter configured and TERMINAL=0: nothing to run');
    await shutdown();
    return 0;
  }
  // Platform adapters keep the process alive until SIGTERM.
  return new Promise<number>(() => {});
}

/** Starts every configured platform adapter, the HTTP server they share, and the delivery worker. */
async function startPlatforms(config: Config, app: App, logger: Logger, metrics: Metrics, stops: Array<() => Promise<void>>): Promise<void> {
  const routes: Route[] = [];
  const starts: Array<() => Promise<void>> = [];
  const messengers: Messenger[] = [];

  if (config.telegram) {
    const { createTelegramAdapter } = await import('../adapters/telegram/telegram-adapter.ts');
    const telegram = createTelegramAdapter({ ...config.telegram, core: app.core, bot: instrumentChatBot(new ChatBot(app.core), metrics, 'telegram'), seenUpdates: app.processedUpdates, logger });
    if (telegram.webhook && telegram.webhookPath) routes.push({ path: telegram.webhookPath, handler: telegram.webhook });
    messengers.push(telegram.messenger);
    // Started after the server listens: setWebhook makes Telegram send updates at once.
    starts.push(async () => {
      await telegram.start();
      stops.push(() => telegram.stop());
    });
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('../adapters/discord/discord-adapter.ts');
    const discord = createDiscordAdapter({
      ...config.discord,
      core: app.core,
      logger,
      processedEvents: app.processedUpdates,
      onHandled: (seconds) => metrics.handlerSeconds.observe({ surface: 'discord' }, seconds),
    });
    messengers.push(discord.messenger);
    starts.push(async () => {
      await discord.start();
      stops.push(() => discord.stop());
    });
  }
  if (config.slack) {
    const { createSlackAdapter } = await import('../adapters/slack/slack-adapter.ts');
    const slack = createSlackAdapter({ ...config.slack, core: app.core, logger, listen: false, deliveries: app.deliveries });
    if (slack.requestListener) routes.push({ path: '/slack/', handler: slack.requestListener });
    messengers.push(slack);
    // The staff channel hears milestones and reminders through the same queue as everyone.
    if (config.slack.staffChannel) await app.core.reminders.subscribeChannel(`slack:${config.slack.staffChannel}`, 'en');
    starts.push(async () => {
      await slack.start();
      stops.push(() => slack.stop());
    });
  }

  if (routes.length > 0 || config.port) {
    // The public page comes with the HTTP server, wherever it runs; it and the
    // open data share one feed of figures, so they always agree.
    const onWebError = (err: unknown) => logger.error({ err }, 'web figures unavailable');
    const feed = createStatsFeed(() => app.core.petition.stats(), app.clock, { onError: onWebError });
    const web = createWeb({ core: app.core, clock: app.clock, settings: config.web, feed, onError: onWebError });
    routes.push(...operationsRoutes(app.database.db, app.core, metrics, { feed, clock: app.clock }), ...web.routes);
    const server = createHttpServer(
      routes,
      (err) => logger.error({ err }, 'http handler failed'),
      (route, status, seconds) => metrics.httpSeconds.observe({ route, status: String(status) }, seconds),
    );
    const port = await listen(server, config.port ?? DEFAULT_PORT);
    logger.info({ port }, 'http server listening');
    starts.push(async () => {
      // Pushed after the adapters, so on shutdown it closes before they stop;
      // live connections end first, or the server would wait for them.
      stops.push(() => close(server));
      stops.push(async () => web.close());
    });
  }
  for (const start of starts) await start();

  if (config.deliveryWorker && messengers.length > 0) {
    const { createDeliveryWorker } = await import('./delivery/delivery-worker.ts');
    const { createScheduler } = await import('./delivery/scheduler.ts');
    const { renderBroadcast } = await import('./delivery/render-broadcast.ts');
    const { handleRecipientGone } = await import('./delivery/recipient-gone.ts');
    const worker = createDeliveryWorker({
      store: app.deliveries,
      limiter: app.sendRates,
      messengers,
      render: (delivery) => renderBroadcast(app.core.t, delivery.content, delivery.language),
      unsubscribe: handleRecipientGone(app.core, app.deliveries),
      logger,
    });
    const scheduler = createScheduler({ core: app.core, deliveries: app.deliveries, snapshots: app.snapshots, logger });
    worker.start();
    await scheduler.start();
    // Stopped first on shutdown (stops run in reverse): no new work, in-flight sends finish.
    stops.push(async () => {
      await scheduler.stop();
      await worker.stop();
    });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`Fatal: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
