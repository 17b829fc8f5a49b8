/**
 * `/privacy` and `/mydata json` on each chat platform, through the real
 * adapters against the fake platform APIs: the notice in the person's
 * language, and their data as a file where the platform takes files.
 */
import { PassThrough } from 'node:stream';
import { InteractionResponseType, MessageFlags, type APIChatInputApplicationCommandInteraction, type APIModalSubmitInteraction } from 'discord-api-types/v10';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCommands } from '../../adapters/discord/command-definitions.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.ts';
import { menuFor } from '../../adapters/telegram/commands.ts';
import { createTerminalAdapter } from '../../adapters/terminal/terminal-adapter.ts';
import type { App } from '../../src/app.ts';
import { LOCALES } from '../../src/core/index.ts';
import { buttonPress, memoryLogger, privateText, sentTo, testAdapter, type TestUser } from '../adapters/telegram/telegram-harness.ts';
import { deliverInteraction, discordFixture, freshIds, fromUser } from '../support/discord-interactions.ts';
import { startFakeDiscordApi, type FakeDiscordApi } from '../support/fake-discord-api.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { createTestApp } from '../support/test-app.ts';

const APP_ID = '1100000000000000001';
const signCommand = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-sign');
const signSubmit = discordFixture<APIModalSubmitInteraction>('modal-submit-sign');

let app: App;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

describe('/privacy and /mydata json on Telegram', () => {
  const user: TestUser = { id: 5559980001, firstName: '지우', lastName: '정보', lang: 'ko' };
  let api: FakeTelegramApi;
  let telegram: ReturnType<typeof testAdapter>;
  beforeAll(async () => {
    api = await startFakeTelegramApi();
    telegram = testAdapter(app, api);
  });
  afterAll(async () => api?.close());
  beforeEach(() => api.reset());

  it('sends the privacy notice in the person\'s language, and lists /privacy in every menu', async () => {
    await telegram.bot.handleUpdate(privateText(user, '/privacy'));
    const [message, ...more] = sentTo(api, user.id);
    expect(more).toEqual([]);
    expect(message!.text).toBe(app.chat.render.privacy('ko').text);
    expect(message!.text).toContain('개인정보 처리방침');
    expect(message!.text).toContain('North Korea Freedom Coalition');
    for (const locale of LOCALES) expect(menuFor(app.core.t, locale).map((c) => c.command)).toContain('privacy');
  });

  it('sends the signer\'s data as a JSON document with a caption', async () => {
    for (const update of [privateText(user, '/sign'), privateText(user, '김 지우'), buttonPress(user, 'sd:country:KR'), buttonPress(user, 'sd:confirm'), privateText(user, '/remind on')]) {
      await telegram.bot.handleUpdate(update);
    }
    api.reset();
    await telegram.bot.handleUpdate(privateText(user, '/mydata json'));
    expect(sentTo(api, user.id)).toEqual([]);
    const [call, ...more] = api.callsOf('sendDocument');
    expect(more).toEqual([]);
    expect(Number(call!.body.chat_id)).toBe(user.id);
    expect(call!.body.caption).toBe(app.core.t('ko', 'mydata.json-caption'));
    expect(call!.body.document).toMatchObject({ filename: 'mydata.json' });
    const data = JSON.parse(call!.body.document.content);
    expect(data).toMatchObject({
      campaign: app.core.campaign.id,
      signature: { name: '김 지우', nameStyle: 'full', country: 'KR', language: 'ko', platform: 'telegram', state: 'valid' },
      reminders: [{ platform: 'telegram', language: 'ko', timeZone: null }],
    });
    expect(data.signature.receipt).toBe(await app.core.petition.receiptOf({ platform: 'telegram', userId: String(user.id) }));
    // Neither the account id nor the chat address is in the file.
    expect(call!.body.document.content).not.toContain(String(user.id));
  });

  it('refuses an unknown format in words and sends no file', async () => {
    await telegram.bot.handleUpdate(privateText(user, '/mydata xml'));
    expect(sentTo(api, user.id).map((m) => m.text)).toEqual([app.core.t('ko', 'errors:mydata.unknown-format')]);
    expect(api.callsOf('sendDocument')).toEqual([]);
  });
});

