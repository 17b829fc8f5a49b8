/**
 * Discord's documented limits, end to end: real-shaped interactions through
 * discord.js and the core, against a fake Discord that refuses what Discord
 * refuses (platform-limits.ts). Nothing may be cut, and every interaction is
 * answered within Discord's 3 seconds even when the database is slow.
 */
import {
  InteractionResponseType,
  type APIChatInputApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
} from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import type { App } from '../../../src/app.ts';
import { hasLoneSurrogate } from '../../../src/chat/index.ts';
import type { Case } from '../../../src/core/index.ts';
import { createLogger } from '../../../src/logger.ts';
import { deliverInteraction, discordFixture, freshIds, fromUser } from '../../support/discord-interactions.ts';
import { startFakeDiscordApi, type FakeDiscordApi, type RecordedCall } from '../../support/fake-discord-api.ts';
import { DISCORD } from '../../support/platform-limits.ts';
import { createSlowTestApp } from '../../support/slow-database.ts';
import { createTestApp } from '../../support/test-app.ts';

const APP_ID = '1100000000000000001';
const listCommand = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-list');
const listButton = discordFixture<APIMessageComponentInteraction>('button-list-page');
const signCommand = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-sign');
const signSubmit = discordFixture<APIModalSubmitInteraction>('modal-submit-sign');

/** `/case <number>`, shaped like the recorded `/list` payload. */
function caseCommand(number: number, locale = 'en-US'): APIChatInputApplicationCommandInteraction {
  const base = fromUser(listCommand, '1250000000000000701', locale);
  return freshIds({ ...base, data: { ...base.data, name: 'case', options: [{ name: 'number', type: 4, value: number }] } } as APIChatInputApplicationCommandInteraction);
}

/** `text` repeated to exactly `length` UTF-16 units, padded with plain letters. */
function textOf(sentence: string, length: number): string {
  let text = '';
  while (text.length + sentence.length <= length) text += sentence;
  return text + 'a'.repeat(length - text.length);
}

/** Every message the person saw for one interaction token: the edited original, then follow-ups, in order. */
function messagesFor(fake: FakeDiscordApi, token: string): RecordedCall[] {
  return fake.calls.filter((c) => (c.method === 'PATCH' && c.path === `/webhooks/${APP_ID}/${token}/messages/@original`) || (c.method === 'POST' && c.path === `/webhooks/${APP_ID}/${token}`));
}

/** The text of a message body as the reader sees it: content and embed descriptions. */
const textOfMessage = (body: { content?: string; embeds?: Array<{ description?: string }> }) => [body.content ?? '', ...(body.embeds ?? []).map((e) => e.description ?? '')].join('');
const flat = (text: string) => text.replace(/\s+/g, '');

async function discordOn(app: App, fake: FakeDiscordApi): Promise<DiscordAdapter> {
  const discord = createDiscordAdapter({ chat: app.chat, core: app.core, clock: app.clock, logger: createLogger('silent'), config: { token: 'test-bot-token', applicationId: APP_ID, apiUrl: fake.url } });
  app.messengers.add(discord.messenger!);
  return discord;
}

