/**
 * Signing on Discord: `/sign` (or the Sign button) opens the form; the
 * submitted form becomes one `petition.sign` call, answered ephemerally.
 * A form with a mistake is kept as a short-lived draft so "try again" opens
 * it filled in.
 */
import type { ButtonInteraction, ChatInputCommandInteraction, ModalSubmitInteraction } from 'discord.js';
import { Action } from '../../src/chat/actions.ts';
import { DomainError } from '../../src/core/errors.ts';
import { defer, finish, replyNow, type InteractionContext } from './interaction-context.ts';
import { toDiscordMessage } from './render-discord.ts';
import { draftFrom, signInputFrom, signModal, SignField, type SignDraft } from './sign-modal.ts';

/** Long enough to fix a typo, short enough that a typed name does not linger. */
const DRAFT_TTL_SECONDS = 15 * 60;

function draftKey(ctx: InteractionContext): string {
  return `discord:sign:${ctx.core.keyOf(ctx.signer)}`;
}

/**
 * Shows the form, or says "already signed" (privately) instead of asking again.
 * `country` comes from a "did you mean" button.
 */
export async function openSignForm(
  ctx: InteractionContext,
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  country?: string,
): Promise<void> {
  const { core, locale } = ctx;
  const existing = await core.petition.signatureOf(ctx.signer);
  if (existing) return replyNow(ctx, interaction, toDiscordMessage({ text: core.render.alreadySigned(locale, existing) }), 'ephemeral');
  const draft = (await core.dialogues.get<SignDraft>(draftKey(ctx))) ?? undefined;
  await interaction.showModal(signModal(core.t, locale, country ? { ...draft, country } : draft));
  ctx.state = 'replied';
}

/** The submitted form: check, sign, confirm, all in an ephemeral reply. */
export async function submitSignForm(ctx: InteractionContext, interaction: ModalSubmitInteraction): Promise<void> {
  const { core, locale } = ctx;
  await defer(ctx, interaction, 'ephemeral');
  const draft = draftFrom({
    name: interaction.fields.getTextInputValue(SignField.name) ?? '',
    style: interaction.fields.getStringSelectValues(SignField.style)[0],
    country: interaction.fields.getTextInputValue(SignField.country) ?? '',
  });
  let input;
  try {
    input = signInputFrom(draft, locale);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await core.dialogues.set(draftKey(ctx), draft, DRAFT_TTL_SECONDS);
    const refusal = core.render.error(locale, error);
    // Suggested countries reopen the form with that country; the Sign button reopens it as typed.
    const buttons = [...(refusal.buttons ?? []), [{ label: core.t(locale, 'buttons.sign'), action: Action.sign }]];
    return finish(ctx, interaction, toDiscordMessage({ text: refusal.text, buttons }));
  }
  const outcome = await core.petition.sign(ctx.signer, input);
  await core.dialogues.delete(draftKey(ctx));
  await finish(ctx, interaction, toDiscordMessage(core.render.signOutcome(locale, outcome)));
}
