/**
 * The translator remembers texts made without personal values, and only
 * those: the same answers as i18next, and a name is never kept.
 */
import type { Resource } from 'i18next';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/core/index.ts';
import { createTranslator } from '../../src/i18n/i18n.ts';

function resources(): Resource {
  const bot = {
    plain: 'Sign the petition',
    hello: 'Hello, {{name}}',
    signatures_one: '{{count}} signature',
    signatures_other: '{{count}} signatures',
    after: 'Thank you',
    after_telegram: 'Thank you, Telegram user',
  };
  return Object.fromEntries(LOCALES.map((locale) => [locale, { bot: { ...bot } }]));
}

describe('remembered texts', () => {
  it('answers as i18next does, for plurals, contexts and values', () => {
    const t = createTranslator(resources());
    for (let round = 0; round < 2; round++) {
      expect(t('en', 'bot:plain')).toBe('Sign the petition');
      expect(t('en', 'bot:signatures', { count: 1 })).toBe('1 signature');
      expect(t('en', 'bot:signatures', { count: 2 })).toBe('2 signatures');
      expect(t('en', 'bot:after', { context: 'telegram' })).toBe('Thank you, Telegram user');
      expect(t('en', 'bot:after', { context: 'discord' })).toBe('Thank you');
      expect(t('en', 'bot:hello', { name: 'Ana' })).toBe('Hello, Ana');
      expect(t('en', 'bot:hello', { name: 'Bo' })).toBe('Hello, Bo');
    }
  });

  it('keeps texts apart by language', () => {
    const data = resources();
    (data.ko!.bot as Record<string, string>).plain = '청원에 서명하기';
    const t = createTranslator(data);
    expect(t('en', 'bot:plain')).toBe('Sign the petition');
    expect(t('ko', 'bot:plain')).toBe('청원에 서명하기');
  });

  it('remembers a text without personal values, and makes one with a name afresh every time', () => {
    // i18next reads the resource objects it was given: changing one after a first call shows
    // whether the second call asked i18next again or answered from memory.
    const data = resources();
    const t = createTranslator(data);
    expect(t('en', 'bot:plain')).toBe('Sign the petition');
    expect(t('en', 'bot:hello', { name: 'Ana' })).toBe('Hello, Ana');
    const en = data.en!.bot as Record<string, string>;
    en.plain = 'changed';
    en.hello = 'Changed, {{name}}';
    expect(t('en', 'bot:plain')).toBe('Sign the petition');
    expect(t('en', 'bot:hello', { name: 'Ana' })).toBe('Changed, Ana');
  });
});
