/**
 * The Discord adapter: a discord.js client with the Guilds intent only (no
 * privileged intents), every interaction routed into the core, and the core's
 * `Messenger` port for reminders to channels and DMs.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { CampaignCore } from '../../src/campaign-core.ts';
import type { Messenger, ProcessedUpdates } from '../../src/core/ports.ts';
import type { Logger } from '../../src/logger.ts';
import { createDiscordMessenger } from './discord-messenger.ts';
import { createInteractionHandler } from './interaction-handlers.ts';

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** REST base URL (DISCORD_API_URL), e.g. a proxy or a test server; null for discord.com. */
  apiUrl?: string | null;
  core: CampaignCore;
  logger: Logger;
  /** Shared storage of handled interaction ids; without it, replays are caught in this process only. */
  processedEvents?: ProcessedUpdates;
  /** Told how long each interaction took to answer (for /metrics). */
  onHandled?(seconds: number): void;
}

export interface DiscordAdapter {
  client: Client;
  /** Logs in to the gateway; calling it again does nothing. */
  start(): Promise<void>;
  /** Waits for every interaction being handled now; then stops the client. */
  stop(): Promise<void>;
  /** Resolves once every interaction received so far has been answered. */
  idle(): Promise<void>;
  /** Sends to `discord:channel:<id>` and `discord:user:<id>`. */
  messenger: Messenger;
}

/**
 * @example
 * const discord = createDiscordAdapter({ token, applicationId, apiUrl, core, logger, processedEvents: app.processedUpdates });
 * await discord.start();
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { core, logger } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
  });
  // Set now, so the messenger can post before (or without) a gateway connection.
  client.rest.setToken(options.token);

  const inFlight = new Set<Promise<void>>();
  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  let started: Promise<void> | null = null;
  const start = () => {
    started ??= client.login(options.token).then(() => undefined);
    return started;
  };
  const stop = async () => {
    started = null;
    await idle();
    await client.destroy();
  };
  const messenger = createDiscordMessenger(client.rest, { start, stop });

  const handle = createInteractionHandler({
    core,
    logger,
    messenger,
    processed: options.processedEvents ?? rememberInProcess(),
  });
  client.on(Events.InteractionCreate, (interaction) => {
    const began = performance.now();
    const handled = handle(interaction)
      .finally(() => options.onHandled?.((performance.now() - began) / 1000))
      .catch((error: unknown) => logger.error({ err: error }, 'discord interaction handler crashed'))
      .finally(() => inFlight.delete(handled));
    inFlight.add(handled);
  });
  client.on(Events.ClientReady, (ready) => logger.info({ guilds: ready.guilds.cache.size }, 'discord connected'));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));

  return { client, start, stop, idle, messenger };
}

/** Replay protection for one process, for when no shared storage is wired in. */
function rememberInProcess(limit = 10_000): ProcessedUpdates {
  const seen = new Set<string>();
  return {
    async claim(source, id) {
      const key = `${source}:${id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      // Sets iterate in insertion order: drop the oldest.
      if (seen.size > limit) seen.delete(seen.values().next().value!);
      return true;
    },
  };
}
