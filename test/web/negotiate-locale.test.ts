import { describe, expect, it } from 'vitest';
import { localeParam, negotiateLocale } from '../../src/web/negotiate-locale.ts';

describe('language negotiation', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['ko-KR,ko;q=0.9,en-US;q=0.8', 'ko'],
    ['zh-CN,zh;q=0.9', 'zh'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK,zh;q=0.9,en;q=0.5', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-Hant-TW,zh-Hant;q=0.9', 'zh-Hant'],
    ['zh-SG,zh;q=0.9', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['es-ES,es;q=0.9,en;q=0.8', 'es'],
    ['es-419', 'es'],
    ['es-MX, en;q=0.5', 'es'],
    ['fr-FR, es;q=0.8, en;q=0.5', 'es'],
    ['ko;q=0.5, zh-TW;q=0.9', 'zh-Hant'],
    ['en-GB,en;q=0.9,ko;q=0.5', 'en'],
    ['fr-FR, fr;q=0.9, ko;q=0.5', 'ko'],
    ['fr, de', 'en'],
    ['ko;q=0.2, zh;q=0.8', 'zh'],
    ['*', 'en'],
    ['<script>;q=1, zh', 'zh'],
    ['x'.repeat(10_000), 'en'],
  ])('Accept-Language %j gives %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it('reads a ?lang= value only when it names a published language', () => {
    expect(localeParam('ko')).toBe('ko');
    expect(localeParam('zh-Hans')).toBe('zh');
    expect(localeParam('zh-Hant')).toBe('zh-Hant');
    expect(localeParam('zh-tw')).toBe('zh-Hant');
    expect(localeParam('es')).toBe('es');
    expect(localeParam('es-419')).toBe('es');
    expect(localeParam('EN')).toBe('en');
    expect(localeParam('fr')).toBeNull();
    expect(localeParam('"><script>')).toBeNull();
    expect(localeParam(null)).toBeNull();
  });
});
