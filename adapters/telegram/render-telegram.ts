import { InlineKeyboard } from 'grammy';
import { splitText as splitTextAtGraphemes } from '../../src/chat/index.ts';
import type { Button, OutgoingMessage } from '../../src/core/index.ts';

/** Telegram refuses longer message texts. */
export const MAX_MESSAGE_LENGTH = 4096;

/** One `sendMessage` call: text and its options (no parse_mode: replies are plain text, nothing to escape). */
export interface TelegramMessage {
  text: string;
  options: { reply_markup?: InlineKeyboard };
}

/**
 * Draws a platform-neutral reply as Telegram messages: action buttons become
 * callback buttons (their payload is the callback data), link buttons URL
 * buttons. A text over Telegram's limit is split at line breaks; the buttons
 * go with the last part.
 *
 * @example toTelegramMessages({ text: 'Hi', buttons: [[{ label: 'Sign', action: 'sign' }]] })
 */
export function toTelegramMessages(reply: OutgoingMessage): TelegramMessage[] {
  const parts = splitText(reply.text);
  const keyboard = reply.buttons && reply.buttons.length > 0 ? keyboardOf(reply.buttons) : null;
  return parts.map((text, i) => ({
    text,
    options: keyboard && i === parts.length - 1 ? { reply_markup: keyboard } : {},
  }));
}

/** Rows of neutral buttons as an inline keyboard. */
export function keyboardOf(rows: Button[][]): InlineKeyboard {
  return InlineKeyboard.from(
    rows.map((row) => row.map((b) => ('url' in b ? InlineKeyboard.url(b.label, b.url) : InlineKeyboard.text(b.label, b.action)))),
  );
}

/**
 * Splits at the last line break (else space, else grapheme boundary) before
 * the limit, so no part ends inside an emoji or a rare Chinese character.
 */
export function splitText(text: string, max = MAX_MESSAGE_LENGTH): string[] {
  return splitTextAtGraphemes(text, max);
}
