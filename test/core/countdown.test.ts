import { describe, expect, it } from 'vitest';
import { parseCampaign } from '../../src/core/index.ts';
import { countdown } from '../../src/core/index.ts';
import { testCampaign } from '../support/test-app.ts';

const campaign = testCampaign(); // opens 2026-09-01, closes at the end of 2026-12-10, America/New_York
const at = (iso: string) => countdown(campaign, new Date(iso));

describe('countdown in the campaign time zone (America/New_York)', () => {
  it('resolves the closing instant to the end of 10 December in New York (UTC-5 in winter)', () => {
    expect(campaign.closesAt.toISOString()).toBe('2026-12-11T05:00:00.000Z');
    expect(campaign.opensAt.toISOString()).toBe('2026-09-01T04:00:00.000Z');
  });

  it('counts whole calendar days to the last day', () => {
    expect(at('2026-11-29T15:00:00Z')).toMatchObject({ phase: 'open', daysLeft: 11, lastDay: '2026-12-10' });
    expect(at('2026-12-09T15:00:00Z')).toMatchObject({ phase: 'open', daysLeft: 1 });
  });

  it('uses the local date, not the UTC date, near midnight', () => {
    // 03:00 UTC on 9 December is still 22:00 on 8 December in New York.
    expect(at('2026-12-09T03:00:00Z')).toMatchObject({ phase: 'open', daysLeft: 2 });
    expect(at('2026-12-09T05:00:00Z')).toMatchObject({ phase: 'open', daysLeft: 1 });
  });

  it('is not thrown off by the DST change on 1 November 2026', () => {
    // Just before and after the clocks go back (02:00 EDT -> 01:00 EST on 2026-11-01).
    expect(at('2026-11-01T05:30:00Z')).toMatchObject({ phase: 'open', daysLeft: 39 });
    expect(at('2026-11-01T06:30:00Z')).toMatchObject({ phase: 'open', daysLeft: 39 });
    expect(at('2026-11-01T03:59:00Z')).toMatchObject({ phase: 'open', daysLeft: 40 }); // 23:59 on 31 October
    expect(at('2026-11-02T04:59:00Z')).toMatchObject({ phase: 'open', daysLeft: 39 }); // 23:59 on 1 November (a 25-hour day)
    expect(at('2026-11-02T05:00:00Z')).toMatchObject({ phase: 'open', daysLeft: 38 });
  });

  it('says "last day" on 10 December with the hours left', () => {
    expect(at('2026-12-10T05:00:00Z')).toMatchObject({ phase: 'last-day', hoursLeft: 24 });
    expect(at('2026-12-10T23:30:00Z')).toMatchObject({ phase: 'last-day', hoursLeft: 6 });
    expect(at('2026-12-11T04:59:59Z')).toMatchObject({ phase: 'last-day', hoursLeft: 1 });
  });

  it('is closed from the first instant of 11 December', () => {
    expect(at('2026-12-11T05:00:00Z')).toMatchObject({ phase: 'closed', lastDay: '2026-12-10' });
    expect(at('2027-03-01T00:00:00Z')).toMatchObject({ phase: 'closed' });
  });

  it('is not open before the opening instant', () => {
    expect(at('2026-08-31T12:00:00Z')).toMatchObject({ phase: 'not-open', daysUntilOpen: 1 });
    // 23:59:59 on 31 August in New York: opening is tomorrow's date.
    expect(at('2026-09-01T03:59:59Z')).toMatchObject({ phase: 'not-open', daysUntilOpen: 1 });
    expect(at('2026-09-01T04:00:00Z')).toMatchObject({ phase: 'open', daysLeft: 100 });
  });
});

describe('countdown in another time zone', () => {
  it('closes at the end of 10 December in Seoul (UTC+9, no DST)', () => {
    const seoul = testCampaign({ timeZone: 'Asia/Seoul' });
    expect(seoul.closesAt.toISOString()).toBe('2026-12-10T15:00:00.000Z');
    // 14:00 UTC on 10 December is 23:00 in Seoul: last hour.
    expect(countdown(seoul, new Date('2026-12-10T14:00:00Z'))).toMatchObject({ phase: 'last-day', hoursLeft: 1 });
    // The same instant is still 9 December, 1 day left, in New York.
    expect(countdown(campaign, new Date('2026-12-10T04:00:00Z'))).toMatchObject({ phase: 'open', daysLeft: 1 });
    expect(countdown(seoul, new Date('2026-12-10T15:00:00Z'))).toMatchObject({ phase: 'closed' });
  });

  it('handles a campaign whose last day is a spring-forward day (Europe/London, 28 March 2027)', () => {
    const london = testCampaign({ timeZone: 'Europe/London', opens: '2027-01-01T00:00', closesAtEndOf: '2027-03-28' });
    // 28 March 2027 has 23 hours in London; the end of it is 23:00 UTC.
    expect(london.closesAt.toISOString()).toBe('2027-03-28T23:00:00.000Z');
    // Midnight GMT starts the last day, which has only 23 hours left in it.
    expect(countdown(london, new Date('2027-03-28T00:00:00Z'))).toMatchObject({ phase: 'last-day', hoursLeft: 23 });
    expect(countdown(london, new Date('2027-03-27T23:30:00Z'))).toMatchObject({ phase: 'open', daysLeft: 1 });
    expect(countdown(london, new Date('2027-03-27T12:00:00Z'))).toMatchObject({ phase: 'open', daysLeft: 1 });
  });
});

describe('campaign file validation', () => {
  it('names the field that is wrong', () => {
    expect(() => testCampaign({ timeZone: 'Mars/Olympus' })).toThrow(/campaign\.timeZone/);
    expect(() => testCampaign({ closesAtEndOf: '10 December' })).toThrow(/campaign\.closesAtEndOf/);
    expect(() => testCampaign({ opens: '2027-01-01T00:00' })).toThrow(/must be after opens/);
    expect(() => parseCampaign({})).toThrow(/campaign\.id/);
  });
});
