import { describe, it, expect } from 'vitest';
import { countryName, isCountryCode, likelyCountries, resolveCountry } from '../../src/core/index.ts';

describe('resolveCountry: ISO codes', () => {
  const cases: [string, string][] = [
    ['KR', 'KR'],
    ['kr', 'KR'],
    ['Kr', 'KR'],
    [' us ', 'US'],
    ['KP', 'KP'],
    ['de', 'DE'],
    ['ＫＲ', 'KR'], // full-width, as typed with a CJK IME
    ['XK', 'XK'], // Kosovo is in i18n-iso-countries' list
    ['KOR', 'KR'], // upper-case alpha-3
    ['DEU', 'DE'],
    ['PRK', 'KP'],
  ];
  it.each(cases)('%s -> %s', (input, code) => {
    expect(resolveCountry(input)).toEqual({ ok: true, code });
  });

  it.each(['XX', 'ZZ', 'EU', 'AA', 'xx', 'and'])('%s is not a country', (input) => {
    expect(resolveCountry(input)).toEqual({ ok: false, suggestions: [] });
  });
});

describe('resolveCountry: names in English, Korean and Chinese', () => {
  const cases: [string, string][] = [
    // English
    ['South Korea', 'KR'],
    ['Republic of Korea', 'KR'],
    ['Korea, Republic of', 'KR'],
    ['north korea', 'KP'],
    ['United States', 'US'],
    ['Germany', 'DE'],
    ['France', 'FR'],
    ['Japan', 'JP'],
    ['The Netherlands', 'NL'],
    ["Cote d'Ivoire", 'CI'],
    ['Côte d’Ivoire', 'CI'],
    ['Türkiye', 'TR'],
    ['Turkey', 'TR'],
    ['Viet Nam', 'VN'],
    ['Taiwan', 'TW'],
    ['Hong Kong', 'HK'],
    ['  thailand  ', 'TH'],
    // Korean
    ['대한민국', 'KR'],
    ['북한', 'KP'],
    ['미국', 'US'],
    ['일본', 'JP'],
    ['중국', 'CN'],
    ['독일', 'DE'],
    ['러시아', 'RU'],
    ['태국', 'TH'],
    ['캐나다', 'CA'],
    ['대만', 'TW'],
    ['홍콩', 'HK'],
    // Chinese, simplified and traditional
    ['韩国', 'KR'],
    ['韓國', 'KR'],
    ['南韓', 'KR'],
    ['朝鲜', 'KP'],
    ['北韓', 'KP'],
    ['美国', 'US'],
    ['美國', 'US'],
    ['英国', 'GB'],
    ['英國', 'GB'],
    ['德国', 'DE'],
    ['德國', 'DE'],
    ['日本', 'JP'],
    ['台湾', 'TW'],
    ['台灣', 'TW'],
    ['臺灣', 'TW'],
    ['香港', 'HK'],
    ['澳門', 'MO'],
    ['新加坡', 'SG'],
    ['泰国', 'TH'],
  ];
  it.each(cases)('%s -> %s', (input, code) => {
    expect(resolveCountry(input)).toEqual({ ok: true, code });
  });
});

