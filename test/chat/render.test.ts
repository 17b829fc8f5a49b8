import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Renderer } from '../../src/chat/render.ts';
import { DomainError } from '../../src/core/errors.ts';
import { LOCALES } from '../../src/core/locale.ts';
import type { Case, SignatureRecord } from '../../src/core/index.ts';
import { createTranslator } from '../../src/i18n/i18n.ts';
import { SAMPLE_CASES_FILE } from '../../src/app.ts';
import { parseCaseFile } from '../../src/core/index.ts';
import { testCampaign } from '../support/test-app.ts';

const t = createTranslator();
const render = new Renderer(t, testCampaign());
const samples: Case[] = parseCaseFile(readFileSync(SAMPLE_CASES_FILE, 'utf8'), 'json').accepted;
const signature = (over: Partial<SignatureRecord> = {}): SignatureRecord => ({
  displayName: null,
  nameStyle: 'anonymous',
  country: 'KR',
  language: 'ko',
  platform: 'telegram',
  referral: null,
  signedAt: new Date('2026-11-29T15:00:00Z'),
  state: 'valid',
  ...over,
});
/** Latin words a Korean or Chinese reply may contain: names of things and /commands, not English sentences. */
const ALLOWED_LATIN = /^(?:THE|LIST|KR|NKFC|UNHCR|Telegram|Discord|Slack|YouTube|SAMPLE)$/;
const latinWords = (text: string) => [...text.matchAll(/(?<![/A-Za-z])[A-Za-z]{2,}/g)].map((m) => m[0]).filter((w) => !ALLOWED_LATIN.test(w));

describe('THE LIST samples in the reader language', () => {
  it.each(['ko', 'zh'] as const)('%s: the sample list and each sample case have no English and say "sample" once', (locale) => {
    const page = render.listPage(locale, { cases: samples, page: 1, pages: 1, total: samples.length, search: null, kind: null });
    expect(latinWords(page.text)).toEqual([]);
    expect(page.text.split(t(locale, 'case.sample-tag')).length - 1).toBe(samples.length);
    for (const c of samples) {
      const detail = render.caseDetail(locale, c).text;
      expect(latinWords(detail)).toEqual([]);
      expect(detail.split(t(locale, 'case.sample-note')).length - 1).toBe(1);
    }
  });

  it('shows partial dates in the reader style', () => {
    const line = (locale: 'en' | 'ko' | 'zh') => render.caseDetail(locale, samples[0]!).text.split('\n')[1];
    expect(line('en')).toContain('February 2012');
    expect(line('ko')).toContain('2012년 2월');
    expect(line('zh')).toContain('2012年2月');
  });
});

describe('/mydata says each fact once', () => {
  it.each(LOCALES)('%s: anonymous, language of the signature, platform by name', (locale) => {
    const text = render.myData(locale, { signature: signature({ language: locale }), language: locale, subscriptions: [], pendingSignature: false }).text;
    expect(text.split(t(locale, 'sign.anonymous')).length - 1).toBe(1);
    expect(text.split(t(locale, `language.name.${locale}`)).length - 1).toBe(1);
    expect(text).toContain(t(locale, 'platform.telegram'));
    expect(text).not.toContain(t(locale, 'mydata.referral', { referral: '' }).trim());
  });

  it('lists the reply language when it differs from the signature, and a referral when there is one', () => {
    const text = render.myData('en', { signature: signature({ language: 'ko', referral: 'nkfc_flyer' }), language: 'en', subscriptions: [], pendingSignature: false }).text;
    expect(text).toContain('Language of the signature: 한국어');
    expect(text).toContain('Language of replies: English');
    expect(text).toContain('Invitation code: nkfc_flyer');
    expect(text).toContain('Signed through: Telegram');
  });

  it('names a platform it has no word for as stored', () => {
    expect(render.platformName('ko', 'matrix')).toBe('matrix');
    expect(render.platformName('ko', 'terminal')).toBe('터미널');
  });
});

