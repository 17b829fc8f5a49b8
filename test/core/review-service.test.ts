import { describe, expect, it } from 'vitest';
import { checkSelection, MAX_IDS, parseReviewTime, parseSignatureId, reviewRequest } from '../../src/core/review-service.ts';

describe('what staff type to pick signatures', () => {
  it('reads a signature number with or without #', () => {
    expect(parseSignatureId('1234')).toBe(1234);
    expect(parseSignatureId(' #77 ')).toBe(77);
  });

  it.each(['', '#', '0', '-5', '12a', '1e3', '1; drop table signatures', '9'.repeat(16), '＃12'])('refuses %j as a signature number', (text) => {
    expect(() => parseSignatureId(text)).toThrow(expect.objectContaining({ code: 'review.invalid-id' }));
  });

  it('reads a window time in the campaign zone unless it carries its own offset', () => {
    expect(parseReviewTime('2026-11-29T10:00', 'America/New_York').toISOString()).toBe('2026-11-29T15:00:00.000Z');
    expect(parseReviewTime('2026-11-29T10:00', 'Asia/Seoul').toISOString()).toBe('2026-11-29T01:00:00.000Z');
    expect(parseReviewTime('2026-11-29', 'Asia/Seoul').toISOString()).toBe('2026-11-28T15:00:00.000Z');
    expect(parseReviewTime('2026-11-29T10:00:30Z', 'Asia/Seoul').toISOString()).toBe('2026-11-29T10:00:30.000Z');
    expect(parseReviewTime('2026-11-29T10:00+09:00', 'America/New_York').toISOString()).toBe('2026-11-29T01:00:00.000Z');
  });

  it.each(['yesterday', '', '2026-13-01', '2026-11-29T25:00', '29/11/2026', '2026-11-29 10:00', '1764428400'])('refuses %j as a window time', (text) => {
    expect(() => parseReviewTime(text, 'Asia/Seoul')).toThrow(expect.objectContaining({ code: 'review.bad-window' }));
  });

  it('keeps the given criteria and drops duplicate ids', () => {
    const from = new Date('2026-11-29T00:00:00Z');
    expect(checkSelection({ ids: [3, 3, 4], rule: 'watch-list', referral: 'rABC', from })).toEqual({ ids: [3, 4], rule: 'watch-list', referral: 'rABC', from });
  });

  it('refuses selections that would mean everything, or nonsense', () => {
    const code = (selection: Parameters<typeof checkSelection>[0]) => {
      try {
        checkSelection(selection);
        return 'accepted';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(code({})).toBe('review.empty-selection');
    expect(code({ referral: '' })).toBe('review.empty-selection');
    expect(code({ ids: [] })).toBe('review.invalid-id');
    expect(code({ ids: Array.from({ length: MAX_IDS + 1 }, (_, i) => i + 1) })).toBe('review.invalid-id');
    expect(code({ ids: [1.5] })).toBe('review.invalid-id');
    expect(code({ rule: 'all' })).toBe('review.unknown-rule');
    expect(code({ from: new Date('nonsense') })).toBe('review.bad-window');
    expect(code({ from: new Date('2026-11-29T00:00:00Z'), to: new Date('2026-11-29T00:00:00Z') })).toBe('review.bad-window');
  });

  it('reads a bulk decision the same way from Slack and the shell: times in the campaign zone, only listed reasons', () => {
    expect(reviewRequest({ verb: 'Invalidate', values: { referral: 'rABC', from: '2026-11-29T10:00', ids: '#3, 4', reason: 'automated', 'include-valid': true } }, 'Asia/Seoul')).toEqual({
      decision: { kind: 'invalidate', reason: 'automated', includeValid: true },
      selection: { referral: 'rABC', from: new Date('2026-11-29T01:00:00Z'), ids: [3, 4] },
    });
    expect(reviewRequest({ verb: 'invalidate', values: { rule: 'watch-list' } }, 'Asia/Seoul')?.decision).toEqual({ kind: 'invalidate', reason: 'other', includeValid: false });
    expect(reviewRequest({ verb: 'approve', values: { rule: 'surge-platform' } }, 'Asia/Seoul')).toEqual({ decision: { kind: 'approve' }, selection: { rule: 'surge-platform' } });
    expect(reviewRequest({ verb: 'approve', values: { rule: 'surge-platform', reason: 'duplicate' } }, 'Asia/Seoul')).toBeNull();
    expect(reviewRequest({ verb: 'invalidate', values: { rule: 'surge-platform', reason: 'because' } }, 'Asia/Seoul')).toBeNull();
    expect(reviewRequest({ verb: 'queue', values: {} }, 'Asia/Seoul')).toBeNull();
    expect(() => reviewRequest({ verb: 'approve', values: { to: 'yesterday' } }, 'Asia/Seoul')).toThrow(expect.objectContaining({ code: 'review.bad-window' }));
    // Ids are read as parseSignatureId reads one: "1e3" is not signature 1000.
    expect(() => reviewRequest({ verb: 'approve', values: { ids: '3, 1e3' } }, 'Asia/Seoul')).toThrow(expect.objectContaining({ code: 'review.invalid-id' }));
  });
});
