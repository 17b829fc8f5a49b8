/**
 * Korean particles (josa) that depend on how the word before them ends:
 * 을/를, 이/가, 은/는, 으로/로, 와/과. The choice is made by es-hangul; this
 * file only decides which word es-hangul should look at, because a value may
 * end in digits ("28"), a percent sign or a parenthesis that Korean readers
 * pronounce differently from how the characters are written.
 */
import { josa, numberToHangul } from 'es-hangul';

export const JOSA_PAIRS = ['이/가', '을/를', '은/는', '으로/로', '와/과', '이나/나', '이라/라', '이랑/랑'] as const;
export type JosaPair = (typeof JOSA_PAIRS)[number];

export function isJosaPair(value: string): value is JosaPair {
  return (JOSA_PAIRS as readonly string[]).includes(value);
}

// A trailing "(KR)" or "（KR）" is an aside: the particle follows the word before it.
const TRAILING_ASIDE = /\s*[(（][^()（）]*[)）]\s*$/u;
// Closing quotes and brackets are not read aloud.
const TRAILING_CLOSERS = /[\s"'”’」』》〉\]]+$/u;
const TRAILING_NUMBER = /(\d[\d,]*)$/u;
// Beyond this numberToHangul gives up; the last four digits decide the sound anyway for such numbers.
const READABLE_DIGITS = 15;

/**
 * How the end of a value is read aloud, for choosing a particle: "28" -> "이십팔",
 * "12.5%" -> "퍼센트", "대한민국(KR)" -> "대한민국".
 *
 * @example readingForJosa('1,000') // '천'
 */
export function readingForJosa(value: string): string {
  let text = value.replace(TRAILING_ASIDE, '').replace(TRAILING_CLOSERS, '');
  if (text.endsWith('%')) return '퍼센트';
  const number = TRAILING_NUMBER.exec(text);
  if (number) {
    let digits = number[1]!.replace(/,/g, '');
    if (digits.length > READABLE_DIGITS) digits = digits.slice(-4).replace(/^0+(?=\d)/, '');
    text = numberToHangul(Number(digits));
  }
  return text;
}

/**
 * The value followed by the particle that fits its last sound.
 *
 * @example withJosa('대한민국', '을/를') // '대한민국을'
 * @example withJosa('28', '으로/로') // '28로'
 */
export function withJosa(value: string, pair: JosaPair): string {
  const reading = readingForJosa(value);
  if (reading.length === 0) return value + pair.split('/')[1]!;
  // es-hangul reads an all-capital Latin word letter by letter ("KR" -> 케이알).
  return value + josa(reading, pair).slice(reading.length);
}
