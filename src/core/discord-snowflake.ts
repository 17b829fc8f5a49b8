import { DiscordSnowflake } from '@sapphire/snowflake';

/**
 * When a Discord account was created, read from its user id: Discord ids are
 * snowflakes that carry their creation time. Used only to flag a new account
 * at signing; neither the id nor the date is kept. Null for anything that is
 * not a snowflake.
 *
 * @example snowflakeTime('175928847299117063') // 2016-04-30T11:18:25.796Z
 */
export function snowflakeTime(id: string): Date | null {
  if (!/^\d{1,20}$/.test(id)) return null;
  const ms = Number(DiscordSnowflake.timestampFrom(id));
  // Ids below 2^22 carry no time at all; they only decode to the epoch itself.
  if (BigInt(id) < 1n << 22n) return null;
  return new Date(ms);
}
