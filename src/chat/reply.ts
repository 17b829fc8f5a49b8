/**
 * What the chat layer answers with: platform-neutral messages that every
 * surface draws natively (inline keyboard, action row, Block Kit, numbered
 * options), with hints only some surfaces use.
 */
import type { OutgoingMessage } from '../core/index.ts';
import type { FormSpec } from './forms.ts';

export interface Reply extends OutgoingMessage {
  /** For the person who asked only (Discord: ephemeral). Private chats ignore it. */
  personal?: boolean;
  /** Replaces the message whose button was pressed (Discord: updates it in place). */
  inPlace?: boolean;
  /**
   * A form to fill in at once, on surfaces that have forms (Discord: a modal).
   * Only ever the one reply to a command or a button, never to a form.
   */
  form?: FormSpec;
  /**
   * A file sent with the text as its caption where the platform takes files
   * (a Telegram document, a Discord attachment); elsewhere the text and then
   * the content are shown.
   */
  file?: ReplyFile;
}

/** A small text file made for the person who asked (their data as JSON). */
export interface ReplyFile {
  name: string;
  mimeType: string;
  content: string;
}
