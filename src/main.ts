/**
 * Entry point: the only file that reads process.env. Starts the adapters the
 * configuration asks for; with no tokens, the terminal on embedded PGlite.
 * Platform libraries are imported only when their adapter is configured, so
 * the terminal starts without loading discord.js or Bolt.
 */
import { createApp, type App } from './app.ts';
import { ChatBot } from './chat/chat-bot.ts';
import { ConfigError, getConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { close, createHttpServer, listen, type Route } from './server/http-server.ts';
import { ping } from './storage/database.ts';

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
  const logger = createLogger(config.logLevel);
  let app: App;
  try {
    app = await createApp(config);
  } catch (error) {
    process.stderr.write(`Cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  logger.info({ driver: app.database.driver, campaign: app.core.campaign.id }, 'campaign core ready');

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
    await startPlatforms(config, app, logger, stops);
  } catch (error) {
    process.stderr.write(`Cannot start: ${(error as Error).message}\n`);
    await shutdown();
    return 1;
  }

  if (config.terminal) {
    const { createTerminalAdapter } = await import('../adapters/terminal/terminal-adapter.ts');
    const terminal = createTerminalAdapter({
      bot: new ChatBot(app.core),
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

/** Starts every configured platform adapter and the HTTP server they share. */
async function startPlatforms(config: Config, app: App, logger: Logger, stops: Array<() => Promise<void>>): Promise<void> {
  const routes: Route[] = [];
  const starts: Array<() => Promise<void>> = [];

  if (config.telegram) {
    const { createTelegramAdapter } = await import('../adapters/telegram/telegram-adapter.ts');
    const telegram = createTelegramAdapter({ ...config.telegram, core: app.core, bot: new ChatBot(app.core), seenUpdates: app.processedUpdates, logger });
    if (telegram.webhook && telegram.webhookPath) routes.push({ path: telegram.webhookPath, handler: telegram.webhook });
    // Started after the server listens: setWebhook makes Telegram send updates at once.
    starts.push(async () => {
      await telegram.start();
      stops.push(() => telegram.stop());
    });
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('../adapters/discord/discord-adapter.ts');
    const discord = createDiscordAdapter({ ...config.discord, core: app.core, logger, processedEvents: app.processedUpdates });
    starts.push(async () => {
      await discord.start();
      stops.push(() => discord.stop());
    });
  }
  if (config.slack) {
    const { createSlackAdapter } = await import('../adapters/slack/slack-adapter.ts');
    const slack = createSlackAdapter({ ...config.slack, core: app.core, logger, listen: false });
    if (slack.requestListener) routes.push({ path: '/slack/', handler: slack.requestListener });
    starts.push(async () => {
      await slack.start();
      stops.push(() => slack.stop());
    });
  }

  if (routes.length > 0 || config.port) {
    routes.push({
      path: '/healthz',
      handler: async (_req, res) => {
        const up = await ping(app.database.db).then(() => true, () => false);
        res.writeHead(up ? 200 : 503, { 'content-type': 'text/plain' }).end(up ? 'ok\n' : 'database unreachable\n');
      },
    });
    const server = createHttpServer(routes, (err) => logger.error({ err }, 'http handler failed'));
    const port = await listen(server, config.port ?? DEFAULT_PORT);
    stops.push(() => close(server));
    logger.info({ port }, 'http server listening');
  }
  for (const start of starts) await start();
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`Fatal: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
