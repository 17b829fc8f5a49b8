import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Translate } from '../../src/i18n/i18n.ts';
import { LOCALES, type Locale } from '../../src/core/locale.ts';

/** The commands in the menu, in the order Telegram shows them. */
export const MENU_COMMANDS = [
  'start', 'sign', 'count', 'countdown', 'list', 'case', 'video', 'share',
  'remind', 'mydata', 'withdraw', 'language', 'cancel', 'help',
] as const;

/** The menu in one language, descriptions from `telegram-menu.*` in the locale files. */
export function menuFor(t: Translate, locale: Locale): BotCommand[] {
  return MENU_COMMANDS.map((command) => ({ command, description: t(locale, `telegram-menu.${command}`) }));
}

/**
 * Registers the command menu so each user sees it in their language: one list
 * per `language_code` (en, ko, zh), and English for everyone else.
 */
export async function registerCommandMenus(api: Api, t: Translate): Promise<void> {
  await api.setMyCommands(menuFor(t, 'en'));
  for (const locale of LOCALES) {
    await api.setMyCommands(menuFor(t, locale), { language_code: locale });
  }
}
