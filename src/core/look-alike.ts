/**
 * Unicode security checks for text that other people will read as a name:
 * invisible joiners where no spelling needs them, and words that mix scripts.
 *
 * Both rely on maintained libraries carrying current Unicode data rather than
 * on tables typed here: tr46 (the WHATWG URL standard's IDNA implementation,
 * Unicode 17) applies the RFC 5892 CONTEXTJ rules, and unicode-script
 * (Unicode 17) computes UTS #39 resolved script sets.
 */
import { toUnicode } from 'tr46';
import { unicodeResolvedScriptCodes } from 'unicode-script';

const ASCII_ONLY = /^[\x00-\x7F]*$/;

/** A run of letters and marks that contains at least one ZWNJ (U+200C) or ZWJ (U+200D). */
const JOINER_RUN = /[\p{L}\p{M}\u200C\u200D]*[\u200C\u200D][\p{L}\p{M}\u200C\u200D]*/gu;

/**
 * True when every ZWNJ/ZWJ in `text` sits where a script's spelling needs it,
 * per the CONTEXTJ rules of RFC 5892 (Appendix A.1 and A.2): ZWNJ or ZWJ right
 * after a virama (Devanagari क्‍ष, Malayalam chillu forms), or ZWNJ between an
 * Arabic-script letter that joins to the left and one that joins to the right
 * (Persian می‌خواهم). Anywhere else ("Ki‍m") a joiner changes nothing visible,
 * so two names that look the same would be different strings.
 *
 * Each run of letters, marks and joiners is checked as one IDNA label. A run
 * that IDNA refuses for another reason (say, a letter IDNA disallows) also
 * fails, so an unusual joiner is never let through by accident.
 *
 * @example joinersFollowSpelling('می\u200Cخواهم') // true
 * @example joinersFollowSpelling('Ki\u200Dm') // false
 */
export function joinersFollowSpelling(text: string): boolean {
  for (const [run] of text.matchAll(JOINER_RUN)) {
    const checked = toUnicode(run, {
      checkJoiners: true,
      checkHyphens: false,
      checkBidi: false,
      useSTD3ASCIIRules: false,
      transitionalProcessing: false,
    });
    if (checked.error) return false;
  }
  return true;
}

/**
 * True when one word mixes writing systems, by UTS #39 mixed-script detection
 * (section 5.1): the word's resolved script set is empty. Characters used by
 * several scripts (digits, apostrophes, the middle dot, combining marks) count
 * for every script they serve, and Han with Hiragana/Katakana (Japanese), Han
 * with Hangul (Korean) and Han with Bopomofo each count as one script, so
 * 山田たろう, 金영삼 or 约翰·史密斯 are single-script, while Cyrillic К
 * followed by Latin "im" is not.
 *
 * Every mixed-script confusable that UTS #39 section 4 describes inside a word
 * (a Cyrillic or Greek letter standing in for a Latin one, or the other way
 * round) makes the word mixed-script, so this refuses all of them without a
 * confusables table; a word wholly in Cyrillic or Greek is left alone.
 *
 * @example mixesScripts('Кim') // true (Cyrillic К, Latin i m)
 * @example mixesScripts('Иван') // false
 */
export function mixesScripts(word: string): boolean {
  // ASCII is Latin letters and characters of every script (digits, punctuation):
  // never mixed. Most names are, and the full computation costs far more.
  if (ASCII_ONLY.test(word)) return false;
  return unicodeResolvedScriptCodes(word).size === 0;
}
