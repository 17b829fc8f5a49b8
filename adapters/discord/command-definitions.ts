/**
 * The slash commands, as Discord registers them: names and descriptions in
 * English with ko, zh-CN, zh-TW, es-ES and es-419 localizations read from the
 * locale files, so a Korean, Chinese or Spanish client shows them in its own
 * language (zh-TW in Traditional Chinese).
 */
import {
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { CASE_KINDS, LOCALES, MAX_CASE_NUMBER, type Locale, type Translate } from '../../src/core/index.ts';

/** Command names as the handlers see them (`interaction.commandName` is always the English name). */
export const Command = {
  sign: 'sign',
  withdraw: 'withdraw',
  mydata: 'mydata',
  receipt: 'receipt',
  privacy: 'privacy',
  petition: 'petition',
  list: 'list',
  case: 'case',
  video: 'video',
  countdown: 'countdown',
  remind: 'remind',
  share: 'share',
  stayintouch: 'stayintouch',
  campaign: 'campaign',
} as const;

export const Subcommand = { channel: 'channel', channelOff: 'channel-off' } as const;
export const Option = { kind: 'kind', page: 'page', number: 'number', state: 'state', channel: 'channel', language: 'language', code: 'code', format: 'format' } as const;

/** Channels the bot can post reminders in. */
export const POSTABLE_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/**
 * Our locales as Discord names them: zh-CN is Simplified (zh), zh-TW
 * Traditional (zh-Hant), and both of Discord's Spanish locales (es-ES and
 * es-419, Latin America) read our neutral Spanish.
 */
export const DISCORD_LOCALES = { ko: 'ko', 'zh-CN': 'zh', 'zh-TW': 'zh-Hant', 'es-ES': 'es', 'es-419': 'es' } as const satisfies Record<string, Locale>;

function localizations(t: Translate, key: string): LocalizationMap {
  return Object.fromEntries(Object.entries(DISCORD_LOCALES).map(([discord, ours]) => [discord, t(ours, key)]));
}

/** Applies the English name/description and their localizations from `discord.<group>.<id>`. */
function named<B extends {
  setName(name: string): B;
  setDescription(description: string): B;
  setNameLocalizations(map: LocalizationMap | null): B;
  setDescriptionLocalizations(map: LocalizationMap | null): B;
}>(builder: B, t: Translate, key: string): B {
  return builder
    .setName(t('en', `${key}.name`))
    .setDescription(t('en', `${key}.description`))
    .setNameLocalizations(localizations(t, `${key}.name`))
    .setDescriptionLocalizations(localizations(t, `${key}.description`));
}

function command(t: Translate, name: string): SlashCommandBuilder {
  // Commands work in servers and in DMs with the bot; personal replies are ephemeral either way.
  return named(new SlashCommandBuilder(), t, `discord.commands.${name}`).setContexts(
    InteractionContextType.Guild,
    InteractionContextType.BotDM,
  );
}

/**
 * Every command's JSON, ready for a bulk PUT. Built from the English names in
 * the locale files, which must equal the `Command` constants.
 *
 * @example await rest.put(Routes.applicationCommands(appId), { body: buildCommands(t) })
 */
export function buildCommands(t: Translate): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const choice = (value: string, key: string) => ({ name: t('en', key), value, name_localizations: localizations(t, key) });
  const commands = [
    command(t, Command.sign),
    command(t, Command.withdraw),
    command(t, Command.mydata).addStringOption((o) => named(o, t, `discord.options.${Option.format}`).addChoices(choice('json', 'discord.choices.json'))),
    // Receipt codes are 16 Crockford characters in groups of four; typed with spaces or dashes they stay under 64.
    command(t, Command.receipt).addStringOption((o) => named(o, t, `discord.options.${Option.code}`).setMaxLength(64)),
    command(t, Command.privacy),
    command(t, Command.petition),
    command(t, Command.list)
      .addStringOption((o) =>
        named(o, t, `discord.options.${Option.kind}`).addChoices(
          ...['all', ...CASE_KINDS].map((kind) => choice(kind, `list.kind.${kind}`)),
        ),
      )
      .addIntegerOption((o) => named(o, t, `discord.options.${Option.page}`).setMinValue(1).setMaxValue(100_000)),
    command(t, Command.case).addIntegerOption((o) =>
      // Case numbers are THE LIST's (1 to 1,000,000); Discord refuses anything else before we see it.
      named(o, t, `discord.options.${Option.number}`).setMinValue(1).setMaxValue(MAX_CASE_NUMBER).setRequired(true),
    ),
    command(t, Command.video),
    command(t, Command.countdown),
    command(t, Command.remind).addStringOption((o) =>
      named(o, t, `discord.options.${Option.state}`).addChoices(choice('on', 'discord.choices.on'), choice('off', 'discord.choices.off')),
    ),
    command(t, Command.share),
    command(t, Command.stayintouch).addStringOption((o) =>
      named(o, t, `discord.options.${Option.state}`).addChoices(choice('on', 'discord.choices.on'), choice('off', 'discord.choices.off')),
    ),
    named(new SlashCommandBuilder(), t, `discord.commands.${Command.campaign}`)
      // Hidden from members without Manage Server; the handler checks again, since admins can change this per server.
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .setContexts(InteractionContextType.Guild)
      .addSubcommand((s) =>
        named(s, t, `discord.subcommands.${Subcommand.channel}`)
          .addChannelOption((o) =>
            named(o, t, `discord.options.${Option.channel}`).addChannelTypes(...POSTABLE_CHANNEL_TYPES).setRequired(true),
          )
          .addStringOption((o) =>
            named(o, t, `discord.options.${Option.language}`).addChoices(
              ...LOCALES.map((l) => ({ name: t(l, `language.name.${l}`), value: l })),
            ),
          ),
      )
      .addSubcommand((s) =>
        named(s, t, `discord.subcommands.${Subcommand.channelOff}`).addChannelOption((o) =>
          named(o, t, `discord.options.${Option.channel}`).addChannelTypes(...POSTABLE_CHANNEL_TYPES),
        ),
      ),
  ];
  return commands.map((c) => c.toJSON());
}
