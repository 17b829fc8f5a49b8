/**
 * Translates a Discord interaction into the chat layer's terms: who (the
 * invoking user, hashed by the core), what (command, button, form), and the
 * channel an admin acts for.
 */
import { PermissionFlagsBits, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { ChatInput, ChatSurface, ChatUser, CommunityChannel } from '../../src/chat/index.ts';
import { snowflakeTime } from '../../src/core/index.ts';
import { Command, Option, Subcommand } from './command-definitions.ts';
import { channelAddress, userAddress } from './discord-messenger.ts';
import { formOfModal, valuesOfModal } from './form-modal.ts';

export type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/**
 * Discord shows whole forms (modals); its client language is used as it is;
 * personal answers are ephemeral, so personal commands work in servers too.
 */
export const DISCORD_SURFACE: ChatSurface = {
  platform: 'discord',
  eventName: 'interaction',
  forms: true,
  storedLanguage: false,
  commands: new Set(['sign', 'withdraw', 'mydata', 'receipt', 'privacy', 'petition', 'list', 'case', 'video', 'countdown', 'remind', 'share', 'stayintouch', 'channel']),
};

/** The person behind an interaction; always the invoking user, never a target. */
export function chatUserOf(interaction: RepliableInteraction): ChatUser {
  const address = userAddress(interaction.user.id);
  return {
    signer: { platform: 'discord', userId: interaction.user.id },
    address,
    conversation: address,
    surface: DISCORD_SURFACE,
    languageTag: interaction.locale,
    // Ephemeral answers keep personal data between the person and the bot, even in a server.
    isPrivate: true,
    // For the review rules: how old the account is (in its id) and which server it signs from (hashed by the core).
    signals: { accountCreatedAt: snowflakeTime(interaction.user.id), community: interaction.guildId ? `discord:guild:${interaction.guildId}` : null },
    community: communityOf(interaction),
  };
}

/** `/campaign channel [#channel]`: the channel chosen (or this one), managed by members with Manage Server. */
function communityOf(interaction: RepliableInteraction): CommunityChannel | undefined {
  if (!interaction.isChatInputCommand() || interaction.commandName !== Command.campaign || !interaction.inGuild()) return undefined;
  const channelId = interaction.options.getChannel(Option.channel)?.id ?? interaction.channelId;
  return {
    address: channelAddress(channelId),
    // The server is the community (as in `signals.community`): signatures from it count for it.
    key: `discord:guild:${interaction.guildId}`,
    name: interaction.guild?.name ?? null,
    label: `<#${channelId}>`,
    // Required by the command's default permissions and checked again, since a server can grant the command to anyone.
    canManage: async () => Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)),
  };
}

/** What the person did, as a chat input; null for what the bot does not handle. */
export function inputOf(interaction: RepliableInteraction): ChatInput | null {
  if (interaction.isButton()) return { kind: 'action', payload: interaction.customId };
  if (interaction.isModalSubmit()) {
    const form = formOfModal(interaction.customId);
    return form ? { kind: 'form', form, values: valuesOfModal(interaction) } : null;
  }
  const options = interaction.options;
  switch (interaction.commandName) {
    case Command.list:
      return { kind: 'command', name: 'list', args: [options.getString(Option.kind) ?? '', options.getInteger(Option.page) ?? ''].join(' ') };
    case Command.case:
      return { kind: 'command', name: 'case', args: String(options.getInteger(Option.number) ?? '') };
    case Command.remind:
      return { kind: 'command', name: 'remind', args: options.getString(Option.state) ?? '' };
    case Command.receipt:
      return { kind: 'command', name: 'receipt', args: options.getString(Option.code) ?? '' };
    case Command.stayintouch:
      return { kind: 'command', name: 'stayintouch', args: options.getString(Option.state) ?? '' };
    case Command.mydata:
      return { kind: 'command', name: 'mydata', args: options.getString(Option.format) ?? '' };
    case Command.campaign: {
      const off = options.getSubcommand(false) === Subcommand.channelOff;
      return { kind: 'command', name: 'channel', args: off ? 'off' : `on ${options.getString(Option.language) ?? ''}` };
    }
    default:
      return { kind: 'command', name: interaction.commandName, args: '' };
  }
}
