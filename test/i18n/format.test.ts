import { describe, expect, it } from 'vitest';
import { formatAlternatives, formatDate, formatDateTime, formatList, formatPartialDate, formatPercent, formatTime, timeZoneName } from '../../src/i18n/format.ts';

// Formatters are kept once made (format.ts): every case below is interleaved with
// others of another language, precision or zone, so a formatter kept under too
// coarse a key would answer for the wrong one.
describe('formatting through kept Intl formatters', () => {
  it('keeps two decimals for a small share and one otherwise, in each language', () => {
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
    for (const [args, expected] of cases) expect(formatPercent(...args), args.join(' ')).toBe(expected);
  });

  it('writes dates and times in the zone asked for', () => {
    const at = new Date('2026-12-10T14:59:00Z');
    expect(formatTime('en', at, 'Asia/Seoul')).toBe('23:59');
    expect(formatTime('en', at, 'America/New_York')).toBe('09:59');
    expect(formatTime('ko', at, 'Asia/Seoul')).toBe('23:59');
    expect(formatDate('en', at, 'Pacific/Kiritimati')).toBe('December 11, 2026');
    expect(formatDate('en', at, 'America/New_York')).toBe('December 10, 2026');
    expect(formatDateTime('ko', at, 'Asia/Seoul')).toBe('2026년 12월 10일 23:59');
    expect(formatDateTime('en', at, 'Asia/Seoul')).toBe('December 10, 2026 at 11:59 PM');
    expect(formatDateTime('ko', at, 'UTC')).toBe('2026년 12월 10일 14:59');
    expect(timeZoneName('en', 'America/New_York', at)).toBe('Eastern Time');
    expect(timeZoneName('en', 'Asia/Seoul', at)).toBe('Korean Standard Time');
    expect(timeZoneName('ko', 'Asia/Seoul', at)).toBe('한국 표준시');
  });

  it('joins lists with "and" or "or", and writes partly known dates to the precision given', () => {
    expect(formatList('en', ['Canada', 'Cameroon', 'Chad'])).toBe('Canada, Cameroon, and Chad');
    expect(formatAlternatives('en', ['Canada', 'Cameroon'])).toBe('Canada or Cameroon');
    expect(formatList('ko', ['캐나다', '카메룬'])).toBe('캐나다 및 카메룬');
    expect(formatAlternatives('ko', ['캐나다', '카메룬'])).toBe('캐나다 또는 카메룬');
    expect(formatPartialDate('en', '2012-02')).toBe('February 2012');
    expect(formatPartialDate('en', '2012')).toBe('2012');
    expect(formatPartialDate('ko', '2012-02')).toBe('2012년 2월');
    expect(formatPartialDate('en', '2012-02')).toBe('February 2012');
    expect(formatPartialDate('zh', '2012')).toBe('2012年');
  });
});
