import { DomainError } from './errors.ts';

/**
 * Code points no text of ours may hold: NUL (Postgres refuses it in text,
 * error 22021), lone surrogates (malformed UTF-16, refused by Telegram and by
 * Postgres' UTF-8) and noncharacters (U+FDD0–U+FDEF and every U+xFFFE/U+xFFFF).
 */
const UNSTORABLE = /[\u0000\uFDD0-\uFDEF\uFFFE\uFFFF]|[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u;

/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text can be stored and sent as it is. */
export function isStorableText(text: string): boolean {
  return !LONE_SURROGATE.test(text) && !UNSTORABLE.test(text);
}

/**
 * Refuses text the database or a platform must never see, with a clear,
 * localized message (`input.invalid-characters`) instead of a failed query.
 *
 * @example checkTextInput('Kim\u0000') // throws DomainError('input.invalid-characters')
 */
export function checkTextInput(text: string): void {
  if (!isStorableText(text)) throw new DomainError('input.invalid-characters');
}
