/**
 * What every handler gets for one interaction: the core, the person, their
 * locale, and answer helpers that remember how the interaction was answered
 * so a later reply (or the error seam) uses the right Discord call.
 */
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { CampaignCore } from '../../src/campaign-core.ts';
import type { Locale } from '../../src/core/locale.ts';
import type { Messenger } from '../../src/core/ports.ts';
import type { SignerRef } from '../../src/core/signer-key.ts';
import type { Logger } from '../../src/logger.ts';
import type { DiscordMessage } from './render-discord.ts';

export type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/**
 * How the interaction has been answered so far: not yet, a deferred reply
 * (private or public), a deferred update of the message a button sits on, or
 * a finished reply.
 */
export type AnswerState = 'none' | 'deferred-ephemeral' | 'deferred-public' | 'deferred-update' | 'replied';

export interface InteractionContext {
  core: CampaignCore;
  logger: Logger;
  messenger: Messenger;
  locale: Locale;
  signer: SignerRef;
  state: AnswerState;
}

/** Creates the context; the signer is always the invoking user, never a target. */
export function contextFor(
  deps: { core: CampaignCore; logger: Logger; messenger: Messenger },
  interaction: RepliableInteraction,
  locale: Locale,
): InteractionContext {
  return { ...deps, locale, signer: { platform: 'discord', userId: interaction.user.id }, state: 'none' };
}

/** Acknowledges at once (Discord allows 3 s); the answer follows with `finish`. */
export async function defer(ctx: InteractionContext, interaction: RepliableInteraction, visibility: 'ephemeral' | 'public'): Promise<void> {
  await interaction.deferReply(visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {});
  ctx.state = visibility === 'ephemeral' ? 'deferred-ephemeral' : 'deferred-public';
}

/** Acknowledges a button press that will edit the message it sits on. */
export async function deferUpdate(ctx: InteractionContext, interaction: ButtonInteraction): Promise<void> {
  await interaction.deferUpdate();
  ctx.state = 'deferred-update';
}

/** Answers right away (nothing slow to do). */
export async function replyNow(
  ctx: InteractionContext,
  interaction: RepliableInteraction,
  message: DiscordMessage,
  visibility: 'ephemeral' | 'public',
): Promise<void> {
  await interaction.reply({ ...message, ...(visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {}) });
  ctx.state = 'replied';
}

/** Sends the answer of a deferred interaction (edits the reply, or the button's message). */
export async function finish(ctx: InteractionContext, interaction: RepliableInteraction, message: DiscordMessage): Promise<void> {
  await interaction.editReply(message);
  ctx.state = 'replied';
}

/**
 * A private answer whatever happened before: a refusal or an apology must
 * never land in a public message or replace the message a button sits on.
 */
export async function answerPrivately(ctx: InteractionContext, interaction: RepliableInteraction, message: DiscordMessage): Promise<void> {
  switch (ctx.state) {
    case 'none':
      return replyNow(ctx, interaction, message, 'ephemeral');
    case 'deferred-ephemeral':
      return finish(ctx, interaction, message);
    case 'deferred-public':
      // The public "thinking…" placeholder goes away; the answer is for this person only.
      await interaction.deleteReply().catch(() => {});
      await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
      ctx.state = 'replied';
      return;
    case 'deferred-update':
    case 'replied':
      await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
      ctx.state = 'replied';
  }
}
