/**
 * `/share` and referral counts on Discord, through the real discord.js
 * client against the fake Discord REST API: the supporter's links (the
 * Telegram deep link with their code, the configured Discord link, the page),
 * what signed through them in /share and /mydata, and a server's own code
 * once an admin turns the campaign channel on.
 */
import { Writable } from 'node:stream';
import {
  InteractionResponseType,
  MessageFlags,
  type APIChatInputApplicationCommandInteraction,
  type APIModalSubmitInteraction,
} from 'discord-api-types/v10';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCommands } from '../../../adapters/discord/command-definitions.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import type { App } from '../../../src/app.ts';
import { communities, subscriptions } from '../../../src/storage/schema.ts';
import { deliverInteraction, discordFixture, freshIds, fromUser } from '../../support/discord-interactions.ts';
import { startFakeDiscordApi, type FakeDiscordApi, type RecordedCall } from '../../support/fake-discord-api.ts';
import { createTestApp } from '../../support/test-app.ts';

const APP_ID = '1100000000000000001';
const GUILD = '1300000000000000777';
const OTHER_GUILD = '1300000000000000888';
/** The channel the recorded `/campaign channel` payload names. */
const CHANNEL = '1200000000000000002';
const PAGE = 'https://petition.example.org';
const DISCORD_INVITE = 'https://discord.gg/petition-test';

const signCommand = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-sign');
const signSubmit = discordFixture<APIModalSubmitInteraction>('modal-submit-sign');
const channelCommand = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-campaign-channel');

let app: App;
let fake: FakeDiscordApi;
let discord: DiscordAdapter;

beforeAll(async () => {
  const logger = pino({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() }));
  app = await createTestApp({ logger, share: { telegramBotUsername: 'petition_test_bot', discordInviteUrl: DISCORD_INVITE, publicUrl: PAGE } });
  fake = await startFakeDiscordApi();
  discord = createDiscordAdapter({ chat: app.chat, core: app.core, clock: app.clock, logger, config: { token: 'test-bot-token', applicationId: APP_ID, apiUrl: fake.url } });
  app.messengers.add(discord.messenger!);
});
afterAll(async () => {
  await discord?.stop();
  await fake?.close();
  await app?.close();
});
beforeEach(() => fake.reset());

async function deliver(payload: Parameters<typeof deliverInteraction>[1]): Promise<void> {
  deliverInteraction(discord.client, payload);
  await discord.idle();
}

/** The same payload in another server. */
function inGuild<T extends APIChatInputApplicationCommandInteraction | APIModalSubmitInteraction>(payload: T, guildId: string): T {
  return { ...payload, guild_id: guildId, guild: { ...payload.guild!, id: guildId }, channel: { ...payload.channel!, guild_id: guildId } } as T;
}

function command(userId: string, name: string, locale = 'en-US'): APIChatInputApplicationCommandInteraction {
  const base = freshIds(inGuild(fromUser(signCommand, userId, locale), GUILD));
  return { ...base, data: { ...base.data, name } } as APIChatInputApplicationCommandInteraction;
}

