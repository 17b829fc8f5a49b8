import { describe, expect, it } from 'vitest';
import { clip as discordClip } from '../../adapters/discord/render-discord.ts';
import { clip as slackClip, escapedLength } from '../../adapters/slack/slack-text.ts';
import { splitText as telegramSplit } from '../../adapters/telegram/render-telegram.ts';
import { clipText, hasLoneSurrogate, joinableParts, splitText } from '../../src/chat/index.ts';

/** Characters of two UTF-16 units, or of several code points, where a hard cut would break them. */
const HARD = ['😀', '𠀀', '𪚥', '👩‍👧‍👦', '🇰🇷', '각'.normalize('NFD')];

describe('cutting text at grapheme boundaries', () => {
  it.each(HARD)('clips before %s instead of through it (every adapter uses the one helper)', (character) => {
    const text = `a${character.repeat(50)}`;
    for (const limit of [2, 3, 4, 5, 10, 11, 40]) {
      for (const clipped of [clipText(text, limit), discordClip(text, limit), slackClip(text, limit)]) {
        expect(clipped.length).toBeLessThanOrEqual(limit);
        expect(hasLoneSurrogate(clipped)).toBe(false);
        expect(clipped.endsWith('…')).toBe(true);
        // Only whole characters before the ellipsis.
        expect(clipped.slice(0, -1).replace(/^a/, '').split(character).every((piece) => piece === '')).toBe(true);
      }
    }
  });

  it.each(HARD)('splits at an emoji or a rare Chinese character (%s) with nothing lost', (character) => {
    const text = `a${character.repeat(3000)}`;
    const parts = telegramSplit(text, 4096);
    expect(parts.join('')).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(hasLoneSurrogate(part)).toBe(false);
    }
  });

  it('prefers a line break, then a space, in the second half of the window', () => {
    expect(splitText(`${'a'.repeat(6)}\n${'b'.repeat(6)}`, 10)).toEqual(['aaaaaa', 'bbbbbb']);
    expect(splitText(`${'a'.repeat(6)} ${'b'.repeat(6)}`, 10)).toEqual(['aaaaaa', 'bbbbbb']);
    expect(splitText('ab\ncdefghijklmnop', 10)).toEqual(['ab\ncdefghi', 'jklmnop']);
    expect(splitText('short', 10)).toEqual(['short']);
  });

  it('measures what the platform counts: Slack sections after escaping', () => {
    const text = '<&>'.repeat(2000);
    const parts = splitText(text, 3000, escapedLength);
    expect(parts.join('')).toBe(text);
    expect(parts.every((p) => escapedLength(p) <= 3000)).toBe(true);
    expect(parts.length).toBe(Math.ceil(escapedLength(text) / 2997));
  });

  it('cuts a single grapheme longer than the limit between code points, never inside a pair', () => {
    const zalgo = `😀${'\u0301'.repeat(30)}`;
    const parts = splitText(zalgo, 10);
    expect(parts.join('')).toBe(zalgo);
    expect(parts.every((p) => p.length <= 10 && !hasLoneSurrogate(p))).toBe(true);
  });

  it('splits for a form without white space at the seams, so the parts join back exactly', () => {
    const story = 'First sentence here. Second one follows. 第三句话𠀀。第四句话😀。 Last words.';
    for (const limit of [8, 13, 21, 30]) {
      const parts = joinableParts(story, limit);
      expect(parts.join('')).toBe(story);
      for (const [i, part] of parts.entries()) {
        expect(part.length).toBeLessThanOrEqual(limit);
        expect(hasLoneSurrogate(part)).toBe(false);
        if (i < parts.length - 1) expect(/\s$/.test(part) || /^\s/.test(parts[i + 1]!)).toBe(false);
      }
    }
  });

  it('finds lone surrogates', () => {
    expect(hasLoneSurrogate('ok 😀')).toBe(false);
    expect(hasLoneSurrogate('😀'.slice(0, 1))).toBe(true);
    expect(hasLoneSurrogate(`x${'😀'.slice(1)}`)).toBe(true);
  });
});
