/**
 * Fonts for delivery packs, all from npm font packages (never the system's),
 * embedded and subset by pdfkit so the text stays extractable:
 * Noto Sans SC (Chinese, Latin, basic Cyrillic/Greek), Noto Sans KR (Hangul),
 * Noto Sans (Latin Extended, Vietnamese, Cyrillic, Greek), and Noto Sans
 * Arabic, Hebrew, Thai and Devanagari for names in those scripts.
 *
 * TrueType files only: fontkit inflates a WOFF table again on every read, which
 * took a quarter of a pack's time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { CodePointCache } from './code-point-cache.ts';

const require = createRequire(import.meta.url);

/** Registered font names, in fallback order: the first that has every character of a cluster draws it. */
export const FALLBACK_ORDER = ['sc', 'kr', 'latin', 'arabic', 'hebrew', 'thai', 'devanagari'] as const;
export type FontName = (typeof FALLBACK_ORDER)[number];

/** The npm font file of each font (a path `require.resolve` finds). */
export const FONT_FILES: Record<FontName, string> = {
  sc: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  kr: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  latin: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  arabic: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  hebrew: '@expo-google-fonts/noto-sans-hebrew/400Regular/NotoSansHebrew_400Regular.ttf',
  thai: '@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf',
  devanagari: '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
};

/** A fontkit font as pdfkit uses it (pdfkit accepts any object with `layout`). */
export type PackFont = fontkit.Font;

export interface PackFonts {
  fonts: Record<FontName, PackFont>;
  /** The first font in fallback order that draws every code point of `cluster`, or null. */
  fontFor(cluster: string): FontName | null;
  /** fontFor of one code point (cached by code point: no string per character). */
  fontForCodePoint(codePoint: number): FontName | null;
  /** Whether `font` has a glyph for the code point (cached: the cmap lookup ran for every character of every name). */
  hasGlyph(font: FontName, codePoint: number): boolean;
  /** Each font's units per em (fontkit reads it from the head table on every call). */
  unitsPerEm: Record<FontName, number>;
  /** The glyph of one code point (cached). */
  glyph(font: FontName, codePoint: number): fontkit.Glyph;
  /** Whether `text` is drawn glyph by glyph, one per UTF-16 unit, without shaping. */
  needsNoShaping(text: string): boolean;
  /** The advance width of `text` in `font`, in font units, as fontkit's layout gives it. */
  advance(font: FontName, text: string): number;
}

/**
 * Text made only of characters that need no shaping: precomposed Latin,
 * Greek, Cyrillic, Hangul syllables, kana, Han, CJK and general punctuation.
 * No combining marks (U+0300..036F, U+3099/309A), no joiners or format
 * characters, no script that shapes (Arabic, Hebrew, Indic, Thai...).
 */
const NEEDS_NO_SHAPING =
  /^[\u0020-\u007e\u00a0-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff\u2010-\u2027\u2030-\u205e\u3000-\u303f\u3041-\u3096\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff01-\uffef]*$/;

/** 1 where a UTF-16 code unit needs no shaping (NEEDS_NO_SHAPING, one unit at a time; surrogates never). */
const noShaping = new CodePointCache((unit) => (NEEDS_NO_SHAPING.test(String.fromCharCode(unit)) ? 1 : 0));

/** Whether every code unit of `text` needs no shaping (NEEDS_NO_SHAPING.test without a regular expression per name). */
function needsNoShaping(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (noShaping.get(text.charCodeAt(i)) === 0) return false;
  return true;
}

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** Shaped widths kept per font: a few thousand distinct words is most of any real list of names. */
const SHAPED_CACHE_SIZE = 20_000;

/**
 * Loads every pack font once per process.
 *
 * @example const { fonts, fontFor } = loadPackFonts(); fontFor('김') // 'kr'
 */
