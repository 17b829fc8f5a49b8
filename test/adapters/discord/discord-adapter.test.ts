/**
 * End to end: real-shaped interaction payloads through the real discord.js
 * client and the real core (PGlite), against a fake Discord REST API on
 * 127.0.0.1. Asserts what Discord would receive: callback type, flags,
 * content and components.
 */
import { Writable } from 'node:stream';
import {
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  type APIChatInputApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
} from 'discord-api-types/v10';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import type { App } from '../../../src/app.ts';
import type { Case } from '../../../src/core/index.ts';
import { subscriptions } from '../../../src/storage/schema.ts';
import { deliverInteraction, discordFixture, freshIds, fromUser } from '../../support/discord-interactions.ts';
import { startFakeDiscordApi, type FakeDiscordApi, type RecordedCall } from '../../support/fake-discord-api.ts';
import { createTestApp } from '../../support/test-app.ts';

const APP_ID = '1100000000000000001';
const CAMPAIGN_CHANNEL = '1200000000000000002';

const signCommand = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-sign');
const signSubmit = discordFixture<APIModalSubmitInteraction>('modal-submit-sign');
const listCommand = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-list');
const listButton = discordFixture<APIMessageComponentInteraction>('button-list-page');
const channelCommand = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-campaign-channel');

let app: App;
let fake: FakeDiscordApi;
let discord: DiscordAdapter;
const logLines: string[] = [];
const handledSeconds: number[] = [];

beforeAll(async () => {
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));
  app = await createTestApp({ logger, observeHandling: (_surface, seconds) => handledSeconds.push(seconds) });
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
// The fake refuses what Discord refuses (platform-limits.ts): nothing the adapter sent may be refused.
afterEach(() => expect(fake.refused.map((r) => `${r.method} ${r.path}: ${r.problems.join('; ')}`)).toEqual([]));

/** Delivers payloads and waits until the adapter has answered all of them. */
async function deliver(...payloads: Parameters<typeof deliverInteraction>[1][]): Promise<void> {
  for (const p of payloads) deliverInteraction(discord.client, p);
  await discord.idle();
}

function callbacks(interactionId: string): RecordedCall[] {
  return fake.find('POST', new RegExp(`^/interactions/${interactionId}/[^/]+/callback$`));
}

function originalEdits(token: string): RecordedCall[] {
  return fake.find('PATCH', new RegExp(`^/webhooks/${APP_ID}/${token}/messages/@original$`));
}

function customIds(body: { components?: Array<{ components: Array<{ custom_id?: string }> }> }): string[] {
  return (body.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id ?? ''));
}

