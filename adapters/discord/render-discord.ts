/**
 * Draws the core's platform-neutral replies as Discord messages: text as
 * content (or an embed when it is too long), buttons as action rows.
 * Pure functions, so the outcome -> reply translation is testable directly.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord.js';
import { Action, clipText, splitText, type Reply, type ReplyFile } from '../../src/chat/index.ts';
import type { Button } from '../../src/core/index.ts';

/**
 * Discord's message limits: content 2,000 characters; up to 10 embeds, each
 * description 4,096, and 6,000 characters over all embeds of one message
 * (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
 */
const CONTENT_LIMIT = 2000;
const EMBED_LIMIT = 4096;
const EMBEDS_PER_MESSAGE = 10;
const EMBED_TOTAL_LIMIT = 6000;
/** Button label: 80 characters (https://discord.com/developers/docs/components/reference#button). */
const LABEL_LIMIT = 80;
const ROW_LIMIT = 5;
const ROWS_PER_MESSAGE = 5;
/** The campaign's colour in embeds. */
const EMBED_COLOUR = 0x1f6feb;

/** A message body discord.js accepts for reply, editReply, update and followUp. */
export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Never ping anyone: names and case texts are data, not mentions. */
  allowedMentions: { parse: [] };
  /** An attachment (the person's data as a file); only on interaction answers. */
  files?: Array<{ attachment: Buffer; name: string; contentType: string }>;
}

/** The same message as a REST body for `POST /channels/:id/messages`. */
export function toRestBody(message: DiscordMessage) {
  return { content: message.content, embeds: message.embeds, components: message.components, allowed_mentions: message.allowedMentions };
}

/**
 * One core reply as Discord messages, nothing cut: text up to 2,000
 * characters as content; longer text in embeds of up to 4,096 characters,
 * split at line breaks and never inside a character, as many as fit one
 * message (10 embeds, 6,000 characters), the rest in further messages
 * (follow-ups). The buttons go with the last message.
 *
 * @example toDiscordMessages({ text: story, buttons: [[{ label: 'Next', action: 'list:2:all' }]] })
 */
export function toDiscordMessages(reply: Reply & { file?: ReplyFile }): DiscordMessage[] {
  const message = (content: string, embeds: APIEmbed[]): DiscordMessage => ({ content, embeds, components: [], allowedMentions: { parse: [] } });
  const messages: DiscordMessage[] = [];
  if (reply.text.length <= CONTENT_LIMIT) {
    messages.push(message(reply.text, []));
  } else {
    let embeds: APIEmbed[] = [];
    let total = 0;
    for (const part of splitText(reply.text, EMBED_LIMIT)) {
      if (embeds.length === EMBEDS_PER_MESSAGE || total + part.length > EMBED_TOTAL_LIMIT) {
        messages.push(message('', embeds));
        embeds = [];
        total = 0;
      }
      embeds.push(new EmbedBuilder().setColor(EMBED_COLOUR).setDescription(part).toJSON());
      total += part.length;
    }
    messages.push(message('', embeds));
  }
  const last = messages[messages.length - 1]!;
  last.components = toActionRows(reply.buttons ?? []);
  if (reply.file) last.files = [{ attachment: Buffer.from(reply.file.content, 'utf8'), name: reply.file.name, contentType: reply.file.mimeType }];
  return messages;
}

/**
 * The first message of a reply (see `toDiscordMessages`; the only one unless its text is very long).
 *
 * @example toDiscordMessage({ text: 'Hi', buttons: [[{ label: 'Next', action: 'list:2:all' }]] })
 */
export function toDiscordMessage(reply: Reply & { file?: ReplyFile }): DiscordMessage {
  return toDiscordMessages(reply)[0]!;
}

/** Button rows, split at Discord's five per row, at most five rows, each custom id once. */
export function toActionRows(rows: Button[][]): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const seen = new Set<string>();
  const result: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  for (const row of rows) {
    const buttons = row.filter((b) => ('url' in b ? true : !seen.has(b.action) && seen.add(b.action)));
    for (let i = 0; i < buttons.length; i += ROW_LIMIT) {
      const chunk = buttons.slice(i, i + ROW_LIMIT).map(toButton);
      result.push(new ActionRowBuilder<ButtonBuilder>().addComponents(chunk).toJSON());
    }
  }
  return result.slice(0, ROWS_PER_MESSAGE);
}

function toButton(button: Button): ButtonBuilder {
  const built = new ButtonBuilder().setLabel(clip(button.label, LABEL_LIMIT));
  if ('url' in button) return built.setStyle(ButtonStyle.Link).setURL(button.url);
  return built.setCustomId(button.action).setStyle(styleOf(button.action));
}

function styleOf(action: string): ButtonStyle {
  if (action === Action.sign || action === Action.confirmSign) return ButtonStyle.Primary;
  if (action === Action.confirmWithdraw) return ButtonStyle.Danger;
  return ButtonStyle.Secondary;
}

/** "▰▰▰▱▱▱▱▱▱▱" for 30 %: a picture of the goal that needs no translation. */
export function progressBar(progress: number, width = 10): string {
  const filled = Math.max(0, Math.min(width, Math.round(progress * width)));
  return '▰'.repeat(filled) + '▱'.repeat(width - filled);
}

/**
 * Cuts text to `limit` UTF-16 units at a grapheme boundary, with an ellipsis
 * (the chat layer's shared cut), for labels and titles that must be short.
 */
export const clip = (text: string, limit: number): string => clipText(text, limit);
