/**
 * Lays out short mixed-script texts (signers' names, addresses) in a column:
 * font fallback per grapheme cluster, line breaks at Unicode break
 * opportunities (UAX #14, breaking inside a word only when it is wider than
 * the column), and bidi reordering per line (UAX #9), so a right-to-left name
 * reads right to left, right-aligned, and nothing overflows its column.
 */
import * as bidiModule from 'bidi-js';
import type { Bidi } from 'bidi-js';
import LineBreaker from 'linebreak';
import type { FontName, PackFonts } from './fonts.ts';

// bidi-js is a CommonJS factory: Node's default import is the function, its types declare an ES default.
const bidi = (bidiModule as unknown as { default: () => Bidi }).default();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** A letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, Nko...) or its presentation forms. */
const RTL_SCRIPT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
/** Right-to-left letters and Arabic digits, explicit direction marks and controls, or any astral character (Adlam, Nko...). */
const MAY_BE_RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;
/**
 * Characters that never join a neighbour in a grapheme cluster (UAX #29): no
 * combining marks, joiners, variation selectors, Hangul jamo, prepended
 * Arabic signs or surrogate pairs. Latin, Greek, Cyrillic, Hebrew and Arabic
 * letters without points, digits, CJK, kana and Hangul syllables.
 */
const ONE_CHARACTER_CLUSTERS =
  /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u0377\u037a-\u03ff\u0400-\u0482\u048a-\u052f\u05d0-\u05ea\u0621-\u064a\u0660-\u0669\u1e00-\u1eff\u2010-\u2027\u2030-\u205e\u3000-\u3029\u3030-\u303f\u3041-\u3096\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff60]*$/;

/** A stretch of one line drawn with one font, in visual order. */
export interface Piece {
  text: string;
  font: FontName;
  width: number;
  /** Right-to-left text: drawn as one shaped run (fontkit puts its glyphs in visual order). */
  rtl: boolean;
}

export interface TextLine {
  pieces: Piece[];
  width: number;
}

export interface LaidText {
  lines: TextLine[];
  /** The paragraph reads right to left: lines are aligned right. */
  rtl: boolean;
}

/**
 * @example layoutText(fonts, 9, 140, 'Kim Young-sam (김영삼)').lines.length // 1
 */
export function layoutText(fonts: PackFonts, size: number, maxWidth: number, text: string): LaidText {
  // No closures on this path: tsx names every closure as it is made, a cost paid per name.
  const simple = oneLine(fonts, size, maxWidth, text);
  if (simple) return { lines: [{ pieces: [{ text, font: simple.font, width: simple.width, rtl: false }], width: simple.width }], rtl: false };

  // A text with nothing right-to-left in it is all level 0 (UAX #9, rules W7 and I1): a long Latin name needs no bidi pass.
  const levels = MAY_BE_RIGHT_TO_LEFT.test(text) ? bidi.getEmbeddingLevels(text, 'auto') : null;
  const rtl = (levels?.paragraphs[0]?.level ?? 0) % 2 === 1;
  const lines: TextLine[] = [];
  let ltr: Uint8Array | null = null;
  for (const [start, end] of breakLines(fonts, text, maxWidth, size)) {
    // A left-to-right line in one font (each line of a long Latin name) is one piece: what layoutLine makes of it, without building runs.
    if (!levels) {
      const piece = text.slice(start, end).trimEnd();
      const sole = soleFont(fonts, text, start, start + piece.length);
      if (sole) {
        const width = textWidth(fonts, sole, size, piece);
        lines.push({ pieces: [{ text: piece, font: sole, width, rtl: false }], width });
        continue;
      }
    }
    lines.push(layoutLine(fonts, text, levels?.levels ?? (ltr ??= new Uint8Array(text.length)), start, end, size));
  }
  return { lines, rtl };
}

/** The common case, which needs no layout: one font, left to right, within the width. Its font and width, else null. */
function oneLine(fonts: PackFonts, size: number, maxWidth: number, text: string): { font: FontName; width: number } | null {
  if (RTL_SCRIPT.test(text)) return null;
  const font = singleFont(fonts, text);
  if (!font) return null;
  const width = textWidth(fonts, font, size, text);
  return width <= maxWidth ? { font, width } : null;
}

/**
 * The width of a text in one font, in points, as pdfkit's widthOfString gives it.
 *
 * @example textWidth(fonts, 'sc', 8.5, '1024') // 19.3
 */
export function textWidth(fonts: PackFonts, font: FontName, size: number, text: string): number {
  return (fonts.advance(font, text) * size) / fonts.unitsPerEm[font];
}

function singleFont(fonts: PackFonts, text: string): FontName | null {
  let font: FontName | null = null;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (cp === 0x20) continue;
    const f = fonts.fontForCodePoint(cp);
    if (!f || (font && f !== font)) {
      // A second font is needed, unless the first covers this character too.
      if (font && fonts.hasGlyph(font, cp)) continue;
      return null;
    }
    font = f;
  }
  return font ?? 'sc';
}

/**
 * The font of [start, end) when fontRuns would make it one run: the first
 * character's font (the first in fallback order that has it) has every
 * other character too. Null otherwise, or when no font has the first.
 */
