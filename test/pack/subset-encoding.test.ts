/**
 * The pack's own encoding of font subsets writes what fontkit's does, byte
 * for byte, for every font the pack embeds: simple and composite glyphs,
 * small and large subsets, glyphs asked for in any order and more than once;
 * and its glyphs' advance widths, read from hmtx, are fontkit's.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { FALLBACK_ORDER, FONT_FILES, loadPackFonts } from '../../src/pack/fonts.ts';

const require = createRequire(import.meta.url);
const packFonts = loadPackFonts().fonts;

/** A small seeded generator, so a failure can be run again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Subset = { includeGlyph(gid: number): number; encode(): Uint8Array };

describe('font subsets', () => {
  it.each(FALLBACK_ORDER)('%s: the same bytes as fontkit for subsets of every size', (name) => {
    const original = fontkit.create(readFileSync(require.resolve(FONT_FILES[name]))) as fontkit.Font;
    const fast = packFonts[name];
    const next = random(FALLBACK_ORDER.indexOf(name) + 1);
    const glyphCount = original.numGlyphs;
    let composites = 0;
    for (const size of [0, 1, 5, 40, 300, 1_200]) {
      const gids = Array.from({ length: size }, () => Math.floor(next() * glyphCount));
      // Asked for twice, as a document does when a glyph comes back.
      gids.push(...gids.slice(0, Math.ceil(size / 4)));
      const mine = fast.createSubset() as unknown as Subset;
      const theirs = original.createSubset() as unknown as Subset;
      for (const gid of gids) expect(mine.includeGlyph(gid)).toBe(theirs.includeGlyph(gid));
      const expected = Buffer.from(theirs.encode());
      expect(Buffer.from(mine.encode()).equals(expected)).toBe(true);
      composites += gids.filter((gid) => (original.getGlyph(gid) as unknown as { _decode(): { numberOfContours: number } | null })._decode()?.numberOfContours! < 0).length;
    }
    // The Latin, Arabic and Devanagari fonts have composite glyphs: the test reaches them.
    if (name === 'latin') expect(composites).toBeGreaterThan(0);
  });

  it.each(FALLBACK_ORDER)('%s: glyph advance widths read from hmtx are the ones fontkit computes', (name) => {
    const original = fontkit.create(readFileSync(require.resolve(FONT_FILES[name]))) as fontkit.Font;
    const fast = packFonts[name];
    const count = original.numGlyphs;
    // A sample across the font, and its last glyphs.
    const gids = [...Array.from({ length: Math.ceil(count / 7) }, (_, i) => i * 7), ...Array.from({ length: 40 }, (_, i) => count - 1 - i)];
    for (const gid of gids) expect(fast.getGlyph(gid).advanceWidth, `glyph ${gid}`).toBe(original.getGlyph(gid).advanceWidth);
    for (const cp of [0x41, 0x6e, 0xc0, 0x4e2d, 0xd55c, 0x627, 0x5d0, 0xe01, 0x915]) {
      expect(fast.glyphForCodePoint(cp).advanceWidth, `U+${cp.toString(16)}`).toBe(original.glyphForCodePoint(cp).advanceWidth);
    }
  });

  it('writes the same subset the same way every time', () => {
    const font = packFonts.latin;
    const encode = () => {
      const subset = font.createSubset() as unknown as Subset;
      for (const gid of [36, 68, 2, 300, 68]) subset.includeGlyph(gid);
      return Buffer.from(subset.encode());
    };
    expect(encode().equals(encode())).toBe(true);
  });
});