describe('texts offer only the commands of the reader platform', () => {
  it.each(LOCALES)('%s: /share in help and after signing on every chat platform, by its local name on Discord', (locale) => {
    expect(render.help(locale, 'telegram').text).toContain('/share');
    expect(render.help(locale, 'terminal').text).toContain('/share');
    const signed = (platform: string) => render.signOutcome(locale, { status: 'signed', signature: signature({ platform }), total: 3, receipt: 'ABCD-EFGH-JKMN-PQRS' }).text;
    expect(signed('telegram')).toContain('/share');
    expect(signed('terminal')).toContain('/share');
    expect(signed('discord')).toContain(`/${t(locale, 'discord.commands.share.name')}`);
    expect(signed('discord')).not.toContain('/remind on');
  });

  it.each(LOCALES)('%s: after signing, a tip to delete the chat', (locale) => {
    const text = render.signOutcome(locale, { status: 'signed', signature: signature(), total: 1, receipt: 'ABCD-EFGH-JKMN-PQRS' }).text;
    expect(text).toContain(t(locale, 'sign.safety-tip'));
  });
});

describe('a refusal and the question again, as one message', () => {
  it('puts the suggestion first and does not repeat it, so the options are numbered from 1', () => {
    const question = { text: 'Which country?', buttons: [[{ label: 'South Korea', action: 'sd:country:KR' }, { label: 'United States', action: 'sd:country:US' }], [{ label: 'Cancel', action: 'sd:cancel' }]] };
    const reply = render.refusalWithQuestion('en', new DomainError('country.unknown', { suggestions: ['KR'] }), question);
    expect(reply.text).toBe("We don't recognize that country or region. Did you mean South Korea?\n\nWhich country?");
    expect(reply.buttons?.flat().map((b) => ('action' in b ? b.action : b.url))).toEqual(['sd:country:KR', 'sd:country:US', 'sd:cancel']);
  });

  it('joins several suggestions as alternatives in the reader style', () => {
    const error = new DomainError('country.unknown', { suggestions: ['CA', 'CM'] });
    expect(render.error('zh', error).text).toContain('加拿大或喀麦隆');
    expect(render.error('ko', error).text).toContain('캐나다 또는 카메룬');
  });
});

describe('deadlines and dates in chat replies', () => {
  const closesAt = new Date('2026-12-11T05:00:00Z');
  it('names the zone of the deadline and never says "today" for a reader whose zone is not known', () => {
    expect(render.countdown('en', { phase: 'open', daysLeft: 3, lastDay: '2026-12-10', closesAt })).toBe(
      '3 days left until International Human Rights Day: you can sign until December 10, 2026 at 23:59 (Eastern Time).',
    );
    const last = render.countdown('en', { phase: 'last-day', hoursLeft: 5, lastDay: '2026-12-10', closesAt });
    expect(last).toBe('Final hours: you can sign until December 10, 2026 at 23:59 (Eastern Time), less than 5 hours from now.');
    expect(render.countdown('ko', { phase: 'last-day', hoursLeft: 5, lastDay: '2026-12-10', closesAt })).toBe(
      '마감이 임박했습니다. 서명은 2026년 12월 10일 23:59(미 동부 시간)까지이며, 5시간도 남지 않았습니다.',
    );
    expect(render.countdown('zh', { phase: 'open', daysLeft: 3, lastDay: '2026-12-10', closesAt })).toBe(
      '距国际人权日还剩3天，签名截止时间为2026年12月10日23:59（北美东部时间）。',
    );
    expect(render.countdown('en', { phase: 'not-open', opensAt: new Date('2026-09-01T04:00:00Z'), daysUntilOpen: 2 })).toBe('The petition opens on September 1, 2026 (Eastern Time).');
    expect(render.countdown('ko', { phase: 'closed', lastDay: '2026-12-10', closesAt })).toBe('청원이 마감되었습니다(2026년 12월 10일 24시, 미 동부 시간). 서명해 주신 모든 분께 감사드립니다.');
  });

  it("writes a signer's signing date in their country's time: late evening in New York is the next day in Seoul", () => {
    const signedAt = new Date('2026-11-30T03:30:00Z'); // 22:30 on 29 November in New York, 12:30 on 30 November in Seoul
    expect(render.alreadySigned('en', signature({ country: 'KR', signedAt }))).toContain('You signed on November 30, 2026.');
    expect(render.alreadySigned('en', signature({ country: 'US', signedAt }))).toContain('You signed on November 29, 2026.');
  });
});
