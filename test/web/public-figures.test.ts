import { describe, expect, it } from 'vitest';
import { OPEN_FIGURES, publicCountryFigures, publicCountsJson } from '../../src/web/public-figures.ts';

describe('public per-country figures', () => {
  it('publishes every count exactly while no country is at risk, largest first', () => {
    const figures = publicCountryFigures({ CA: 3, KR: 12, CN: 2, US: 3, JP: 0 }, OPEN_FIGURES);
    expect(figures.map((f) => [f.country, f.count])).toEqual([
      ['KR', { kind: 'exact', n: 12 }],
      ['CA', { kind: 'exact', n: 3 }],
      ['US', { kind: 'exact', n: 3 }],
      ['CN', { kind: 'exact', n: 2 }],
    ]);
    expect(publicCountsJson(figures)).toEqual({ KR: 12, CA: 3, US: 3, CN: 2 });
  });

  it('withholds small counts of at-risk countries, and their shading reveals no more', () => {
    const policy = { atRiskCountries: ['CN', 'KP'], minimumShown: 5 };
    const one = publicCountryFigures({ CN: 1, KP: 7, KR: 2 }, policy);
    const four = publicCountryFigures({ CN: 4, KP: 7, KR: 2 }, policy);
    expect(one.find((f) => f.country === 'CN')).toEqual({ country: 'CN', count: { kind: 'fewer-than', n: 5 }, weight: 4 });
    // 1 and 4 signatures from China look exactly the same in public.
    expect(one.find((f) => f.country === 'CN')).toEqual(four.find((f) => f.country === 'CN'));
    expect(one.find((f) => f.country === 'KP')!.count).toEqual({ kind: 'exact', n: 7 });
    expect(one.find((f) => f.country === 'KR')!.count).toEqual({ kind: 'exact', n: 2 });
    expect(publicCountsJson(one)).toEqual({ KP: 7, CN: '<5', KR: 2 });
  });
});