describe('/privacy and /mydata json on Discord', () => {
  const userId = '1250000000000098001';
  let fake: FakeDiscordApi;
  let discord: DiscordAdapter;
  const command = (name: string, options?: APIChatInputApplicationCommandInteraction['data']['options'], locale = 'en-US') => {
    const base = freshIds(fromUser(signCommand, userId, locale));
    return { ...base, data: { ...base.data, name, ...(options ? { options } : {}) } } as APIChatInputApplicationCommandInteraction;
  };
  const deliver = async (payload: Parameters<typeof deliverInteraction>[1]) => {
    deliverInteraction(discord.client, payload);
    await discord.idle();
  };
  const original = (token: string) => fake.find('PATCH', new RegExp(`^/webhooks/${APP_ID}/${token}/messages/@original$`));
  const callback = (id: string) => fake.find('POST', new RegExp(`^/interactions/${id}/[^/]+/callback$`));

  beforeAll(async () => {
    fake = await startFakeDiscordApi();
    discord = createDiscordAdapter({ chat: app.chat, core: app.core, clock: app.clock, logger: memoryLogger().logger, config: { token: 'test-bot-token', applicationId: APP_ID, apiUrl: fake.url } });
  });
  afterAll(async () => {
    await discord?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('registers /privacy with ko and zh names, and a JSON choice on /mydata', () => {
    const commands = buildCommands(app.core.t);
    const privacy = commands.find((c) => c.name === 'privacy');
    expect(privacy?.name_localizations).toMatchObject({ ko: app.core.t('ko', 'discord.commands.privacy.name'), 'zh-CN': app.core.t('zh', 'discord.commands.privacy.name') });
    const mydata = commands.find((c) => c.name === 'mydata');
    expect(mydata?.options?.[0]).toMatchObject({ name: 'format', choices: [{ value: 'json' }] });
  });

  it('answers /privacy privately with the notice in the person\'s language', async () => {
    const payload = command('privacy', undefined, 'zh-CN');
    await deliver(payload);
    const [ack] = callback(payload.id);
    expect(ack!.body.data.flags).toBe(MessageFlags.Ephemeral);
    const notice = app.chat.render.privacy('zh').text;
    const shown = ack!.body.type === InteractionResponseType.ChannelMessageWithSource ? ack!.body.data : original(payload.token)[0]!.body;
    // Under Discord's 2,000 characters as content, else in an embed.
    expect(shown.content || shown.embeds[0].description).toBe(notice);
    expect(notice).toContain('隐私声明');
  });

  it('attaches the signer\'s data as mydata.json to a private answer', async () => {
    await deliver(freshIds(fromUser(signSubmit, userId)));
    fake.reset();
    const payload = command('mydata', [{ name: 'format', type: 3, value: 'json' }]);
    await deliver(payload);
    expect(callback(payload.id)[0]!.body.data.flags).toBe(MessageFlags.Ephemeral);
    const [edit] = original(payload.token);
    expect(edit!.body.content).toBe(app.core.t('en', 'mydata.json-caption'));
    expect(edit!.body.uploads).toHaveLength(1);
    expect(edit!.body.uploads[0]).toMatchObject({ filename: 'mydata.json' });
    const data = JSON.parse(edit!.body.uploads[0].content);
    expect(data.signature).toMatchObject({ platform: 'discord', country: 'CA', state: 'valid' });
    expect(edit!.body.uploads[0].content).not.toContain(userId);
  });
});

describe('/privacy and /mydata json in the terminal', () => {
  it('prints the notice and then the JSON itself', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
    const terminal = createTerminalAdapter({ chat: app.chat, core: app.core, clock: app.clock, logger: memoryLogger().logger, config: { input, output, interactive: false, languageTag: 'en_US.UTF-8' } });
    await terminal.start();
    input.end('/privacy\n/sign\n1\nKR\n1\n/mydata json\n');
    await terminal.finished;
    expect(printed).toContain(app.chat.render.privacy('en').text);
    const caption = app.core.t('en', 'mydata.json-caption');
    const json = printed.slice(printed.indexOf(caption) + caption.length).trim();
    expect(JSON.parse(json)).toMatchObject({ signature: { name: null, nameStyle: 'anonymous', country: 'KR', platform: 'terminal' }, reminders: [] });
  });
});
