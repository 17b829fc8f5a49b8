/**
 * Names reduced to a form in which spellings of the same name compare equal:
 * the watch list and the "same name on another platform" rule both use it.
 * Nothing here is shown to anyone; the displayed name stays as the signer typed it.
 */
import { Converter } from 'opencc-js/t2cn';

// OpenCC's table (a maintained library) rather than a hand list: 習近平 and
// 习近平, 金正恩 in either script, and every mixed spelling compare equal.
// (Its published types lose their imports under NodeNext, hence the annotation.)
const toSimplified: (text: string) => string = Converter({ from: 't', to: 'cn' });

const LATIN_MARKS = /(?<=\p{Script=Latin})\p{Mn}+/gu;
const SEPARATORS = /[\p{White_Space}\p{P}\p{S}\u200B-\u200D\u2060\uFEFF]+/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const HAN = /\p{Script=Han}/u;

/**
 * Lower-case tokens of a name: NFKC (full-width letters, compatibility forms),
 * accents on Latin letters dropped (Xí Jìnpíng), traditional Chinese
 * characters folded to simplified, split at spaces and punctuation.
 *
 * @example nameTokens('ＸＩ Jìn-Píng') // ['xi', 'jin', 'ping']
 * @example nameTokens('習 近平') // ['习', '近平']
 */
export function nameTokens(name: string): string[] {
  // Most names are plain ASCII, where every step below but lower-casing is a no-op: it runs on every signing.
  let folded: string;
  if (PRINTABLE_ASCII.test(name)) folded = name.toLowerCase();
  else {
    const compatible = name.normalize('NFKC');
    folded = (HAN.test(compatible) ? toSimplified(compatible) : compatible)
      .normalize('NFD')
      .replace(LATIN_MARKS, '')
      .normalize('NFC')
      .toLowerCase();
  }
  return folded.split(SEPARATORS).filter((token) => token.length > 0);
}

/**
 * What two spellings of one name have in common, for the duplicate rule:
 * tokens in a fixed order, so "Kim Mina" and "MINA KIM" give the same key.
 *
 * @example comparableName(nameTokens('Mina  KIM')) === comparableName(nameTokens('kim mina')) // true
 */
export function comparableName(tokens: readonly string[]): string {
  return [...tokens].sort().join(' ');
}
