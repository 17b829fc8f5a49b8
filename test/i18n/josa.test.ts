import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/i18n.ts';
import { readingForJosa, withJosa } from '../../src/i18n/josa.ts';

describe('Korean particles chosen by the last sound of a value', () => {
  it.each([
    ['대한민국', '을/를', '대한민국을'],
    ['캐나다', '을/를', '캐나다를'],
    ['한국어', '으로/로', '한국어로'],
    ['서울', '으로/로', '서울로'],
    ['미국', '으로/로', '미국으로'],
    ['영국', '와/과', '영국과'],
    ['KR', '이/가', 'KR이'],
    ['28', '을/를', '28을'],
    ['10', '으로/로', '10으로'],
    ['1,000', '은/는', '1,000은'],
    ['12.5%', '을/를', '12.5%를'],
    ['대한민국(KR)', '이/가', '대한민국(KR)이'],
    ['2026년 12월 10일', '이/가', '2026년 12월 10일이'],
  ] as const)('%s + %s -> %s', (value, pair, expected) => {
    expect(withJosa(value, pair)).toBe(expected);
  });

  it('reads numbers and percentages as they are spoken', () => {
    expect(readingForJosa('1,000')).toBe('천');
    expect(readingForJosa('0.5%')).toBe('퍼센트');
  });

  it('is the i18next formatter `josa(…)` in Korean strings and leaves other languages alone', () => {
    const t = createTranslator({
      en: { bot: { pick: 'You chose {{country, josa(을/를)}}.' } },
      ko: { bot: { pick: '{{country, josa(을/를)}} 고르셨습니다. {{language, josa(으로/로)}} 답합니다.' } },
      zh: { bot: { pick: '您选择了{{country, josa(을/를)}}。' } },
    });
    expect(t('ko', 'pick', { country: '캐나다', language: '한국어' })).toBe('캐나다를 고르셨습니다. 한국어로 답합니다.');
    expect(t('ko', 'pick', { country: '미국', language: '영어' })).toBe('미국을 고르셨습니다. 영어로 답합니다.');
    expect(t('en', 'pick', { country: 'Canada' })).toBe('You chose Canada.');
    expect(t('zh', 'pick', { country: '加拿大' })).toBe('您选择了加拿大。');
  });
});
