/**
 * The core's outgoing-message port for Discord: reminders and milestones to
 * server channels (`discord:channel:<id>`) and to people by DM
 * (`discord:user:<id>`). Rate limits are left to discord.js's REST queue.
 */
import { DiscordAPIError, Routes, type REST } from 'discord.js';
import { RecipientGoneError, type Messenger, type OutgoingMessage } from '../../src/core/index.ts';
import { toDiscordMessages, toRestBody } from './render-discord.ts';

export const DISCORD_PREFIX = 'discord';

/** Where a Discord address points. */
export type DiscordTarget = { kind: 'channel'; id: string } | { kind: 'user'; id: string };

/** The address a channel subscription is stored under. */
export const channelAddress = (channelId: string) => `${DISCORD_PREFIX}:channel:${channelId}`;
/** The address a person's DM reminders are stored under. */
export const userAddress = (userId: string) => `${DISCORD_PREFIX}:user:${userId}`;

/**
 * @example parseAddress('discord:channel:123') // { kind: 'channel', id: '123' }
 */
export function parseAddress(address: string): DiscordTarget {
  const match = /^discord:(channel|user):(\d{1,25})$/.exec(address);
  if (!match) throw new Error('not a Discord address');
  return { kind: match[1] as DiscordTarget['kind'], id: match[2]! };
}

/**
 * Discord refuses for good: the channel is gone (404, Unknown Channel) or the
 * bot may no longer see or post there, or the person does not accept DMs
 * (403: Missing Access, Missing Permissions, Cannot send messages to this user).
 */
export function isRecipientGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.status === 403 || error.status === 404);
}

/** Sends core messages through discord.js's REST client (rate limits are queued there). */
export function createDiscordMessenger(rest: REST): Messenger {
  // A DM channel id never changes for a user; remember it to save a request per reminder.
  const dmChannels = new Map<string, string>();

  async function channelOf(target: DiscordTarget): Promise<string> {
    if (target.kind === 'channel') return target.id;
    const known = dmChannels.get(target.id);
    if (known) return known;
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: target.id } })) as { id: string };
    dmChannels.set(target.id, dm.id);
    return dm.id;
  }

  return {
    prefix: DISCORD_PREFIX,
    async send(address: string, message: OutgoingMessage) {
      const target = parseAddress(address);
      try {
        const channelId = await channelOf(target);
        // Nothing cut: a text too long for one message goes out as several, in order.
        for (const part of toDiscordMessages(message)) await rest.post(Routes.channelMessages(channelId), { body: toRestBody(part) });
      } catch (error) {
        // The caller disables the address instead of retrying it forever.
        if (isRecipientGone(error)) {
          throw new RecipientGoneError(address, `discord ${(error as DiscordAPIError).status} ${(error as DiscordAPIError).code}`, target.kind === 'channel' ? 'channel' : 'person');
        }
        throw error;
      }
    },
  };
}