describe('resolveCountry: aliases', () => {
  const cases: [string, string][] = [
    ['Korea', 'KR'],
    ['KOREA', 'KR'],
    ['한국', 'KR'],
    ['남한', 'KR'],
    ['ROK', 'KR'],
    ['조선', 'KP'],
    ['북조선', 'KP'],
    ['DPRK', 'KP'],
    ['N. Korea', 'KP'],
    ['北朝鮮', 'KP'],
    ['USA', 'US'],
    ['usa', 'US'],
    ['U.S.A.', 'US'],
    ['U.S.', 'US'],
    ['America', 'US'],
    ['UK', 'GB'],
    ['uk', 'GB'],
    ['Britain', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['Scotland', 'GB'],
    ['Holland', 'NL'],
    ['Burma', 'MM'],
    ['UAE', 'AE'],
    ['Ivory Coast', 'CI'],
    ['Czechia', 'CZ'],
    ['Macau', 'MO'],
    ['中華民國', 'TW'],
  ];
  it.each(cases)('%s -> %s', (input, code) => {
    expect(resolveCountry(input)).toEqual({ ok: true, code });
  });

  it('offers both Congos for the ambiguous "Congo"', () => {
    expect(resolveCountry('Congo')).toEqual({ ok: false, suggestions: ['CD', 'CG'] });
  });
});

describe('resolveCountry: typos get suggestions, best first', () => {
  const cases: [string, string][] = [
    ['Kroea', 'KR'],
    ['Germny', 'DE'],
    ['Frnace', 'FR'],
    ['Jpan', 'JP'],
    ['Swizerland', 'CH'],
    ['Phillipines', 'PH'],
    ['Isreal', 'IL'],
    ['Urkaine', 'UA'],
    ['Nroth Korea', 'KP'],
    ['Democratic Republic of Congo', 'CD'],
    ['러사아', 'RU'],
  ];
  it.each(cases)('%s suggests %s first', (input, code) => {
    const result = resolveCountry(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.suggestions[0]).toBe(code);
    expect(result.suggestions.length).toBeLessThanOrEqual(3);
  });
});

describe('resolveCountry: garbage gives no match and no suggestions', () => {
  const garbage: [string, string][] = [
    ['empty', ''],
    ['spaces', '   '],
    ['punctuation', '?!.'],
    ['keyboard mash', 'asdfgh'],
    ['SQL injection', "' OR 1=1 --"],
    ['SQL drop', "'; DROP TABLE signatures;--"],
    ['HTML', '<script>alert(1)</script>'],
    ['URL', 'https://example.com'],
    ['emoji', '😀'],
    ['101 characters', 'a'.repeat(101)],
    ['10,000 characters', 'Korea'.repeat(2_000)],
    ['near-miss padded past the limit', 'Germny' + ' '.repeat(100)],
  ];
  it.each(garbage)('%s', (_, input) => {
    expect(resolveCountry(input)).toEqual({ ok: false, suggestions: [] });
  });

  it('rejects long input quickly', () => {
    const start = performance.now();
    for (let i = 0; i < 100; i++) resolveCountry('x'.repeat(10_000));
    for (let i = 0; i < 100; i++) resolveCountry('qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm');
    expect(performance.now() - start).toBeLessThan(200);
  });
});

describe('countryName', () => {
  const cases: [string, 'en' | 'ko' | 'zh', string][] = [
    ['KR', 'ko', '대한민국'],
    ['KR', 'en', 'South Korea'],
    ['KR', 'zh', '韩国'],
    ['KP', 'en', 'North Korea'],
    ['KP', 'ko', '북한'],
    ['KP', 'zh', '朝鲜'],
    ['US', 'ko', '미국'],
    ['GB', 'en', 'United Kingdom'],
    ['TW', 'en', 'Taiwan'],
    ['HK', 'en', 'Hong Kong'],
    ['HK', 'zh', '香港'],
    ['kr', 'en', 'South Korea'],
  ];
  it.each(cases)('%s in %s -> %s', (code, locale, name) => {
    expect(countryName(code, locale)).toBe(name);
  });

  it('returns unknown codes as given', () => {
    expect(countryName('XX', 'en')).toBe('XX');
  });

  it('round-trips: every likely country resolves back from its own display name', () => {
    for (const locale of ['en', 'ko', 'zh'] as const) {
      for (const code of likelyCountries(locale)) {
        expect(resolveCountry(countryName(code, locale))).toEqual({ ok: true, code });
      }
    }
  });
});

describe('isCountryCode', () => {
  it.each(['KR', 'KP', 'US', 'GB', 'CN', 'TW', 'HK', 'DE'])('%s is a country code', (code) => {
    expect(isCountryCode(code)).toBe(true);
  });
  it.each(['kr', 'XX', 'ZZ', 'EU', 'UK', 'KOR', '', 'K'])('%s is not', (code) => {
    expect(isCountryCode(code)).toBe(false);
  });
});

describe('likelyCountries', () => {
  it('offers a few countries per language', () => {
    expect(likelyCountries('en')).toEqual(['US', 'GB', 'CA', 'AU']);
    expect(likelyCountries('ko')).toEqual(['KR', 'US', 'JP', 'CA']);
    expect(likelyCountries('zh')).toEqual(['TW', 'HK', 'SG', 'US']);
  });

  it('never offers China as a one-tap button', () => {
    for (const locale of ['en', 'ko', 'zh'] as const) expect(likelyCountries(locale)).not.toContain('CN');
  });

  it('returns a fresh array each time', () => {
    likelyCountries('en').push('CN');
    expect(likelyCountries('en')).not.toContain('CN');
  });
});

describe('countries for Traditional Chinese and Spanish readers', () => {
  it.each([
    ['Alemania', 'DE'], ['Estados Unidos', 'US'], ['Corea del Norte', 'KP'], ['Corea del Sur', 'KR'], ['México', 'MX'], ['Perú', 'PE'],
    ['臺灣', 'TW'], ['北韓', 'KP'], ['南韓', 'KR'], ['澳門', 'MO'],
  ])('resolves %s to %s', (typed, code) => {
    expect(resolveCountry(typed)).toEqual({ ok: true, code });
  });

  it('names countries in Taiwan usage and in Spanish, and offers likely ones without China', () => {
    expect(countryName('KP', 'zh-Hant')).toBe('北韓');
    expect(countryName('HK', 'zh-Hant')).toBe('香港');
    expect(countryName('KP', 'es')).toBe('Corea del Norte');
    expect(likelyCountries('zh-Hant')).toEqual(['TW', 'HK', 'MO', 'US']);
    expect(likelyCountries('es')).not.toContain('CN');
  });
});
