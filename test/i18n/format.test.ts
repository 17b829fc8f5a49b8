import { describe, expect, it } from 'vitest';
import { formatPercent } from '../../src/i18n/format.ts';

describe('formatPercent', () => {
  it('keeps two decimals for a small share and one otherwise, in each language, whatever was formatted before', () => {
    // Interleaved, so a formatter remembered for one language or precision cannot answer for another.
    const cases: Array<[Parameters<typeof formatPercent>, string]> = [
      [['en', 0.0004], '0.04%'],
      [['en', 0.4567], '45.7%'],
      [['ko', 0.0004], '0.04%'],
      [['en', 0.0004], '0.04%'],
      [['es', 0.4567], '45,7\u00a0%'],
      [['en', 0], '0%'],
      [['es', 0.0004], '0,04\u00a0%'],
      [['en', 1.25], '125%'],
      [['zh', 0.4567], '45.7%'],
    ];
    for (const [args, expected] of cases) expect(formatPercent(...args), `${args.join(' ')}`).toBe(expected);
  });
});
