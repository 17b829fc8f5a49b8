/**
 * Button presses, by custom id. The ids are the core's shared action
 * payloads (src/chat/actions.ts), so every surface speaks the same buttons.
 * Paging THE LIST edits the message in place; anything personal answers
 * ephemerally.
 */
import type { ButtonInteraction } from 'discord.js';
import { Action } from '../../src/chat/actions.ts';
import { DomainError } from '../../src/core/errors.ts';
import { videoLink } from '../../src/core/video.ts';
import { listPage, remind, withdrawPrompt } from './command-handlers.ts';
import { defer, deferUpdate, finish, replyNow, type InteractionContext } from './interaction-context.ts';
import { toDiscordMessage } from './render-discord.ts';
import { openSignForm } from './sign-flow.ts';

/** What a custom id asks for; unknown ids (old messages, other bots' ids) are `expired`. */
export type ButtonRequest =
  | { kind: 'sign'; country?: string }
  | { kind: 'list'; page: number; listKind: string }
  | { kind: 'case'; number: number }
  | { kind: 'video' }
  | { kind: 'withdraw-prompt' }
  | { kind: 'withdraw'; confirmed: boolean }
  | { kind: 'remind'; on: boolean }
  | { kind: 'expired' };

/**
 * @example parseButton('list:2:refugee') // { kind: 'list', page: 2, listKind: 'refugee' }
 */
export function parseButton(customId: string): ButtonRequest {
  const [head, a, b] = customId.split(':');
  switch (head) {
    case Action.sign:
      return { kind: 'sign' };
    case 'sd':
      return a === 'country' && b && /^[A-Z]{2}$/.test(b) ? { kind: 'sign', country: b } : { kind: 'expired' };
    case 'list': {
      const page = Number(a);
      return Number.isSafeInteger(page) && page >= 1 ? { kind: 'list', page, listKind: b ?? 'all' } : { kind: 'expired' };
    }
    case 'case': {
      const number = Number(a);
      return Number.isSafeInteger(number) && number >= 1 ? { kind: 'case', number } : { kind: 'expired' };
    }
    case Action.video:
      return { kind: 'video' };
    case 'withdraw':
      return { kind: 'withdraw-prompt' };
    case 'wd':
      return { kind: 'withdraw', confirmed: a === 'confirm' };
    case 'remind':
      return a === 'on' || a === 'off' ? { kind: 'remind', on: a === 'on' } : { kind: 'expired' };
    default:
      return { kind: 'expired' };
  }
}

/** Runs one button press. */
export async function handleButton(ctx: InteractionContext, interaction: ButtonInteraction): Promise<void> {
  const { core, locale } = ctx;
  const request = parseButton(interaction.customId);
  switch (request.kind) {
    case 'sign':
      return openSignForm(ctx, interaction, request.country);
    case 'list':
      await deferUpdate(ctx, interaction);
      return finish(ctx, interaction, toDiscordMessage(await listPage(ctx, request.page, request.listKind)));
    case 'case':
      // A new private message, so one person reading a story does not change the shared list.
      await defer(ctx, interaction, 'ephemeral');
      return finish(ctx, interaction, toDiscordMessage(core.render.caseDetail(locale, await core.list.get(request.number))));
    case 'video':
      return replyNow(ctx, interaction, toDiscordMessage(core.render.video(locale, videoLink(core.campaign.video, locale))), 'ephemeral');
    case 'withdraw-prompt':
      return replyNow(ctx, interaction, toDiscordMessage(withdrawPrompt(ctx)), 'ephemeral');
    case 'withdraw': {
      await deferUpdate(ctx, interaction);
      if (!request.confirmed) return finish(ctx, interaction, toDiscordMessage({ text: core.t(locale, 'withdraw.kept') }));
      const outcome = await core.petition.withdraw(ctx.signer);
      const stillSubscribed = (await core.reminders.forSigner(ctx.signer)).length > 0;
      return finish(ctx, interaction, toDiscordMessage(core.render.withdrawOutcome(locale, outcome, stillSubscribed)));
    }
    case 'remind':
      // Reminder buttons sit on ephemeral messages, so editing them in place stays private.
      await deferUpdate(ctx, interaction);
      return finish(ctx, interaction, toDiscordMessage(await remind(ctx, request.on)));
    case 'expired':
      throw new DomainError('dialogue.expired');
  }
}