describe('/sign', () => {
  it('opens the signing form in the invoking user\'s language', async () => {
    const payload = freshIds(fromUser(signCommand, '1250000000000000101', 'ko'));
    await deliver(payload);

    const [callback, ...more] = callbacks(payload.id);
    expect(more).toHaveLength(0);
    expect(callback!.body.type).toBe(InteractionResponseType.Modal);
    expect(callback!.body.data.custom_id).toBe('sign:modal');
    expect(callback!.body.data.title).toBe(app.core.t('ko', 'discord.sign-modal.title'));
    const fields = callback!.body.data.components.map((label: { type: number; component: { custom_id: string; type: number } }) => [label.type, label.component.custom_id, label.component.type]);
    expect(fields).toEqual([
      [ComponentType.Label, 'name', ComponentType.TextInput],
      [ComponentType.Label, 'style', ComponentType.StringSelect],
      [ComponentType.Label, 'country', ComponentType.TextInput],
    ]);
  });

  it.each([
    ['zh-TW', 'zh-Hant', '簽署請願書'],
    ['zh-CN', 'zh', '签署请愿书'],
    ['es-ES', 'es', 'Firmar la petición'],
    ['es-419', 'es', 'Firmar la petición'],
  ] as const)('opens the form for a %s client in %s', async (discordLocale, locale, title) => {
    const payload = freshIds(fromUser(signCommand, '1250000000000000111', discordLocale));
    await deliver(payload);
    const [callback] = callbacks(payload.id);
    expect(callback!.body.data.title).toBe(app.core.t(locale, 'discord.sign-modal.title'));
    expect(callback!.body.data.title).toBe(title);
  });

  it('signs a zh-TW and an es-419 member in their language and records it', async () => {
    for (const [userId, discordLocale, locale, thanks] of [
      ['1250000000000000112', 'zh-TW', 'zh-Hant', '謝謝您！您的簽名已收到'],
      ['1250000000000000113', 'es-419', 'es', '¡Gracias! Su firma quedó registrada'],
    ] as const) {
      const payload = freshIds(fromUser(signSubmit, userId, discordLocale));
      await deliver(payload);
      const [edit] = originalEdits(payload.token);
      expect(edit!.body.content).toContain(thanks);
      expect(edit!.body.content).toContain(app.core.t(locale, 'sign.after', { context: 'discord' }));
      expect(await app.core.petition.signatureOf({ platform: 'discord', userId })).toMatchObject({ language: locale, country: 'CA' });
    }
  });

  it('signs from the submitted form, confirms ephemerally and stores one row', async () => {
    const userId = '1250000000000000102';
    const payload = freshIds(fromUser(signSubmit, userId));
    await deliver(payload);

    const [callback] = callbacks(payload.id);
    expect(callback!.body.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(callback!.body.data.flags).toBe(MessageFlags.Ephemeral);
    const [edit] = originalEdits(payload.token);
    expect(edit!.body.content).toContain('Test Supporter');
    expect(edit!.body.content).toContain(app.core.t('en', 'sign.after', { context: 'discord' }));
    expect(edit!.body.allowed_mentions).toEqual({ parse: [] });

    const row = await app.core.petition.signatureOf({ platform: 'discord', userId });
    expect(row).toMatchObject({ displayName: 'Test Supporter', nameStyle: 'full', country: 'CA', platform: 'discord', language: 'en' });
  });

  it('reports how long each interaction took, for /metrics', async () => {
    const before = handledSeconds.length;
    await deliver(freshIds(fromUser(signCommand, '1250000000000000199')));
    expect(handledSeconds.length).toBe(before + 1);
    expect(handledSeconds.at(-1)).toBeGreaterThan(0);
  });

  it('has one effect when Discord delivers the same interaction twice', async () => {
    const userId = '1250000000000000103';
    const before = (await app.core.petition.stats()).total;
    const payload = freshIds(fromUser(signSubmit, userId));
    await deliver(payload, payload);

    expect(callbacks(payload.id)).toHaveLength(1);
    expect(originalEdits(payload.token)).toHaveLength(1);
    expect((await app.core.petition.stats()).total).toBe(before + 1);
  });

  it('refuses an unknown country ephemerally, writes nothing and offers the form again', async () => {
    const userId = '1250000000000000104';
    const base = freshIds(fromUser(signSubmit, userId));
    const components = structuredClone(base.data.components);
    (components[2] as { component: { value: string } }).component.value = 'Kanadaa';
    const payload = { ...base, data: { ...base.data, components } };
    await deliver(payload);

    expect(callbacks(payload.id)[0]!.body.data.flags).toBe(MessageFlags.Ephemeral);
    const [edit] = originalEdits(payload.token);
    expect(edit!.body.content).toMatch(/recognize that country/);
    expect(customIds(edit!.body)).toContain('sign');
    expect(await app.core.petition.signatureOf({ platform: 'discord', userId })).toBeNull();

    // The refused form is kept as an unfinished signing, and /mydata says so, as on every platform.
    const mydata = freshIds(fromUser(signCommand, userId));
    const mine = { ...mydata, data: { ...mydata.data, name: 'mydata' } } as APIChatInputApplicationCommandInteraction;
    await deliver(mine);
    const [shown] = originalEdits(mine.token);
    expect(shown!.body.content).toContain(app.core.t('en', 'mydata.no-signature'));
    expect(shown!.body.content).toContain(app.core.t('en', 'mydata.pending', { context: 'discord' }));
    expect(shown!.body.content).not.toContain('/cancel');
  });
});

describe('/list', () => {
  beforeAll(async () => {
    // Enough cases for two pages; made up and marked as samples.
    const extra: Case[] = Array.from({ length: 6 }, (_, i) => ({
      number: 100 + i,
      kind: 'refugee',
      name: null,
      date: '2024',
      place: null,
      summary: { en: `Test case ${i}`, ko: `테스트 사례 ${i}`, zh: `测试案例 ${i}` },
      story: {},
      source: null,
      isSample: true,
    }));
    await app.core.list.seed(extra, 'test');
  });

  it('shows the first page publicly with a Next button', async () => {
    const payload = freshIds(listCommand);
    await deliver(payload);

    const [callback] = callbacks(payload.id);
    expect(callback!.body.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(callback!.body.data.flags ?? 0).toBe(0);
    const [edit] = originalEdits(payload.token);
    expect(edit!.body.content).toMatch(/Page 1 of 2/);
    expect(customIds(edit!.body)).toContain('list:2:all');
    expect(customIds(edit!.body)).not.toContain('list:0:all');
  });

  it('pages in place when the Next button is pressed', async () => {
    const payload = freshIds(listButton);
    await deliver(payload);

    const [callback] = callbacks(payload.id);
    expect(callback!.body.type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const [edit] = originalEdits(payload.token);
    expect(edit!.body.content).toMatch(/Page 2 of 2/);
    expect(customIds(edit!.body)).toContain('list:1:all');
    expect(customIds(edit!.body)).not.toContain('list:3:all');
  });

  it('answers a failing core call with an ephemeral apology and keeps running', async () => {
    const failing = vi.spyOn(app.core.list, 'page').mockRejectedValueOnce(new Error('database is down'));
    const payload = freshIds(fromUser(listCommand, '1250000000000000105', 'zh-CN'));
    await deliver(payload);
    failing.mockRestore();

    const deleted = fake.find('DELETE', new RegExp(`^/webhooks/${APP_ID}/${payload.token}/messages/@original$`));
    expect(deleted).toHaveLength(1);
    const [followUp] = fake.find('POST', new RegExp(`^/webhooks/${APP_ID}/${payload.token}$`));
    expect(followUp!.body.flags).toBe(MessageFlags.Ephemeral);
    expect(followUp!.body.content).toBe(app.chat.render.apology('zh').text);
    const logged = logLines.join('');
    expect(logged).toContain('discord interaction failed');
    expect(logged).not.toContain('1250000000000000105');
    expect(logged).not.toContain(payload.token);

    // Still running: the next interaction is answered normally.
    const next = freshIds(listCommand);
    await deliver(next);
    expect(originalEdits(next.token)[0]!.body.content).toMatch(/Page 1 of 2/);
  });
});

describe('/campaign channel', () => {
  const address = `discord:channel:${CAMPAIGN_CHANNEL}`;
  const stored = () =>
    app.database.db.select({ language: subscriptions.language }).from(subscriptions).where(eq(subscriptions.addressIndex, app.addresses.index(address)));

  beforeEach(async () => {
    await app.core.reminders.unsubscribe(address);
  });

  it('lets an admin choose the channel after a first post there', async () => {
    const payload = freshIds(fromUser(channelCommand, channelCommand.member!.user.id, 'ko'));
    await deliver(payload);

    const [callback] = callbacks(payload.id);
    expect(callback!.body.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(callback!.body.data.flags).toBe(MessageFlags.Ephemeral);
    const [post] = fake.find('POST', new RegExp(`^/channels/${CAMPAIGN_CHANNEL}/messages$`));
    expect(post!.body.content).toBe(app.core.t('ko', 'discord.campaign.channel-welcome'));
    const [edit] = originalEdits(payload.token);
    expect(edit!.body.content).toContain(`<#${CAMPAIGN_CHANNEL}>`);
    expect(edit!.body.content).toContain('완료');
    expect(await stored()).toEqual([{ language: 'ko' }]);
  });

  it('refuses a member without Manage Server, privately, and changes nothing', async () => {
    const base = freshIds(channelCommand);
    // The same admin payload from a member whose permissions lack Manage Server (0x20).
    const payload: APIChatInputApplicationCommandInteraction = { ...base, member: { ...base.member!, permissions: '2147601472' } };
    await deliver(payload);

    const [callback] = callbacks(payload.id);
    expect(callback!.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(callback!.body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(callback!.body.data.content).toBe(app.core.t('en', 'discord.campaign.not-allowed'));
    expect(fake.find('POST', /^\/channels\//)).toHaveLength(0);
    expect(await stored()).toEqual([]);
  });

  it('says so when the bot cannot post in the channel', async () => {
    fake.refuseChannel(CAMPAIGN_CHANNEL, { status: 403, code: 50001, message: 'Missing Access' });
    const payload = freshIds(channelCommand);
    await deliver(payload);

    const [edit] = originalEdits(payload.token);
    expect(edit!.body.content).toBe(app.core.t('en', 'discord.campaign.cannot-post', { channel: `<#${CAMPAIGN_CHANNEL}>` }));
    expect(await stored()).toEqual([]);
  });

  it('turns the channel off again', async () => {
    await app.core.reminders.subscribeChannel(address, 'en');
    const base = freshIds(channelCommand);
    const payload = {
      ...base,
      data: { ...base.data, options: [{ name: 'channel-off', type: 1, options: [{ name: 'channel', type: 7, value: CAMPAIGN_CHANNEL }] }] },
    } as APIChatInputApplicationCommandInteraction;
    await deliver(payload);

    expect(originalEdits(payload.token)[0]!.body.content).toBe(
      app.core.t('en', 'discord.campaign.channel-off', { channel: `<#${CAMPAIGN_CHANNEL}>` }),
    );
    expect(await stored()).toEqual([]);
  });
});

describe('personal commands stay private', () => {
  const userId = '1250000000000000301';
  const command = (name: string, options?: APIChatInputApplicationCommandInteraction['data']['options']) => {
    const base = freshIds(fromUser(signCommand, userId));
    return { ...base, data: { ...base.data, name, ...(options ? { options } : {}) } } as APIChatInputApplicationCommandInteraction;
  };
  const button = (customId: string) => {
    const base = freshIds(fromUser(listButton, userId));
    return { ...base, data: { custom_id: customId, component_type: ComponentType.Button } } as APIMessageComponentInteraction;
  };

  beforeAll(async () => {
    await deliver(freshIds(fromUser(signSubmit, userId)));
  });

  it('/mydata answers ephemerally with the stored row and a withdraw button', async () => {
    const payload = command('mydata');
    await deliver(payload);

    expect(callbacks(payload.id)[0]!.body.data.flags).toBe(MessageFlags.Ephemeral);
    const [edit] = originalEdits(payload.token);
    expect(edit!.body.content).toContain('Test Supporter');
    expect(edit!.body.content).toContain('(CA)');
    expect(customIds(edit!.body)).toEqual(['withdraw']);
  });

  it('/receipt checks the given code privately; before any freeze it says so and shows the code', async () => {
    const own = await app.core.petition.receiptOf({ platform: 'discord', userId });
    const mine = command('receipt');
    await deliver(mine);
    expect(callbacks(mine.id)[0]!.body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(originalEdits(mine.token)[0]!.body.content).toBe(app.core.t('en', 'receipt.no-snapshot', { code: own }));

    const given = command('receipt', [{ name: 'code', type: 3, value: 'not a code' }]);
    await deliver(given);
    expect(originalEdits(given.token)[0]!.body.content).toBe(app.core.t('en', 'errors:receipt.invalid'));
  });

  it('/remind on subscribes the person for DMs, privately', async () => {
    const payload = command('remind', [{ name: 'state', type: 3, value: 'on' }]);
    await deliver(payload);

    expect(callbacks(payload.id)[0]!.body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(originalEdits(payload.token)[0]!.body.content).toBe(app.core.t('en', 'remind.on', { context: 'discord' }));
    const subscribed = await app.core.reminders.forSigner({ platform: 'discord', userId });
    expect(subscribed.map((s) => s.address)).toEqual([`discord:user:${userId}`]);
  });

  it('/withdraw asks first; the confirm button deletes the row and edits the private prompt', async () => {
    const ask = command('withdraw');
    await deliver(ask);
    const [prompt] = callbacks(ask.id);
    expect(prompt!.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(prompt!.body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(customIds(prompt!.body.data)).toEqual(['wd:confirm', 'wd:keep']);
    expect(await app.core.petition.signatureOf({ platform: 'discord', userId })).not.toBeNull();

    const confirm = button('wd:confirm');
    await deliver(confirm);
    expect(callbacks(confirm.id)[0]!.body.type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const [edit] = originalEdits(confirm.token);
    expect(edit!.body.content).toMatch(/has been deleted/);
    expect(edit!.body.components).toEqual([]);
    expect(await app.core.petition.signatureOf({ platform: 'discord', userId })).toBeNull();
  });
});
