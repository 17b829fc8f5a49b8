import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { hasInvalidCharacters, requireValidText } from '../../src/core/text-input.ts';

describe('text the database must never see', () => {
  it.each([
    ['NUL', 'refugee\u0000'],
    ['NUL alone', '\u0000'],
    ['lone high surrogate', 'Yanji\uD800'],
    ['lone low surrogate', '\uDC00Yanji'],
    ['surrogates in the wrong order', '\uDC00\uD800'],
    ['noncharacter U+FFFE', 'a\uFFFE'],
    ['noncharacter U+FFFF', 'a\uFFFF'],
    ['noncharacter U+FDD0', '\uFDD0'],
    ['noncharacter at the end of plane 1', 'a\u{1FFFF}'],
    ['noncharacter at the end of plane 16', '\u{10FFFF}'],
  ])('refuses %s', (_, text) => {
    expect(hasInvalidCharacters(text)).toBe(true);
    expect(() => requireValidText(text)).toThrow(expect.objectContaining({ code: 'input.invalid-characters' }));
    expect(() => requireValidText(text)).toThrow(DomainError);
  });

  it.each([
    ['plain text', 'Yanji 2012'],
    ['Korean', '탈북 난민'],
    ['Chinese', '被中国当局抓捕的'],
    ['an emoji (a valid surrogate pair)', 'Kim 😀'],
    ['a character outside the BMP', '𠮷野家'],
    ['other control characters (not this helper’s concern)', 'a\tb\n'],
    ['the replacement character', '\uFFFD'],
    ['the empty string', ''],
  ])('accepts %s', (_, text) => {
    expect(hasInvalidCharacters(text)).toBe(false);
    expect(requireValidText(text)).toBe(text);
  });
});
