import type { Api } from 'grammy';
import type { BotCommand, LanguageCode } from 'grammy/types';
import { LOCALES, type Locale, type Translate } from '../../src/core/index.ts';

/** The commands in the menu, in the order Telegram shows them. */
export const MENU_COMMANDS = [
  'start', 'sign', 'count', 'countdown', 'list', 'case', 'video', 'share',
  'remind', 'stayintouch', 'mydata', 'receipt', 'privacy', 'withdraw', 'language', 'cancel', 'help',
] as const;

/** What group admins see on top: turning the campaign's posts on in their group. */
export const GROUP_ADMIN_COMMANDS = ['channel'] as const;

/** The menu in one language, descriptions from `telegram-menu.*` in the locale files. */
export function menuFor(t: Translate, locale: Locale, commands: readonly string[] = MENU_COMMANDS): BotCommand[] {
  return commands.map((command) => ({ command, description: t(locale, `telegram-menu.${command}`) }));
}

/**
 * The `language_code` a locale's menu is registered under, or null when the
 * locale has no code of its own. setMyCommands takes only a two-letter ISO
 * 639-1 code, so zh-Hant cannot be told apart from zh there: a Telegram user
 * whose language is Traditional Chinese ("zh-hant", "zh-TW") sees the `zh`
 * menu, whose descriptions are Simplified Chinese, while every reply to them
 * is in Traditional Chinese (see `localeFromTag`).
 *
 * @example menuLanguageCode('zh-Hant') // null
 */
export function menuLanguageCode(locale: Locale): LanguageCode | null {
  return /^[a-z]{2}$/.test(locale) ? (locale as LanguageCode) : null;
}

/**
 * Registers the command menus so each user sees them in their language: one
 * list per `language_code` (en, ko, zh, es; zh-Hant users get zh, see
 * `menuLanguageCode`), and English for everyone else; group admins also see
 * the channel command.
 */
export async function registerCommandMenus(api: Api, t: Translate): Promise<void> {
  const admins = { type: 'all_chat_administrators' } as const;
  await api.setMyCommands(menuFor(t, 'en'));
  await api.setMyCommands(menuFor(t, 'en', [...GROUP_ADMIN_COMMANDS, ...MENU_COMMANDS]), { scope: admins });
  for (const locale of LOCALES) {
    const language_code = menuLanguageCode(locale);
    if (!language_code) continue;
    await api.setMyCommands(menuFor(t, locale), { language_code });
    await api.setMyCommands(menuFor(t, locale, [...GROUP_ADMIN_COMMANDS, ...MENU_COMMANDS]), { language_code, scope: admins });
  }
}
