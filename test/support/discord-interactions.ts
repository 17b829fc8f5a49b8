/**
 * Real-shaped Discord interaction payloads (test/fixtures/discord/*.json)
 * and a way to feed them to a real discord.js client without a gateway.
 */
import { readFileSync } from 'node:fs';
import type { APIInteraction } from 'discord-api-types/v10';
import type { Client } from 'discord.js';

const FIXTURES = new URL('../fixtures/discord/', import.meta.url);

/**
 * A recorded payload, typed by the caller with a `discord-api-types` interface.
 *
 * @example const sign = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-sign');
 */
export function discordFixture<T extends APIInteraction>(name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as T;
}

/**
 * Hands a payload to discord.js exactly as its gateway handler for
 * INTERACTION_CREATE does (src/client/websocket/handlers/INTERACTION_CREATE.js
 * calls `client.actions.InteractionCreate.handle(packet.d)`), so the client
 * builds the real interaction class and emits `interactionCreate`.
 */
export function deliverInteraction(client: Client, payload: APIInteraction): void {
  const actions = (client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions;
  actions.InteractionCreate.handle(structuredClone(payload));
}

let counter = 0;
/** A fresh interaction id and token, so each delivery is a new interaction unless a test repeats one. */
export function freshIds<T extends APIInteraction>(payload: T, overrides: Partial<T> = {}): T {
  counter += 1;
  return { ...payload, id: String(1_510_000_000_000_000_000n + BigInt(counter)), token: `test-token-${counter}`, ...overrides };
}

/** The same payload from another (made-up) person. */
export function fromUser<T extends APIInteraction>(payload: T, userId: string, locale = 'en-US'): T {
  const member = (payload as { member?: { user: object } }).member;
  const user = { ...(member?.user ?? (payload as { user?: object }).user), id: userId, username: `test-user-${userId.slice(-4)}` };
  return {
    ...payload,
    locale,
    ...(member ? { member: { ...member, user } } : { user }),
  } as T;
}
