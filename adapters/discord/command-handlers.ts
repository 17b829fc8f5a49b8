/**
 * Slash commands: each one becomes one core call and one reply. Personal
 * answers (/mydata, /withdraw, /remind) are ephemeral; THE LIST, the
 * petition, the video and the countdown are public, since sharing them is
 * the point in a community server.
 */
import type { ChatInputCommandInteraction } from 'discord.js';
import { Action } from '../../src/chat/actions.ts';
import type { Reply } from '../../src/chat/render.ts';
import { DomainError } from '../../src/core/errors.ts';
import { isCaseKind } from '../../src/core/list-service.ts';
import { videoLink } from '../../src/core/video.ts';
import { handleCampaignCommand } from './campaign-channel.ts';
import { Command, Option } from './command-definitions.ts';
import { userAddress } from './discord-messenger.ts';
import { defer, finish, replyNow, type InteractionContext } from './interaction-context.ts';
import { petitionMessage, toDiscordMessage } from './render-discord.ts';
import { openSignForm } from './sign-flow.ts';

/** Routes one slash command by its (English) name. */
export async function handleCommand(ctx: InteractionContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const { core, locale } = ctx;
  switch (interaction.commandName) {
    case Command.sign:
      return openSignForm(ctx, interaction);
    case Command.withdraw:
      return replyNow(ctx, interaction, toDiscordMessage(withdrawPrompt(ctx)), 'ephemeral');
    case Command.mydata: {
      await defer(ctx, interaction, 'ephemeral');
      return finish(ctx, interaction, toDiscordMessage(await myData(ctx)));
    }
    case Command.petition: {
      await defer(ctx, interaction, 'public');
      return finish(ctx, interaction, petitionMessage(core, locale, await core.petition.summary()));
    }
    case Command.list: {
      await defer(ctx, interaction, 'public');
      const kind = interaction.options.getString(Option.kind);
      const page = interaction.options.getInteger(Option.page) ?? 1;
      return finish(ctx, interaction, toDiscordMessage(await listPage(ctx, page, kind)));
    }
    case Command.case: {
      await defer(ctx, interaction, 'public');
      const found = await core.list.get(interaction.options.getInteger(Option.number, true));
      return finish(ctx, interaction, toDiscordMessage(core.render.caseDetail(locale, found)));
    }
    case Command.video:
      return replyNow(ctx, interaction, toDiscordMessage(core.render.video(locale, videoLink(core.campaign.video, locale))), 'public');
    case Command.countdown:
      return replyNow(ctx, interaction, toDiscordMessage({ text: core.render.countdown(locale, core.petition.countdown()) }), 'public');
    case Command.remind: {
      await defer(ctx, interaction, 'ephemeral');
      const state = interaction.options.getString(Option.state);
      return finish(ctx, interaction, toDiscordMessage(await remind(ctx, state === 'on' ? true : state === 'off' ? false : null)));
    }
    case Command.campaign:
      return handleCampaignCommand(ctx, interaction);
    default:
      throw new DomainError('command.unknown', { command: interaction.commandName.slice(0, 32) });
  }
}

/** "Withdraw your signature?" with Yes/No buttons; nothing is deleted until Yes. */
export function withdrawPrompt(ctx: InteractionContext): Reply {
  const { t } = ctx.core;
  return {
    text: t(ctx.locale, 'withdraw.confirm'),
    buttons: [[
      { label: t(ctx.locale, 'buttons.withdraw-yes'), action: Action.confirmWithdraw },
      { label: t(ctx.locale, 'buttons.withdraw-no'), action: Action.keepSignature },
    ]],
  };
}

/** Everything stored about the person; Discord keeps no half-finished signature outside the form. */
export async function myData(ctx: InteractionContext): Promise<Reply> {
  const { core } = ctx;
  const [signature, language, subscriptions] = await Promise.all([
    core.petition.signatureOf(ctx.signer),
    core.preferences.language(core.keyOf(ctx.signer)),
    core.reminders.forSigner(ctx.signer),
  ]);
  return core.render.myData(ctx.locale, { signature, language, subscriptions, pendingSignature: false });
}

/** A page of THE LIST; `kind` "all" or unknown means every kind. */
export async function listPage(ctx: InteractionContext, page: number, kind: string | null): Promise<Reply> {
  const result = await ctx.core.list.page({ page, kind: kind && isCaseKind(kind) ? kind : null });
  return ctx.core.render.listPage(ctx.locale, result);
}

/** Turns DM reminders on or off (`null` shows the state with a toggle button). */
export async function remind(ctx: InteractionContext, on: boolean | null): Promise<Reply> {
  const { core, locale, signer } = ctx;
  const address = userAddress(signer.userId);
  if (on === true) {
    await core.reminders.subscribe(signer, address, locale);
    return { text: core.t(locale, 'remind.on') };
  }
  if (on === false) {
    await core.reminders.unsubscribe(address);
    return { text: core.t(locale, 'remind.off') };
  }
  const subscribed = (await core.reminders.forSigner(signer)).some((s) => s.address === address);
  return {
    text: core.t(locale, subscribed ? 'remind.status-on' : 'remind.status-off'),
    buttons: [[{ label: core.t(locale, subscribed ? 'buttons.remind-off' : 'buttons.remind-on'), action: Action.remind(!subscribed) }]],
  };
}
