/**
 * The Messenger port and command registration against the fake Discord REST
 * API: channel posts, DMs, channels the bot lost, and the bulk PUT.
 */
import { REST } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordMessenger } from '../../../adapters/discord/discord-messenger.ts';
import { registerCommands } from '../../../adapters/discord/register-commands.ts';
import { RecipientGoneError, type Messenger } from '../../../src/core/index.ts';
import { createTranslator } from '../../../src/i18n/i18n.ts';
import { startFakeDiscordApi, type FakeDiscordApi } from '../../support/fake-discord-api.ts';

const t = createTranslator();

let fake: FakeDiscordApi;
let messenger: Messenger;

beforeAll(async () => {
  fake = await startFakeDiscordApi();
  const rest = new REST({ api: fake.url, retries: 0 }).setToken('test-bot-token');
  messenger = createDiscordMessenger(rest);
});

afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('Discord messenger', () => {
  it('serves the discord prefix', () => {
    expect(messenger.prefix).toBe('discord');
  });

  it('posts to a channel with buttons and no pings', async () => {
    await messenger.send('discord:channel:1200000000000000007', {
      text: '3 days left',
      buttons: [[{ label: 'Sign', action: 'sign' }]],
    });
    const [post] = fake.find('POST', /^\/channels\/1200000000000000007\/messages$/);
    expect(post!.body).toMatchObject({ content: '3 days left', allowed_mentions: { parse: [] } });
    expect(post!.body.components[0].components[0].custom_id).toBe('sign');
  });

  it('opens a DM channel once per person, then posts there', async () => {
    await messenger.send('discord:user:1250000000000000201', { text: 'one' });
    await messenger.send('discord:user:1250000000000000201', { text: 'two' });
    const opened = fake.find('POST', /^\/users\/@me\/channels$/);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.body).toEqual({ recipient_id: '1250000000000000201' });
    expect(fake.find('POST', /^\/channels\/\d+\/messages$/).map((c) => c.body.content)).toEqual(['one', 'two']);
  });

  it.each([
    [403, 50001, 'Missing Access'],
    [403, 50013, 'Missing Permissions'],
    [404, 10003, 'Unknown Channel'],
  ])('reports a channel it lost (%i %i) as gone, so the caller disables it', async (status, code, message) => {
    fake.refuseChannel('1200000000000000008', { status, code, message });
    const attempt = messenger.send('discord:channel:1200000000000000008', { text: 'milestone' });
    await expect(attempt).rejects.toBeInstanceOf(RecipientGoneError);
    await expect(attempt).rejects.toMatchObject({ address: 'discord:channel:1200000000000000008' });
  });

  it('refuses an address it does not serve', async () => {
    await expect(messenger.send('slack:C123', { text: 'x' })).rejects.toThrow(/not a Discord address/);
    expect(fake.calls).toHaveLength(0);
  });
});

describe('registering commands', () => {
  it('puts the whole set for one server in one request', async () => {
    const count = await registerCommands({ token: 'test-bot-token', applicationId: '1100000000000000001', apiUrl: fake.url, guildId: '1300000000000000001' }, t);
    const [put, ...more] = fake.find('PUT', /^\/applications\/1100000000000000001\/guilds\/1300000000000000001\/commands$/);
    expect(more).toHaveLength(0);
    expect(count).toBe(14);
    expect(put!.body.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['campaign', 'privacy', 'stayintouch', 'share']));
  });

  it('registers globally without a guild', async () => {
    await registerCommands({ token: 'test-bot-token', applicationId: '1100000000000000001', apiUrl: fake.url }, t);
    expect(fake.find('PUT', /^\/applications\/1100000000000000001\/commands$/)).toHaveLength(1);
  });
});
