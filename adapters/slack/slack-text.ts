import type { types } from '@slack/bolt';
import { clipText, splitText } from '../../src/chat/index.ts';

/** Slack mrkdwn treats & < > as control characters; everything we did not write is escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack plain_text fields have hard length limits; cut politely (at a grapheme boundary) instead of failing the call. */
export function clip(text: string, max: number): string {
  return clipText(text, max);
}

/** A message holds at most 50 blocks (https://api.slack.com/reference/block-kit/blocks). */
export const MESSAGE_BLOCKS_MAX = 50;

/** A button's text is at most 75 characters (https://api.slack.com/reference/block-kit/block-elements#button). */
export const BUTTON_TEXT_MAX = 75;

/** A modal's title is at most 24 characters (https://api.slack.com/reference/surfaces/views). */
export const MODAL_TITLE_MAX = 24;

/** Section text is at most 3,000 characters, counted after escaping. */
export const SECTION_TEXT_MAX = 3000;

/** How long text is once escaped for mrkdwn: what Slack counts against a section's limit. */
export const escapedLength = (text: string): number => escapeMrkdwn(text).length;

/**
 * Plain text as mrkdwn sections, each within Slack's 3,000 characters after
 * escaping, split at line breaks or spaces and never inside a character;
 * nothing is lost. `heading` (already mrkdwn) starts the first section.
 *
 * @example blocks.push(...mrkdwnSections(text))
 */
export function mrkdwnSections(text: string, heading = ''): types.SectionBlock[] {
  const first = heading ? `${heading}\n` : '';
  // Every part leaves room for the heading; the few characters later parts give up do not matter.
  const parts = splitText(text, SECTION_TEXT_MAX - first.length, escapedLength);
  return parts.map((part, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `${i === 0 ? first : ''}${escapeMrkdwn(part)}` } }));
}

/** Posts a message to a Slack `response_url` (slash command or interaction). */
export async function postToResponseUrl(url: string, message: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
}

/**
 * Splits command text into arguments, keeping "quoted parts" (straight or
 * Slack's curly quotes) together.
 *
 * @example splitArguments('KR 120 --event “Vigil, Seoul”') // ['KR', '120', '--event', 'Vigil, Seoul']
 */
export function splitArguments(text: string): string[] {
  const args: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|“([^”]*)”|(\S+)/g)) args.push(match[1] ?? match[2] ?? match[3] ?? '');
  return args;
}
