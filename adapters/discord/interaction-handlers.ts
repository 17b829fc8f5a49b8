/**
 * The one entry for every interaction: ignore replays, pick the locale and
 * the handler, and catch everything in one error seam that logs without
 * personal data, answers privately and keeps the bot running.
 */
import type { Interaction } from 'discord.js';
import type { CampaignCore } from '../../src/campaign-core.ts';
import { DomainError } from '../../src/core/errors.ts';
import { localeFromTag } from '../../src/core/locale.ts';
import type { Messenger, ProcessedUpdates } from '../../src/core/ports.ts';
import type { Logger } from '../../src/logger.ts';
import { handleButton } from './button-handlers.ts';
import { handleCommand } from './command-handlers.ts';
import { answerPrivately, contextFor, type InteractionContext, type RepliableInteraction } from './interaction-context.ts';
import { toDiscordMessage } from './render-discord.ts';
import { SIGN_MODAL_ID } from './sign-modal.ts';
import { submitSignForm } from './sign-flow.ts';

export const PROCESSED_SOURCE = 'discord';

export interface InteractionHandlerDeps {
  core: CampaignCore;
  logger: Logger;
  messenger: Messenger;
  /** Shared storage of handled interaction ids, so a redelivered interaction has one effect. */
  processed: ProcessedUpdates;
}

/**
 * @example client.on(Events.InteractionCreate, createInteractionHandler(deps))
 */
export function createInteractionHandler(deps: InteractionHandlerDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    const ctx = contextFor(deps, interaction, localeFromTag(interaction.locale));
    try {
      if (!(await deps.processed.claim(PROCESSED_SOURCE, interaction.id))) {
        deps.logger.info({ interaction: describe(interaction) }, 'discord interaction delivered again; ignored');
        return;
      }
      await route(ctx, interaction);
    } catch (error) {
      await answerFailure(ctx, interaction, error);
    }
  };
}

function route(ctx: InteractionContext, interaction: RepliableInteraction): Promise<void> {
  if (interaction.isChatInputCommand()) return handleCommand(ctx, interaction);
  if (interaction.isButton()) return handleButton(ctx, interaction);
  if (interaction.customId === SIGN_MODAL_ID) return submitSignForm(ctx, interaction);
  throw new DomainError('dialogue.expired');
}

/** Refusals get their localized message, anything else a localized apology; both only to this person. */
async function answerFailure(ctx: InteractionContext, interaction: RepliableInteraction, error: unknown): Promise<void> {
  const { core, locale, logger } = ctx;
  if (!(error instanceof DomainError)) logger.error({ err: error, interaction: describe(interaction) }, 'discord interaction failed');
  const reply = error instanceof DomainError ? core.render.error(locale, error) : core.render.apology(locale);
  try {
    await answerPrivately(ctx, interaction, toDiscordMessage(reply));
  } catch (secondError) {
    // Discord itself may be failing (or the 3 s window passed): nothing more to say to the person.
    logger.warn({ err: secondError, interaction: describe(interaction) }, 'discord apology could not be sent');
  }
}

/** What the interaction was, without who or what they typed. */
function describe(interaction: RepliableInteraction): string {
  if (interaction.isChatInputCommand()) return `command:${interaction.commandName}`;
  if (interaction.isButton()) return `button:${interaction.customId.split(':')[0]}`;
  return `modal:${interaction.customId}`;
}

