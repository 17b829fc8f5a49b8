/**
 * Registers the slash commands with one bulk PUT, which replaces the whole
 * set, so running it again changes nothing. Run by `npm run discord:register`
 * (src/cli/discord-register.ts), which reads the configuration.
 */
import { REST, Routes } from 'discord.js';
import type { Translate } from '../../src/core/index.ts';
import { buildCommands } from './command-definitions.ts';

export interface RegisterOptions {
  token: string;
  applicationId: string;
  apiUrl?: string | null;
  /** A server id: register there only (instant); otherwise globally. */
  guildId?: string | null;
}

/**
 * @example await registerCommands({ token, applicationId, guildId: '123' }, t) // 10
 */
export async function registerCommands(options: RegisterOptions, t: Translate): Promise<number> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const registered = (await rest.put(route, { body: buildCommands(t) })) as unknown[];
  return registered.length;
}

/** `--guild 123` or `--guild=123`; null when absent. */
export function guildFromArgs(args: readonly string[]): string | null {
  const index = args.findIndex((a) => a === '--guild' || a.startsWith('--guild='));
  if (index < 0) return null;
  const value = args[index]!.includes('=') ? args[index]!.split('=')[1] : args[index + 1];
  if (!value || !/^\d{5,25}$/.test(value)) throw new Error('--guild needs a numeric server id');
  return value;
}