/** The ephemeral answer to a command that needed storage: a deferred ephemeral callback, then the edit. */
function answerOf(payload: { id: string; token: string }): { content: string; urls: string[] } {
  const [callback] = fake.find('POST', new RegExp(`^/interactions/${payload.id}/[^/]+/callback$`));
  expect(callback!.body.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
  expect(callback!.body.data.flags).toBe(MessageFlags.Ephemeral);
  const [edit] = fake.find('PATCH', new RegExp(`^/webhooks/${APP_ID}/${payload.token}/messages/@original$`)) as RecordedCall[];
  const rows = (edit!.body.components ?? []) as Array<{ components: Array<{ url?: string }> }>;
  return { content: String(edit!.body.content), urls: rows.flatMap((r) => r.components.flatMap((c) => (c.url ? [c.url] : []))) };
}

const t = (key: string, params?: Record<string, unknown>) => app.core.t('en', key, params);

describe('/share on Discord', () => {
  it('is a registered slash command with ko, zh and es localizations', () => {
    const share = buildCommands(app.core.t).find((c) => c.name === 'share');
    expect(share).toBeDefined();
    expect(share!.name_localizations).toEqual({ ko: '공유', 'zh-CN': '分享', 'zh-TW': '分享', 'es-ES': 'compartir', 'es-419': 'compartir' });
    expect(share!.description_localizations!.ko).toBe(app.core.t('ko', 'discord.commands.share.description'));
  });

  it("answers privately with the supporter's own links and the warning, and counts who signed through the link", async () => {
    const userId = '1250000000000000701';
    const code = app.core.referralCodeOf({ platform: 'discord', userId });
    const telegramLink = `https://t.me/petition_test_bot?start=${code}`;

    const first = command(userId, 'share');
    await deliver(first);
    const shared = answerOf(first);
    expect(shared.content).toContain(telegramLink);
    expect(shared.content).toContain(DISCORD_INVITE);
    expect(shared.content).toContain(`${PAGE}/en`);
    expect(shared.content).toContain(t('share.warning'));
    expect(shared.content).toContain(t('share.through', { count: 0, n: '0' }));
    expect(shared.urls).toEqual([telegramLink, DISCORD_INVITE, `${PAGE}/en`]);

    // Three people open the Telegram link and sign there (the chat layer as the Telegram adapter drives it).
    for (const [i, country] of (['KR', 'JP', 'KR'] as const).entries()) {
      const friend = { platform: 'telegram', userId: `555000780${i}` };
      const user = { signer: friend, address: `telegram:${friend.userId}`, conversation: `telegram:${friend.userId}`, surface: { platform: 'telegram', eventName: 'update', storedLanguage: true, forms: false, commands: new Set(['start']) }, isPrivate: true };
      await app.chat.command(user, 'start', code);
      const outcome = await app.core.petition.sign(friend, { name: { style: 'anonymous' }, country, language: 'en', referral: (await app.core.dialogues.get<string>(`referral:${app.core.keyOf(friend)}`))! });
      expect(outcome.status).toBe('signed');
    }

    const again = command(userId, 'share');
    await deliver(again);
    expect(answerOf(again).content).toContain('3 people have signed through your invitation link so far.');
    const mydata = command(userId, 'mydata', 'zh-CN');
    await deliver(mydata);
    expect(answerOf(mydata).content).toContain('通过您的邀请链接签名：3人');
  });
});

describe('a Discord server that turns the campaign channel on', () => {
  it('gets its own code: signatures made in it carry the code, signatures elsewhere do not', async () => {
    // Signed in the server before the channel was on: no code.
    const early = '1250000000000000711';
    await deliver(freshIds(inGuild(fromUser(signSubmit, early), GUILD)));
    expect((await app.core.petition.signatureOf({ platform: 'discord', userId: early }))!.referral).toBeNull();

    const on = freshIds(inGuild(channelCommand, GUILD));
    await deliver(on);
    const code = app.core.referrals.communityCode(`discord:guild:${GUILD}`);
    const edit = fake.find('PATCH', new RegExp(`^/webhooks/${APP_ID}/${on.token}/messages/@original$`))[0]!;
    expect(edit.body.content).toContain(t('share.community-on', { context: 'discord' }));
    expect(edit.body.content).not.toContain('t.me/');
    expect(await app.core.referrals.communityReferral(`discord:guild:${GUILD}`)).toBe(code);
    const [row] = await app.database.db.select().from(communities).where(eq(communities.code, code));
    expect(row).toMatchObject({ code, platform: 'discord' });
    expect(JSON.stringify(row)).not.toContain(GUILD);
    const channel = await app.database.db.select({ community: subscriptions.community }).from(subscriptions).where(eq(subscriptions.addressIndex, app.addresses.index(`discord:channel:${CHANNEL}`)));
    expect(channel).toEqual([{ community: code }]);

    const members = ['1250000000000000712', '1250000000000000713'];
    for (const member of members) {
      await deliver(freshIds(inGuild(fromUser(signSubmit, member, 'ko'), GUILD)));
      expect((await app.core.petition.signatureOf({ platform: 'discord', userId: member }))!.referral).toBe(code);
    }
    const elsewhere = '1250000000000000714';
    await deliver(freshIds(inGuild(fromUser(signSubmit, elsewhere), OTHER_GUILD)));
    expect((await app.core.petition.signatureOf({ platform: 'discord', userId: elsewhere }))!.referral).toBeNull();

    expect(await app.core.referrals.signedThrough(code)).toBe(2);
    const totals = await app.core.referrals.communityTotals();
    expect(totals.find((c) => c.code === code)).toMatchObject({ count: 2, nations: 1 });
  });
});
