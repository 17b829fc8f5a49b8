/**
 * The Discord adapter: a discord.js client with the Guilds intent only (no
 * privileged intents); every interaction becomes an event of the shared chat
 * layer, answered in time; the Messenger posts reminders to channels and DMs.
 */
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { ChatBot } from '../../src/chat/index.ts';
import type { Logger } from '../../src/core/index.ts';
import { AdapterStartError, type AdapterContext, type PlatformAdapter } from '../../src/platform.ts';
import { answerTo, isAlreadyAcknowledged } from './discord-answer.ts';
import { createDiscordMessenger } from './discord-messenger.ts';
import { chatUserOf, inputOf } from './discord-user.ts';

export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** REST base URL (DISCORD_API_URL), e.g. a proxy or a test server; null for discord.com. */
  apiUrl?: string | null;
}

export interface DiscordAdapter extends PlatformAdapter {
  readonly client: Client;
  /** Resolves once every interaction received so far has been answered. */
  idle(): Promise<void>;
}

/** Interaction ids seen by this process, so a repeated delivery is not acknowledged twice. */
const REMEMBERED_INTERACTIONS = 10_000;

/**
 * @example const discord = createDiscordAdapter({ chat, core, logger, clock, config: config.discord }); await discord.start();
 */
export function createDiscordAdapter(context: AdapterContext<DiscordConfig>): DiscordAdapter {
  const { config, logger, chat } = context;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });
  // Set now, so the messenger can post before (or without) a gateway connection.
  client.rest.setToken(config.token);

  const inFlight = new Set<Promise<void>>();
  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  const handle = interactionHandler(chat, logger);
  client.on(Events.InteractionCreate, (interaction) => {
    const handled = handle(interaction)
      .catch((error: unknown) => logger.error({ err: error }, 'discord interaction could not be answered'))
      .finally(() => inFlight.delete(handled));
    inFlight.add(handled);
  });
  client.on(Events.ClientReady, (ready) => logger.info({ guilds: ready.guilds.cache.size }, 'discord connected'));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));

  let started: Promise<void> | null = null;
  return {
    name: 'discord',
    client,
    idle,
    messenger: createDiscordMessenger(client.rest),
    start() {
      started ??= client.login(config.token).then(
        () => undefined,
        (error: unknown) => {
          started = null;
          throw new AdapterStartError('Discord', `login failed: ${(error as Error).name}`, ['DISCORD_TOKEN', 'DISCORD_API_URL']);
        },
      );
      return started;
    },
    async stop() {
      started = null;
      await idle();
      await client.destroy();
    },
  };
}

/**
 * One interaction becomes one chat event; the chat layer answers at once
 * what needs no storage and has the rest acknowledged first (Discord allows
 * 3 s), with the visibility its answer will have.
 */
function interactionHandler(chat: ChatBot, logger: Logger): (interaction: Interaction) => Promise<void> {
  const seen = new Set<string>();
  return async (interaction) => {
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    if (seen.has(interaction.id)) return void logger.info({ interaction: interaction.type }, 'discord interaction delivered again; ignored');
    seen.add(interaction.id);
    // Sets iterate in insertion order: drop the oldest.
    if (seen.size > REMEMBERED_INTERACTIONS) seen.delete(seen.values().next().value!);

    const answer = answerTo(interaction);
    try {
      await chat.handle({
        id: { source: 'discord', id: interaction.id },
        user: chatUserOf(interaction),
        // A modal that is not ours reads as a button from an old message: "that question has expired".
        input: inputOf(interaction) ?? { kind: 'action', payload: '' },
        respond: (replies) => answer.respond(replies),
        acknowledge: (visibility) => answer.acknowledge(visibility),
      });
    } catch (error) {
      // Another instance answered this interaction first.
      if (!isAlreadyAcknowledged(error)) throw error;
    }
  };
}
