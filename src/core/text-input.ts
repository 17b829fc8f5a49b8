/**
 * Text that must never reach the database or another person: NUL, lone
 * surrogates and noncharacters. Postgres refuses NUL in text (error 22021),
 * a lone surrogate cannot be encoded as UTF-8 (drivers silently turn it into
 * U+FFFD, so what is stored is not what was typed), and noncharacters
 * (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two code points of every plane)
 * are reserved for a program's internal use, never for interchange.
 */
import { DomainError } from './errors.ts';

// \p{Cs} matches a surrogate only when it is not half of a valid pair ('u' flag).
const INVALID_CHARACTER = /[\u0000\p{Cs}\p{Noncharacter_Code_Point}]/u;

/**
 * True when `text` holds a character that no stored or shown text may hold.
 *
 * @example hasInvalidCharacters('refugee\u0000') // true
 * @example hasInvalidCharacters('탈북 난민') // false
 */
export function hasInvalidCharacters(text: string): boolean {
  return INVALID_CHARACTER.test(text);
}

/**
 * Returns `text` unchanged, or throws `input.invalid-characters` (a localized
 * "please type it again" message) when it holds NUL, a lone surrogate or a
 * noncharacter.
 *
 * @example const search = requireValidText(typed) // throws DomainError('input.invalid-characters') on 'a\u0000'
 */
export function requireValidText(text: string): string {
  if (hasInvalidCharacters(text)) throw new DomainError('input.invalid-characters');
  return text;
}
