/**
 * Entry point: the only file that reads process.env. Starts the adapters the
 * configuration asks for; with no tokens, the terminal on embedded PGlite.
 */
import { createTerminalAdapter } from '../adapters/terminal/terminal-adapter.ts';
import { createApp } from './app.ts';
import { ChatBot } from './chat/chat-bot.ts';
import { ConfigError, getConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';

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
  let app;
  try {
    app = await createApp(config);
  } catch (error) {
    process.stderr.write(`Cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  logger.info({ driver: app.database.driver, campaign: app.core.campaign.id }, 'campaign core ready');

  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch((err) => logger.error({ err }, 'stop failed'));
    await app.close();
  };
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  process.once('SIGINT', () => void shutdown().then(() => process.exit(0)));

  if (!config.terminal) {
    logger.warn('no platform adapter is built into this version yet and TERMINAL=0: nothing to run');
    await shutdown();
    return 0;
  }
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

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`Fatal: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