export function loadPackFonts(): PackFonts {
  const fonts = {} as Record<FontName, PackFont>;
  const glyphCache = Object.fromEntries(FALLBACK_ORDER.map((name) => [name, new Map<number, fontkit.Glyph>()])) as Record<FontName, Map<number, fontkit.Glyph>>;
  const glyphOf = (name: FontName, cp: number): fontkit.Glyph => {
    let glyph = glyphCache[name].get(cp);
    if (!glyph) {
      glyph = fonts[name].glyphForCodePoint(cp);
      // Bounded by the font's glyphs, not by the number of names.
      glyphCache[name].set(cp, glyph);
    }
    return glyph;
  };
  const glyphs = (name: FontName, text: string): fontkit.Glyph[] | null => {
    if (!needsNoShaping(text)) return null;
    // Every unit is a code point of its own here (no surrogates).
    const run: fontkit.Glyph[] = [];
    for (let i = 0; i < text.length; i++) run.push(glyphOf(name, text.charCodeAt(i)));
    return run;
  };
  for (const name of FALLBACK_ORDER) {
    const font = fontkit.create(readFileSync(require.resolve(FONT_FILES[name]))) as fontkit.Font;
    const metrics = horizontalMetrics(font);
    fonts[name] = withFastSubsets(withFastLayout(withFastAdvances(font, metrics), (text) => glyphs(name, text)), metrics);
  }
  const perFont = <T>(make: (name: FontName) => T) => Object.fromEntries(FALLBACK_ORDER.map((name) => [name, make(name)])) as Record<FontName, T>;
  const hasGlyphs = perFont((name) => new CodePointCache((cp) => (fonts[name].hasGlyphForCodePoint(cp) ? 1 : 0)));
  const advances = perFont((name) => new CodePointCache((cp) => glyphOf(name, cp).advanceWidth));
  const unitsPerEm = perFont((name) => fonts[name].unitsPerEm);
  const shaped = perFont(() => new Map<string, number>());
  const hasGlyph = (font: FontName, codePoint: number) => hasGlyphs[font].get(codePoint) === 1;
  // Index in FALLBACK_ORDER of the first font with the glyph, -1 for none.
  const firstFont = new CodePointCache((cp) => FALLBACK_ORDER.findIndex((name) => hasGlyph(name, cp)));
  return {
    fonts,
    unitsPerEm,
    glyph: glyphOf,
    needsNoShaping,
    hasGlyph,
    advance(font, text) {
      if (needsNoShaping(text)) {
        // The sum of the glyph advances, what the fast layout below returns, without building the glyph run.
        const widths = advances[font];
        let sum = 0;
        for (let i = 0; i < text.length; i++) sum += widths.get(text.charCodeAt(i));
        return sum;
      }
      // Shaped text (Arabic, Hebrew...): the same words recur across names.
      const cache = shaped[font];
      let w = cache.get(text);
      if (w === undefined) {
        w = fonts[font].layout(text).advanceWidth;
        // Bounded: start afresh rather than grow with the number of names.
        if (cache.size >= SHAPED_CACHE_SIZE) cache.clear();
        cache.set(text, w);
      }
      return w;
    },
    fontForCodePoint(codePoint) {
      return FALLBACK_ORDER[firstFont.get(codePoint)] ?? null;
    },
    fontFor(cluster) {
      const first = cluster.codePointAt(0);
      // One character: its cached answer. Clusters of several are few and not cached.
      if (first !== undefined && cluster.length === (first > 0xffff ? 2 : 1)) return FALLBACK_ORDER[firstFont.get(first)] ?? null;
      const codePoints = [...cluster].map((ch) => ch.codePointAt(0)!);
      return FALLBACK_ORDER.find((name) => codePoints.every((cp) => hasGlyph(name, cp))) ?? null;
    },
  };
}

/**
 * fontkit's OpenType shaping runs every GSUB/GPOS lookup of a 30,000-glyph
 * CJK font for each string, about 0.3 ms a name: 30 s for 100,000 names.
 * Text that needs no shaping is laid out here glyph by glyph from the cmap
 * (no kerning or ligatures, which a list of names does not need), about a
 * hundred times faster; anything else, or any request with features, still
 * goes through fontkit. Glyphs are cached per code point, so the cache is
 * bounded by the font's size, not by the number of names.
 */
