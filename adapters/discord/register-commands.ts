/**
 * Registers the slash commands with one bulk PUT, which replaces the whole
 * set, so running it again changes nothing.
 *
 *   npx tsx adapters/discord/register-commands.ts            # globally
 *   npx tsx adapters/discord/register-commands.ts --guild ID # one server, visible at once
 *
 * Reads DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_API_URL.
 */
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { getConfig } from '../../src/config.ts';
import { createTranslator } from '../../src/i18n/i18n.ts';
import { buildCommands } from './command-definitions.ts';

export interface RegisterOptions {
  token: string;
  applicationId: string;
  apiUrl?: string | null;
  /** A server id: register there only (instant); otherwise globally. */
  guildId?: string | null;
}

/**
 * @example await registerCommands({ token, applicationId, guildId: '123' }) // 10
 */
export async function registerCommands(options: RegisterOptions): Promise<number> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const registered = (await rest.put(route, { body: buildCommands(createTranslator()) })) as unknown[];
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

async function main(): Promise<void> {
  const { discord } = getConfig(process.env);
  if (!discord) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID are required');
  const guildId = guildFromArgs(process.argv.slice(2));
  const count = await registerCommands({ ...discord, guildId });
  process.stdout.write(`registered ${count} commands ${guildId ? 'in one server' : 'globally'}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
