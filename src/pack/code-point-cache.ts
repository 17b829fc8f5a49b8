/**
 * A number per Unicode code point, computed once: the pack asks the same few
 * thousand characters (is there a glyph, which font, how wide) for every one
 * of 100,000 names, and a Map lookup per character was a third of laying a
 * name out. Storage is in pages of 256 code points, made when first touched,
 * so only the blocks a pack's names use take memory. Values must be exact in
 * a 32-bit float (small integers: flags, indices, advances in font units).
 */
export class CodePointCache {
  private readonly pages: Array<Float32Array | undefined> = [];

  constructor(private readonly compute: (codePoint: number) => number) {}

  get(codePoint: number): number {
    const page = (this.pages[codePoint >> 8] ??= new Float32Array(256).fill(Number.NaN));
    let value = page[codePoint & 0xff]!;
    // NaN: not computed yet.
    if (value !== value) {
      value = this.compute(codePoint);
      page[codePoint & 0xff] = value;
    }
    return value;
  }
}