function soleFont(fonts: PackFonts, text: string, start: number, end: number): FontName | null {
  if (start >= end) return null;
  const font = fonts.fontForCodePoint(text.codePointAt(start)!);
  if (!font) return null;
  for (let i = start; i < end; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (!fonts.hasGlyph(font, cp)) return null;
  }
  return font;
}

/** Runs of one font over [start, end): spaces and marks stay with the font before them. */
function fontRuns(fonts: PackFonts, text: string, start: number, end: number): Array<{ start: number; end: number; font: FontName }> {
  const runs: Array<{ start: number; end: number; font: FontName }> = [];
  for (const { segment, index } of clusters(text.slice(start, end))) {
    const at = start + index;
    const last = runs[runs.length - 1];
    let keep = last !== undefined;
    if (last) for (const ch of segment) if (!fonts.hasGlyph(last.font, ch.codePointAt(0)!)) keep = false;
    const font = keep ? last!.font : (fonts.fontFor(segment) ?? last?.font ?? 'sc');
    if (last && last.font === font) last.end = at + segment.length;
    else runs.push({ start: at, end: at + segment.length, font });
  }
  return runs;
}

/** Grapheme clusters; Intl.Segmenter was most of a name's layout time, and is not needed where every character is a cluster of its own. */
function clusters(text: string): Iterable<{ segment: string; index: number }> {
  if (!ONE_CHARACTER_CLUSTERS.test(text)) return graphemes.segment(text);
  const all: Array<{ segment: string; index: number }> = [];
  for (let i = 0; i < text.length; i++) all.push({ segment: text[i]!, index: i });
  return all;
}

function widthOf(fonts: PackFonts, text: string, start: number, end: number, size: number): number {
  // Most stretches (a word of a long name) are one run of one font: measured without building runs.
  const sole = soleFont(fonts, text, start, end);
  if (sole) return textWidth(fonts, sole, size, text.slice(start, end));
  let width = 0;
  for (const run of fontRuns(fonts, text, start, end)) width += textWidth(fonts, run.font, size, text.slice(run.start, run.end));
  return width;
}

/** Greedy line filling over UAX #14 break opportunities; a word wider than the column is cut between graphemes. */
function breakLines(fonts: PackFonts, text: string, maxWidth: number, size: number): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  let current: { start: number; end: number; width: number } | null = null;
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    const [s, e] = [last, bk.position];
    last = bk.position;
    if (e <= s) continue;
    const visible = widthOf(fonts, text, s, s + text.slice(s, e).trimEnd().length, size);
    if (current && current.width + visible <= maxWidth) {
      current.end = e;
      current.width += widthOf(fonts, text, s, e, size);
      continue;
    }
    if (current) lines.push([current.start, current.end]);
    if (visible <= maxWidth) {
      current = { start: s, end: e, width: widthOf(fonts, text, s, e, size) };
      continue;
    }
    let pieceStart = s;
    let pieceWidth = 0;
    for (const { segment, index } of clusters(text.slice(s, e))) {
      const at = s + index;
      const w = widthOf(fonts, text, at, at + segment.length, size);
      if (pieceWidth + w > maxWidth && at > pieceStart) {
        lines.push([pieceStart, at]);
        pieceStart = at;
        pieceWidth = 0;
      }
      pieceWidth += w;
    }
    current = { start: pieceStart, end: e, width: pieceWidth };
  }
  if (current) lines.push([current.start, current.end]);
  return lines;
}

/** One line's pieces in visual order: runs of one bidi level and one font, reordered by rule L2 of UAX #9. */
function layoutLine(fonts: PackFonts, text: string, levels: Uint8Array, start: number, end: number, size: number): TextLine {
  const trimmed = start + text.slice(start, end).trimEnd().length;
  const runs: Array<{ start: number; end: number; level: number; font: FontName }> = [];
  for (const run of fontRuns(fonts, text, start, trimmed)) {
    for (let i = run.start; i < run.end; ) {
      const level = levels[i]!;
      let j = i + 1;
      while (j < run.end && levels[j] === level) j++;
      const last = runs[runs.length - 1];
      if (last && last.level === level && last.font === run.font && last.end === i) last.end = j;
      else runs.push({ start: i, end: j, level, font: run.font });
      i = j;
    }
  }
  // L2: from the highest level down to the lowest odd one, reverse every sequence of runs at that level or higher.
  const maxLevel = Math.max(0, ...runs.map((r) => r.level));
  const minOdd = Math.min(...runs.map((r) => (r.level % 2 === 1 ? r.level : r.level + 1)));
  for (let level = maxLevel; level >= minOdd; level--) {
    for (let i = 0; i < runs.length; ) {
      if (runs[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  const pieces = runs.map((r): Piece => {
    let piece = text.slice(r.start, r.end);
    const odd = r.level % 2 === 1;
    // fontkit reverses right-to-left scripts itself; neutrals resolved to RTL are reversed (and mirrored) here.
    if (odd && !RTL_SCRIPT.test(piece)) {
      piece = [...graphemes.segment(piece)].map((g) => bidi.getMirroredCharacter(g.segment) ?? g.segment).reverse().join('');
    }
    return { text: piece, font: r.font, width: textWidth(fonts, r.font, size, piece), rtl: odd && RTL_SCRIPT.test(piece) };
  });
  return { pieces, width: pieces.reduce((sum, p) => sum + p.width, 0) };
}
