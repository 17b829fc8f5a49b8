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
import { Action, type Reply, type ReplyFile } from '../../src/chat/index.ts';
import type { Button } from '../../src/core/index.ts';

const CONTENT_LIMIT = 2000;
const EMBED_LIMIT = 4096;
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
 * One core reply as a Discord message.
 *
 * @example toDiscordMessage({ text: 'Hi', buttons: [[{ label: 'Next', action: 'list:2:all' }]] })
 */
export function toDiscordMessage(reply: Reply & { file?: ReplyFile }): DiscordMessage {
  const long = reply.text.length > CONTENT_LIMIT;
  return {
    content: long ? '' : reply.text,
    embeds: long ? [new EmbedBuilder().setColor(EMBED_COLOUR).setDescription(clip(reply.text, EMBED_LIMIT)).toJSON()] : [],
    components: toActionRows(reply.buttons ?? []),
    allowedMentions: { parse: [] },
    ...(reply.file ? { files: [{ attachment: Buffer.from(reply.file.content, 'utf8'), name: reply.file.name, contentType: reply.file.mimeType }] } : {}),
  };
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

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts text to `limit` UTF-16 units at a grapheme boundary, with an ellipsis,
 * so an emoji or a rare Chinese character is never split into a lone
 * surrogate (which Discord shows as garbage).
 */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > limit - 1) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end)}…`;
}
