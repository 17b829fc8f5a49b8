import { describe, expect, it } from 'vitest';
import { unicodeResolvedScriptCodes } from 'unicode-script';
import { joinersFollowSpelling, mixesScripts } from '../../src/core/look-alike.ts';

describe('joinersFollowSpelling (RFC 5892 CONTEXTJ)', () => {
  it.each([
    ['no joiner at all', 'Kim Young', true],
    ['ZWNJ between Persian letters that join', 'می\u200Cخواهم', true],
    ['ZWJ after a Devanagari virama', 'क्\u200Dष', true],
    ['ZWNJ after a Bengali virama', 'ক্\u200Cষ', true],
    ['ZWJ after a Malayalam virama', 'ന്\u200Dന', true],
    ['ZWJ between Latin letters', 'Ki\u200Dm', false],
    ['ZWNJ between Latin letters', 'Ki\u200Cm', false],
    ['ZWNJ after alef, which does not join to the left', 'ا\u200Cل', false],
    ['ZWJ after a Devanagari consonant', 'क\u200Dष', false],
    ['a good joiner does not excuse a bad one later', 'क्\u200Dष Ki\u200Dm', false],
  ])('%s', (_, text, expected) => {
    expect(joinersFollowSpelling(text)).toBe(expected);
  });
});

describe('mixesScripts (UTS #39 mixed-script detection)', () => {
  it.each([
    ['Latin', 'Young-sam', false],
    ['Cyrillic', 'Иван', false],
    ['Greek', 'Ναταλία', false],
    ['Japanese: Han, hiragana and katakana', '山田たろうタ', false],
    ['Korean: Han and Hangul', '金영삼', false],
    ['Chinese with Bopomofo', 'ㄅ王', false],
    ['digits and apostrophes serve every script', "O'Brien2", false],
    ['Cyrillic Ka with Latin', '\u041Aim', true],
    ['Greek Kappa with Latin', '\u039Aim', true],
    ['Latin with Hangul', 'Kim김', true],
    ['Japanese kana with Hangul', 'たろ김', true],
  ])('%s', (_, word, expected) => {
    expect(mixesScripts(word)).toBe(expected);
  });

  it('agrees with the full UTS #39 computation on ASCII, which it answers without it', () => {
    // Every ASCII character alone and every pair: the short cut is right only if none of them mixes.
    const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
    for (const a of ascii) {
      for (const b of ascii) {
        expect(unicodeResolvedScriptCodes(a + b).size, JSON.stringify(a + b)).toBeGreaterThan(0);
        expect(mixesScripts(a + b)).toBe(false);
      }
    }
  });
});