describe('Discord messages within the limits, nothing cut', () => {
  let app: App;
  let fake: FakeDiscordApi;
  let discord: DiscordAdapter;

  beforeAll(async () => {
    app = await createTestApp();
    fake = await startFakeDiscordApi();
    discord = await discordOn(app, fake);
  });

  afterEach(() => {
    expect(fake.refused.map((r) => `${r.method} ${r.path}: ${r.problems.join('; ')}`)).toEqual([]);
    fake.reset();
  });

  afterAll(async () => {
    await discord?.stop();
    await fake?.close();
    await app?.close();
  });

  it('/case of the largest case shows the whole story, the source line and the sample note', async () => {
    // The largest case THE LIST's import rules accept, with emoji and rare characters where the cuts could fall.
    const largest: Case = {
      number: 999_999,
      kind: 'humanitarian-worker',
      name: textOf('가상 이름 ', 200),
      date: '2024-02-29',
      place: textOf('Made-up place 🏔 ', 200),
      summary: { en: textOf('A made-up summary. ', 500), ko: textOf('가상 요약입니다. ', 500), zh: textOf('虚构的摘要𠀀。', 500) },
      story: {
        en: textOf('A made-up story line with 👨‍👩‍👧 in it. ', 5000),
        ko: textOf('지어낸 사연 문장입니다 🇰🇷. ', 5000),
        zh: textOf('这是虚构的经历𠀀，表情😀也在其中。', 5000),
      },
      source: textOf('Made-up source & <notes> ', 500),
      isSample: true,
    };
    await app.core.list.seed([largest], 'test');

    for (const [tag, locale] of [['en-US', 'en'], ['ko', 'ko'], ['zh-CN', 'zh']] as const) {
      const payload = caseCommand(largest.number, tag);
      deliverInteraction(discord.client, payload);
      await discord.idle();
      const messages = messagesFor(fake, payload.token);
      // More than one message's worth: the rest came as follow-ups, in order.
      expect(messages.length).toBeGreaterThanOrEqual(2);
      for (const m of messages) {
        const embeds = (m.body.embeds ?? []) as Array<{ description?: string }>;
        expect(embeds.length).toBeLessThanOrEqual(DISCORD.embeds);
        expect(embeds.reduce((sum, e) => sum + (e.description?.length ?? 0), 0)).toBeLessThanOrEqual(DISCORD.embedTotal);
        for (const e of embeds) expect(hasLoneSurrogate(e.description ?? '')).toBe(false);
      }
      const shown = flat(messages.map((m) => textOfMessage(m.body)).join(''));
      expect(shown).toContain(flat(largest.story[locale]!));
      expect(shown).toContain(flat(app.core.t(locale, 'case.source', { source: largest.source })));
      expect(shown).toContain(flat(app.core.t(locale, 'case.sample-note')));
      expect(shown).toContain(flat(largest.summary[locale]));
      // The "back to the list" button comes with the last part.
      expect(JSON.stringify(messages.at(-1)!.body.components)).toContain('list:1');
      fake.reset();
    }
  });

  it('a reminder too long for one message reaches the channel whole, over several messages', async () => {
    const text = textOf('Ten days left to sign 📣 ', 9000);
    await discord.messenger!.send('discord:channel:1200000000000000009', { text });
    const posts = fake.find('POST', /^\/channels\/1200000000000000009\/messages$/);
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(flat(posts.map((p) => textOfMessage(p.body)).join(''))).toBe(flat(text));
  });

  it('the fake refuses what Discord refuses: content over 2,000, an embed over 4,096, over 6,000 in all', async () => {
    const post = (body: unknown) =>
      fetch(`${fake.url}/v10/channels/1200000000000000009/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);
    expect(await post({ content: 'x'.repeat(2001) })).toBe(400);
    expect(await post({ embeds: [{ description: 'x'.repeat(4097) }] })).toBe(400);
    expect(await post({ embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] })).toBe(400);
    expect(await post({ embeds: Array.from({ length: 11 }, () => ({ description: 'x' })) })).toBe(400);
    expect(await post({ content: 'x'.repeat(2000) })).toBe(200);
    expect(fake.refused).toHaveLength(4);
    fake.refused.length = 0;
  });
});

describe('Discord answers within 3 seconds on a slow database', () => {
  let app: App;
  let slow: { latencyMs: number };
  let fake: FakeDiscordApi;
  let discord: DiscordAdapter;

  beforeAll(async () => {
    ({ app, slow } = await createSlowTestApp());
    fake = await startFakeDiscordApi();
    discord = await discordOn(app, fake);
    slow.latencyMs = 2_000;
  });

  afterAll(async () => {
    await discord?.idle();
    await discord?.stop();
    slow.latencyMs = 0;
    await fake?.close();
    await app?.close();
  });

  /** Delivers one interaction; resolves with how long its first callback took to reach Discord. */
  async function timeToCallback(payload: { id: string }): Promise<{ ms: number; callback: RecordedCall }> {
    const started = performance.now();
    deliverInteraction(discord.client, payload as never);
    for (;;) {
      const callback = fake.find('POST', new RegExp(`^/interactions/${payload.id}/[^/]+/callback$`))[0];
      if (callback) return { ms: performance.now() - started, callback };
      if (performance.now() - started > 10_000) throw new Error('no callback');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('defers /case, /list and its Next button, opens the sign form at once, defers its submission; every answer arrives later', async () => {
    const kase = await timeToCallback(caseCommand(1));
    expect(kase.ms).toBeLessThan(3_000);
    expect(kase.callback.body.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);

    const list = await timeToCallback(freshIds(listCommand));
    expect(list.ms).toBeLessThan(3_000);

    const page = await timeToCallback(freshIds(listButton));
    expect(page.ms).toBeLessThan(3_000);
    expect(page.callback.body.type).toBe(InteractionResponseType.DeferredMessageUpdate);

    const sign = await timeToCallback(freshIds(fromUser(signCommand, '1250000000000000702')));
    expect(sign.ms).toBeLessThan(3_000);
    expect(sign.callback.body.type).toBe(InteractionResponseType.Modal);

    const submit = freshIds(fromUser(signSubmit, '1250000000000000702'));
    const submitted = await timeToCallback(submit);
    expect(submitted.ms).toBeLessThan(3_000);

    await discord.idle();
    expect(messagesFor(fake, submit.token).length).toBeGreaterThanOrEqual(1);
    expect(await app.core.petition.signatureOf({ platform: 'discord', userId: '1250000000000000702' })).not.toBeNull();
    expect(fake.refused).toEqual([]);
  });
});
