/**
 * Cutting text to a platform's limit without breaking a character: every cut
 * falls on a grapheme boundary (`Intl.Segmenter`), so an emoji, a flag, a
 * Hangul syllable with its jamo or a rare Chinese character outside the
 * Basic Multilingual Plane is never split into a lone surrogate, which
 * Telegram refuses and Discord and Slack show as garbage.
 *
 * Limits are measured in UTF-16 code units by default (what Telegram and
 * Discord count, and never less than Slack's characters); `measure` lets a
 * caller count what the platform counts after its own escaping. A measure
 * must be additive (the length of a text is the sum over its graphemes).
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** How long a piece of text is for a limit. */
export type Measure = (text: string) => number;

const utf16: Measure = (text) => text.length;

/**
 * The text within `limit`, ending with "…" when something was cut.
 *
 * @example clipText('😀😀😀', 4) // '😀…'
 */
export function clipText(text: string, limit: number, measure: Measure = utf16): string {
  if (measure(text) <= limit) return text;
  return `${text.slice(0, wholeGraphemesEnd(text, limit - measure('…'), measure))}…`;
}

/**
 * Splits text into parts within `limit`, losing nothing but the line break
 * or space a part ends at: at the last line break (else space) in the second
 * half of a window, else at the last grapheme boundary that fits.
 *
 * @example splitText('a\nb', 2) // ['a', 'b']
 */
export function splitText(text: string, limit: number, measure: Measure = utf16): string[] {
  if (limit < 2) throw new RangeError('a limit below 2 cannot hold every grapheme');
  const parts: string[] = [];
  let rest = text;
  while (measure(rest) > limit) {
    const end = fittingEnd(rest, limit, measure);
    const window = rest.slice(0, end);
    let cut = window.lastIndexOf('\n');
    if (cut < end / 2) cut = window.lastIndexOf(' ');
    if (cut < end / 2 || cut <= 0) {
      parts.push(window);
      rest = rest.slice(end);
    } else {
      parts.push(window.slice(0, cut));
      rest = rest.slice(cut + 1);
    }
  }
  parts.push(rest);
  return parts;
}

/**
 * Splits text into parts within `limit` whose concatenation is the text
 * itself, each cut between two graphemes that are not white space (so a form
 * that trims its fields gives the text back unchanged), preferring the end
 * of a sentence. For forms whose fields are shorter than the stored text.
 *
 * @example joinableParts('One. Two.', 6).join('') // 'One. Two.'
 */
export function joinableParts(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const segments = [...graphemes.segment(rest)];
    let best = 0;
    let bestSentence = 0;
    for (let i = 1; i < segments.length; i++) {
      const at = segments[i]!.index;
      if (at > limit) break;
      const before = segments[i - 1]!.segment;
      const after = segments[i]!.segment;
      if (/\s/u.test(before) || /\s/u.test(after)) continue;
      best = at;
      if (/[.!?。！？]$/u.test(before)) bestSentence = at;
    }
    // A sentence end in the second half reads best; any non-space boundary will do; else any boundary.
    let cut = bestSentence > limit / 2 ? bestSentence : best;
    if (cut === 0) cut = fittingEnd(rest, limit, utf16);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

/** The end of the longest prefix of whole graphemes within `limit` (0 when not even the first fits). */
function wholeGraphemesEnd(text: string, limit: number, measure: Measure): number {
  let end = 0;
  let used = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    used += measure(segment);
    if (used > limit) break;
    end = index + segment.length;
  }
  return end;
}

/**
 * The end of the longest grapheme-whole prefix within `limit`; a single
 * grapheme longer than the limit (a base with thousands of combining marks)
 * is cut between code points, never inside a surrogate pair.
 */
function fittingEnd(text: string, limit: number, measure: Measure): number {
  let end = wholeGraphemesEnd(text, limit, measure);
  if (end > 0) return end;
  let used = 0;
  for (const codePoint of text) {
    used += measure(codePoint);
    if (used > limit && end > 0) break;
    end += codePoint.length;
  }
  return end;
}

/** True when the text holds a UTF-16 surrogate without its partner. */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
