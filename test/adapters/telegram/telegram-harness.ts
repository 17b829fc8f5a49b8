import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Update } from '@grammyjs/types';
import pino from 'pino';
import { createTelegramAdapter, type TelegramAdapter, type TelegramConfig } from '../../../adapters/telegram/telegram-adapter.ts';
import type { App } from '../../../src/app.ts';
import type { ChatBot } from '../../../src/chat/index.ts';
import type { Logger } from '../../../src/logger.ts';
import { FAKE_BOT_INFO, FAKE_TOKEN, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';

const FIXTURES = new URL('../../fixtures/telegram/', import.meta.url);

/** A recorded Update from test/fixtures/telegram, typed as the Bot API type. */
export function loadUpdate(name: string): Update {
  const update = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Update;
  if (typeof update.update_id !== 'number') throw new Error(`${name}.json is not an Update`);
  return update;
}

/** A made-up Telegram user. */
export interface TestUser {
  id: number;
  firstName: string;
  lastName?: string;
  lang?: string;
}

let nextUpdateId = 731_100_000;
let nextMessageId = 5000;

/** A fresh update id; like Telegram's, not necessarily increasing across sources. */
export function newUpdateId(): number {
  return nextUpdateId++;
}

function fromOf(user: TestUser) {
  return {
    id: user.id,
    is_bot: false,
    first_name: user.firstName,
    ...(user.lastName ? { last_name: user.lastName } : {}),
    ...(user.lang ? { language_code: user.lang } : {}),
  };
}

/** A private-chat text message from `user`, shaped like the private-message fixture. */
export function privateText(user: TestUser, text: string): Update {
  const base = loadUpdate('private-message');
  const message = base.message!;
  const command = /^\/\S+/.exec(text);
  return {
    update_id: newUpdateId(),
    message: {
      ...message,
      message_id: nextMessageId++,
      from: fromOf(user),
      chat: { id: user.id, type: 'private', first_name: user.firstName, ...(user.lastName ? { last_name: user.lastName } : {}) },
      text,
      ...(command ? { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' as const }] } : { entities: undefined }),
    },
  } as Update;
}

/** A text message in a group, shaped like the group-message fixture. */
export function groupText(user: TestUser, chatId: number, text: string): Update {
  const base = loadUpdate('group-message');
  const command = /^\/\S+/.exec(text);
  return {
    update_id: newUpdateId(),
    message: {
      ...base.message!,
      message_id: nextMessageId++,
      from: fromOf(user),
      chat: { id: chatId, type: 'supergroup', title: 'Petition Test Supporters' },
      text,
      ...(command ? { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' as const }] } : { entities: undefined }),
    },
  } as Update;
}

/** A button press in the private chat, shaped like the callback-query fixture. */
export function buttonPress(user: TestUser, data: string): Update {
  const base = loadUpdate('callback-query').callback_query!;
  const message = base.message as Extract<typeof base.message, { text?: string }>;
  return {
    update_id: newUpdateId(),
    callback_query: {
      ...base,
      id: String(4382000000000000000n + BigInt(nextMessageId++)),
      from: fromOf(user),
      message: { ...message, chat: { id: user.id, type: 'private', first_name: user.firstName } },
      data,
    },
  } as Update;
}

/** A logger that keeps its lines, so tests can check what was (not) logged. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** The adapter on the given app (or another chat bot on it), talking to the fake Bot API. */
export function testAdapter(
  app: App,
  api: FakeTelegramApi,
  overrides: Partial<TelegramConfig> = {},
  with_: { chat?: ChatBot; logger?: Logger } = {},
): TelegramAdapter {
  return createTelegramAdapter({
    chat: with_.chat ?? app.chat,
    core: app.core,
    clock: app.clock,
    logger: with_.logger ?? memoryLogger().logger,
    config: { token: FAKE_TOKEN, apiRoot: api.url, botInfo: FAKE_BOT_INFO, ...overrides },
  });
}

/** What the bot sent to one chat: text and keyboard, in order. */
export function sentTo(api: FakeTelegramApi, chatId: number) {
  return api
    .callsOf('sendMessage')
    .filter((c) => Number(c.body.chat_id) === chatId)
    .map((c) => ({ text: String(c.body.text), keyboard: (c.body.reply_markup?.inline_keyboard ?? []) as Array<Array<{ text: string; callback_data?: string; url?: string }>> }));
}

/** Callback data of every button of a message, flattened. */
export function actionsOf(message: { keyboard: Array<Array<{ callback_data?: string }>> }): string[] {
  return message.keyboard.flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
}
