import { describe, expect, it } from 'vitest';
import { knownLocale, localeFromTag, localized, withFallbacks } from '../../src/core/index.ts';

describe('locale negotiation', () => {
  it.each([
    // Traditional Chinese: the regions that write it, Telegram's "zh-hant", and explicit scripts.
    ['zh-TW', 'zh-Hant'], ['zh-HK', 'zh-Hant'], ['zh-MO', 'zh-Hant'], ['zh-hant', 'zh-Hant'], ['zh-Hant-TW', 'zh-Hant'], ['zh_TW', 'zh-Hant'],
    // Simplified: mainland, Singapore, explicit script, bare zh; the script wins over the region.
    ['zh-CN', 'zh'], ['zh-SG', 'zh'], ['zh-hans', 'zh'], ['zh', 'zh'], ['zh-Hans-HK', 'zh'],
    // Spanish: Discord's es-ES and es-419, any other region.
    ['es', 'es'], ['es-ES', 'es'], ['es-419', 'es'], ['es-MX', 'es'],
    ['ko-KR', 'ko'], ['en-GB', 'en'], ['fr', 'en'], ['', 'en'], [null, 'en'], [undefined, 'en'],
  ])('%j -> %s', (tag, locale) => {
    expect(localeFromTag(tag)).toBe(locale);
  });

  it('names a published language only, for typed or linked tags', () => {
    expect(knownLocale('zh-Hant')).toBe('zh-Hant');
    expect(knownLocale('zh-tw')).toBe('zh-Hant');
    expect(knownLocale('es-419')).toBe('es');
    expect(knownLocale('en')).toBe('en');
    expect(knownLocale('fr')).toBeNull();
    expect(knownLocale('')).toBeNull();
  });

  it('reads content written in en, ko and zh for every locale through the fallbacks', () => {
    const texts = { en: 'Hello', ko: '안녕하세요', zh: '您好' };
    expect(localized(texts, 'zh-Hant')).toBe('您好');
    expect(localized(texts, 'es')).toBe('Hello');
    expect(localized({ ...texts, es: 'Hola', 'zh-Hant': '您好（繁體）' }, 'es')).toBe('Hola');
    expect(withFallbacks({ ...texts, es: 'Hola' })).toEqual({ en: 'Hello', ko: '안녕하세요', zh: '您好', 'zh-Hant': '您好', es: 'Hola' });
  });
});
