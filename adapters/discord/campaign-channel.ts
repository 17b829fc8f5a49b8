/**
 * `/campaign channel #channel [language]` and `/campaign channel-off [#channel]`:
 * server admins choose where countdown reminders and milestones are posted.
 * Manage Server is required by the command's default permissions and checked
 * again here, since a server can grant the command to anyone.
 */
import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { isLocale, type Locale } from '../../src/core/locale.ts';
import { RecipientGoneError } from '../../src/core/ports.ts';
import { Option, Subcommand } from './command-definitions.ts';
import { channelAddress } from './discord-messenger.ts';
import { defer, finish, replyNow, type InteractionContext } from './interaction-context.ts';
import { toDiscordMessage } from './render-discord.ts';

const POST_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;

/** Runs the admin command, or refuses privately. */
export async function handleCampaignCommand(ctx: InteractionContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const { t } = ctx.core;
  const say = (key: string, params?: Record<string, unknown>) => toDiscordMessage({ text: t(ctx.locale, key, params) });
  if (!interaction.inGuild()) return replyNow(ctx, interaction, say('discord.campaign.guild-only'), 'ephemeral');
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    return replyNow(ctx, interaction, say('discord.campaign.not-allowed'), 'ephemeral');
  }

  await defer(ctx, interaction, 'ephemeral');
  if (interaction.options.getSubcommand() === Subcommand.channelOff) {
    const channelId = interaction.options.getChannel(Option.channel)?.id ?? interaction.channelId;
    const removed = await ctx.core.reminders.unsubscribe(channelAddress(channelId));
    return finish(ctx, interaction, say(removed ? 'discord.campaign.channel-off' : 'discord.campaign.channel-off-none', { channel: `<#${channelId}>` }));
  }

  const channelId = interaction.options.getChannel(Option.channel, true).id;
  const chosen = interaction.options.getString(Option.language);
  const language: Locale = isLocale(chosen) ? chosen : ctx.locale;
  const mention = `<#${channelId}>`;
  if (!(await canPost(ctx, interaction, channelId, language))) {
    return finish(ctx, interaction, say('discord.campaign.cannot-post', { channel: mention }));
  }
  await ctx.core.reminders.subscribeChannel(channelAddress(channelId), language);
  return finish(ctx, interaction, say('discord.campaign.channel-on', { channel: mention, language: t(ctx.locale, `language.name.${language}`) }));
}

/**
 * Whether the bot can post in the channel: its cached permissions when the
 * server is cached, then a real first post that tells the channel what it
 * will receive (the only check that cannot be wrong).
 */
async function canPost(ctx: InteractionContext, interaction: ChatInputCommandInteraction, channelId: string, language: Locale): Promise<boolean> {
  const guild = interaction.guild;
  const channel = guild?.channels.cache.get(channelId);
  const me = guild?.members.me;
  if (channel && me && !channel.permissionsFor(me).has(POST_PERMISSIONS)) return false;
  try {
    await ctx.messenger.send(channelAddress(channelId), { text: ctx.core.t(language, 'discord.campaign.channel-welcome') });
    return true;
  } catch (error) {
    if (error instanceof RecipientGoneError) return false;
    throw error;
  }
}
