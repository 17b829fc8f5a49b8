/**
 * `npm run discord:register [-- --guild ID]`: registers the slash commands
 * globally, or in one server (visible at once). Reads DISCORD_TOKEN,
 * DISCORD_APPLICATION_ID and DISCORD_API_URL.
 */
import { guildFromArgs, registerCommands } from '../../adapters/discord/register-commands.ts';
import { ConfigError, getConfig } from '../config.ts';
import { createTranslator } from '../i18n/i18n.ts';

async function main(): Promise<number> {
  const { discord } = getConfig(process.env);
  if (!discord) throw new ConfigError('DISCORD_TOKEN', 'and DISCORD_APPLICATION_ID are required');
  const guildId = guildFromArgs(process.argv.slice(2));
  const count = await registerCommands({ ...discord, guildId }, createTranslator());
  process.stdout.write(`registered ${count} commands ${guildId ? 'in one server' : 'globally'}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? 'Configuration error: ' : ''}${(error as Error).message}\n`);
    process.exit(1);
  },
);
