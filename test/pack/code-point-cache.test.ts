import { describe, expect, it } from 'vitest';
import { CodePointCache } from '../../src/pack/code-point-cache.ts';

describe('a number per code point, computed once', () => {
  it('answers what compute answers, asking it once per code point, in the BMP and beyond, zero included', () => {
    const asked: number[] = [];
    const cache = new CodePointCache((cp) => {
      asked.push(cp);
      return cp === 0x41 ? 0 : (cp % 1000) - 500;
    });
    const points = [0x41, 0x42, 0xac00, 0x1e900, 0x10ffff, 0x41, 0xac00, 0x1e900, 0];
    const answers = points.map((cp) => cache.get(cp));
    expect(answers).toEqual(points.map((cp) => (cp === 0x41 ? 0 : (cp % 1000) - 500)));
    expect(asked).toEqual([0x41, 0x42, 0xac00, 0x1e900, 0x10ffff, 0]);
  });

  it('keeps font advances exactly (integers in font units)', () => {
    const cache = new CodePointCache((cp) => cp * 3);
    expect(cache.get(0xffff)).toBe(0xffff * 3);
    expect(cache.get(0x4e00)).toBe(0x4e00 * 3);
  });
});