function withFastLayout(font: fontkit.Font, glyphsOf: (text: string) => fontkit.Glyph[] | null): fontkit.Font {
  const shaped = font.layout.bind(font);
  const wholeRuns = new Map<string, { glyphs: fontkit.Glyph[]; positions: GlyphPosition[] }>();
  const fast = (text: string, features?: unknown) => {
    const run = features ? null : glyphsOf(text);
    if (!run && Array.isArray(features) && features.length === 0) {
      // A right-to-left name piece, shaped whole: the same words recur down a table (bounded cache, fresh positions each time).
      let known = wholeRuns.get(text);
      if (!known) {
        const laid = shaped(text, []);
        known = { glyphs: laid.glyphs, positions: laid.positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => ({ xAdvance, yAdvance, xOffset, yOffset })) };
        if (wholeRuns.size >= SHAPED_CACHE_SIZE) wholeRuns.clear();
        wholeRuns.set(text, known);
      }
      const positions = known.positions.map((p) => ({ ...p }));
      let advanceWidth = 0;
      for (const p of positions) advanceWidth += p.xAdvance;
      return { glyphs: known.glyphs, positions, advanceWidth } as unknown as fontkit.GlyphRun;
    }
    if (!run) return shaped(text, features as never);
    // Fresh objects: pdfkit scales positions in place.
    const positions = run.map((glyph) => ({ xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
    let advanceWidth = 0;
    for (const glyph of run) advanceWidth += glyph.advanceWidth;
    return { glyphs: run, positions, advanceWidth } as unknown as fontkit.GlyphRun;
  };
  return Object.assign(font, { layout: fast });
}

/** Each glyph's advance width and left side bearing, by glyph id, from the font's hmtx table. */
interface HorizontalMetrics {
  advance: Uint16Array;
  bearing: Int16Array;
}

/** What reading hmtx touches of a fontkit font. */
interface MetricsInternals {
  numGlyphs: number;
  hhea: { numberOfMetrics: number };
  directory: { tables: Record<string, unknown> };
  _variationProcessor: unknown;
  _getTableStream(tag: string): { readBuffer(length: number): Uint8Array };
  getGlyph(gid: number, codePoints?: number[]): fontkit.Glyph;
}

/**
 * The hmtx table read once (OpenType: numberOfHMetrics pairs of advance and
 * bearing, then bearings only, the last advance repeating), or null for a
 * variable font, whose advances vary.
 */
function horizontalMetrics(font: fontkit.Font): HorizontalMetrics | null {
  const ttf = font as unknown as MetricsInternals;
  if (ttf._variationProcessor || !ttf.directory.tables.hmtx) return null;
  const count = ttf.numGlyphs;
  const pairs = ttf.hhea.numberOfMetrics;
  const bytes = ttf._getTableStream('hmtx').readBuffer(pairs * 4 + (count - pairs) * 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const advance = new Uint16Array(count);
  const bearing = new Int16Array(count);
  for (let gid = 0; gid < count; gid++) {
    advance[gid] = gid < pairs ? view.getUint16(gid * 4) : advance[pairs - 1]!;
    bearing[gid] = gid < pairs ? view.getInt16(gid * 4 + 2) : view.getInt16(pairs * 4 + (gid - pairs) * 2);
  }
  return { advance, bearing };
}

/**
 * Glyphs whose advance width is read from the table above. fontkit computes
 * all of a glyph's metrics the first time any is asked, vertical ones too,
 * and for those it decodes the glyph's outline box: a pack's first use of
 * each of 31,000 distinct characters took 145 ms, all for widths (the pack
 * draws horizontally only). The value is the one fontkit gives.
 */
function withFastAdvances(font: fontkit.Font, metrics: HorizontalMetrics | null): fontkit.Font {
  if (!metrics) return font;
  const ttf = font as unknown as MetricsInternals;
  const getGlyph = ttf.getGlyph.bind(font);
  ttf.getGlyph = (gid, codePoints) => {
    const glyph = getGlyph(gid, codePoints);
    // fontkit keeps one glyph object per id: its own advanceWidth, over the prototype's getter, is set once.
    if (!Object.hasOwn(glyph, 'advanceWidth')) Object.defineProperty(glyph, 'advanceWidth', { value: metrics.advance[gid] ?? 0 });
    return glyph;
  };
  return font;
}

/** The parts of fontkit's TrueType font and subset that copying a glyph touches (fontkit 2, TTFFont and TTFSubset). */
interface TrueTypeInternals {
  directory: { tables: Record<string, unknown> };
  _variationProcessor: unknown;
  loca: { offsets: number[]; version: number };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  getGlyph(gid: number): fontkit.Glyph & { _decode(): { components: Array<{ glyphID: number; pos: number }> } | null; _getMetrics(): { leftBearing: number } };
}
interface SubsetInternals {
  glyphs: number[];
  glyf: Uint8Array[];
  loca: { offsets: number[]; version: number };
  hmtx: { metrics: Array<{ advance: number; bearing: number }>; bearings: number[] };
  offset: number;
  includeGlyph(gid: number): number;
  _addGlyph(gid: number): number;
  encode(): Uint8Array;
}

/**
 * pdfkit subsets each font once per document through fontkit, whose
 * TrueType subset decodes every glyph's whole outline only to learn whether
 * it is a composite (made of other glyphs): a glyph used in all 60 PDFs of a
 * pack was decoded 60 times, a fifth of the pack's time. This copy of
 * fontkit's `_addGlyph` reads the contour count from the glyph's first two
 * bytes and decodes only composites, once per glyph (their component lists
 * are kept: few, and bounded by the font). The bytes written are the same.
 */
function withFastSubsets(font: fontkit.Font, metrics: HorizontalMetrics | null): fontkit.Font {
  const ttf = font as unknown as TrueTypeInternals;
  const create = font.createSubset.bind(font);
  const composites = new Map<number, Array<{ glyphID: number; pos: number }>>();
  const createSubset = () => {
    const subset = create() as unknown as SubsetInternals;
    if (!ttf.directory.tables.glyf || ttf._variationProcessor) return subset;
    subset._addGlyph = (gid: number) => {
      const glyph = ttf.getGlyph(gid);
      const start = ttf.loca.offsets[gid]!;
      const stream = ttf._getTableStream('glyf');
      stream.pos += start;
      let buffer = stream.readBuffer(ttf.loca.offsets[gid + 1]! - start);
      // numberOfContours, a signed 16-bit number: negative for a composite.
      if (buffer.length >= 2 && buffer[0]! & 0x80) {
        let components = composites.get(gid);
        if (!components) {
          components = (glyph._decode()?.components ?? []).map(({ glyphID, pos }) => ({ glyphID, pos }));
          composites.set(gid, components);
        }
        buffer = new Uint8Array(buffer);
        const view = new DataView(buffer.buffer);
        for (const component of components) view.setUint16(component.pos, subset.includeGlyph(component.glyphID));
      }
      subset.glyf.push(buffer);
      subset.loca.offsets.push(subset.offset);
      subset.hmtx.metrics.push({ advance: glyph.advanceWidth, bearing: metrics ? metrics.bearing[gid]! : glyph._getMetrics().leftBearing });
      subset.offset += buffer.length;
      return subset.glyf.length - 1;
    };
    subset.encode = () => encodeSubset(subset, ttf.loca.version, (template ??= subsetTemplate(create() as unknown as SubsetInternals)));
    return subset;
  };
  let template: SubsetTemplate | undefined;
  return Object.assign(font, { createSubset });
}

/**
 * The tables of a subset that do not depend on its glyphs (head, hhea,
 * maxp, prep, cvt, fpgm), as fontkit writes them, and the order of all its
 * tables. Taken once per font from fontkit's own encoding of the smallest
 * subset (the missing glyph only), so they are fontkit's bytes.
 */
interface SubsetTemplate {
  tags: string[];
  fixed: Map<string, Uint8Array>;
}

const TABLE_DIRECTORY = 12;
const TABLE_ENTRY = 16;
/** Where a subset's glyph count goes in the tables that hold one. */
const HHEA_NUMBER_OF_METRICS = 34;
const MAXP_NUM_GLYPHS = 4;

function subsetTemplate(smallest: SubsetInternals): SubsetTemplate {
  const bytes = smallest.encode();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tags: string[] = [];
  const fixed = new Map<string, Uint8Array>();
  for (let i = 0; i < view.getUint16(4); i++) {
    const entry = TABLE_DIRECTORY + i * TABLE_ENTRY;
    const tag = String.fromCharCode(...bytes.subarray(entry, entry + 4));
    const offset = view.getUint32(entry + 8);
    tags.push(tag);
    if (tag !== 'loca' && tag !== 'glyf' && tag !== 'hmtx') fixed.set(tag, bytes.slice(offset, offset + view.getUint32(entry + 12)));
  }
  return { tags, fixed };
}

/**
 * What fontkit's TrueType subset `encode()` writes, byte for byte: its
 * glyphs copied (through `_addGlyph`), then a table directory (tag 'true',
 * checksums 0, tables back to back in fontkit's order) and the tables, the
 * glyph count set in hhea and maxp. Written here because fontkit encodes
 * the loca and hmtx arrays and the whole directory through restructure's
 * generic structures, value by value: about 160 ms of every 100,000-signature
 * pack, for some 180 subsets. `test/pack/subset-encoding.test.ts` holds it to
 * fontkit's own output.
 */
function encodeSubset(subset: SubsetInternals, locaVersion: number, template: SubsetTemplate): Uint8Array {
  subset.glyf = [];
  subset.offset = 0;
  subset.loca = { offsets: [], version: locaVersion };
  subset.hmtx = { metrics: [], bearings: [] };
  // Not for…of: adding a composite glyph adds its components to the list as it goes.
  for (let i = 0; i < subset.glyphs.length; i++) subset._addGlyph(subset.glyphs[i]!);
  const count = subset.glyf.length;
  const shortOffsets = subset.loca.version === 0;
  const lengths = new Map<string, number>([
    ['loca', (count + 1) * (shortOffsets ? 2 : 4)],
    ['glyf', subset.offset],
    ['hmtx', count * 4],
  ]);
  for (const [tag, table] of template.fixed) lengths.set(tag, table.length);
  const tags = template.tags;
  let size = TABLE_DIRECTORY + tags.length * TABLE_ENTRY;
  for (const tag of tags) size += lengths.get(tag)!;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set([0x74, 0x72, 0x75, 0x65]); // 'true'
  const power = 2 ** Math.floor(Math.log2(tags.length));
  view.setUint16(4, tags.length);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, tags.length * 16 - power * 16);
  let at = TABLE_DIRECTORY + tags.length * TABLE_ENTRY;
  tags.forEach((tag, i) => {
    const entry = TABLE_DIRECTORY + i * TABLE_ENTRY;
    for (let c = 0; c < 4; c++) bytes[entry + c] = tag.charCodeAt(c);
    view.setUint32(entry + 8, at);
    view.setUint32(entry + 12, lengths.get(tag)!);
    if (tag === 'loca') {
      let p = at;
      for (const offset of [...subset.loca.offsets, subset.offset]) {
        if (shortOffsets) view.setUint16(p, offset >>> 1);
        else view.setUint32(p, offset);
        p += shortOffsets ? 2 : 4;
      }
    } else if (tag === 'glyf') {
      let p = at;
      for (const glyph of subset.glyf) {
        bytes.set(glyph, p);
        p += glyph.length;
      }
    } else if (tag === 'hmtx') {
      let p = at;
      for (const { advance, bearing } of subset.hmtx.metrics) {
        view.setUint16(p, advance);
        view.setInt16(p + 2, bearing);
        p += 4;
      }
    } else {
      bytes.set(template.fixed.get(tag)!, at);
      if (tag === 'hhea') view.setUint16(at + HHEA_NUMBER_OF_METRICS, count);
      if (tag === 'maxp') view.setUint16(at + MAXP_NUM_GLYPHS, count);
    }
    at += lengths.get(tag)!;
  });
  return bytes;
}
