import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCampaign } from '../../src/core/index.ts';

const shipped = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../src/campaign/campaigns/end-forced-repatriation-2026.json', import.meta.url)), 'utf8'),
) as Record<string, unknown> & { reminders: Record<string, unknown> };

function refusal(changes: Record<string, unknown>): string {
  try {
    parseCampaign({ ...shipped, ...changes });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the campaign was accepted');
}

const ID_RULE = 'the campaign id must be 3 to 64 characters: lowercase letters, digits and dashes, starting with a letter or digit';

describe('campaign file errors a staff member can act on', () => {
  it('accepts the shipped campaign', () => {
    expect(parseCampaign(shipped).id).toBe('end-forced-repatriation-2026');
  });

  it.each([
    ['an id that is too short', { id: 'x' }, `campaign.id: ${ID_RULE}; "x" is too short`],
    ['an id that is too long', { id: 'a'.repeat(65) }, `campaign.id: ${ID_RULE}; "${'a'.repeat(40)}…" is too long`],
    ['an id with capitals', { id: 'Campaign-2027' }, `campaign.id: ${ID_RULE}, not "Campaign-2027"`],
    ['an id starting with a dash', { id: '-campaign' }, `campaign.id: ${ID_RULE}, not "-campaign"`],
    ['no id', { id: undefined }, `campaign.id: the campaign id is missing: it must be 3 to 64 characters: lowercase letters, digits and dashes, starting with a letter or digit`],
    ['a goal of zero', { goal: 0 }, 'campaign.goal: the signature goal must be a whole number above 0, not 0'],
    ['a goal written as text', { goal: '10000' }, 'campaign.goal: the signature goal must be a whole number above 0, not "10000"'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'campaign.timeZone: the time zone must be an IANA time zone name such as America/New_York or Asia/Seoul, not "Mars/Olympus"'],
    ['an opening without a time', { opens: '2026-09-01' }, 'campaign.opens: the opening must be a local date and time written YYYY-MM-DDTHH:mm (such as 2026-09-01T00:00), not "2026-09-01"'],
    ['an opening on a day that does not exist', { opens: '2026-02-30T00:00' }, 'campaign.opens: the opening must be a real date and time, not "2026-02-30T00:00"'],
    ['a closing day in words', { closesAtEndOf: '10 December' }, 'campaign.closesAtEndOf: the closing day must be a date written YYYY-MM-DD (such as 2026-12-10), not "10 December"'],
    ['a closing day before the opening', { closesAtEndOf: '2026-08-01' }, 'campaign.closesAtEndOf: the closing day (2026-08-01) must be after opens (2026-09-01T00:00), or signing would never be open'],
    ['a title missing its Korean text', { title: { en: 'Stop', ko: '', zh: '停止' } }, 'campaign.title.ko: the title needs a text in Korean; it is missing or empty'],
    ['a title in one language only', { title: 'Stop' }, 'campaign.title: the title must be a text in each language, as { "en": "…", "ko": "…", "zh": "…" }, not "Stop"'],
    ['a short YouTube id', { video: { youtubeId: 'abc', subtitles: {} } }, 'campaign.video.youtubeId: the YouTube id must be the 11 characters after v= in the video link, or null while there is no video, not "abc"'],
    ['a reminder hour of 24', { reminders: { ...shipped.reminders, localHour: 24 } }, "campaign.reminders.localHour: the reminder hour must be a whole number from 0 to 23 (in the campaign's time zone), not 24"],
    ['a reminder on day 0', { reminders: { ...shipped.reminders, daysBefore: [30, 0] } }, 'campaign.reminders.daysBefore.1: each reminder day must be a whole number of days from 1 to 365, not 0'],
    ['yes for true', { reminders: { ...shipped.reminders, lastDayMorning: 'yes' } }, 'campaign.reminders.lastDayMorning: lastDayMorning (a reminder on the morning of the last day) must be true or false, not "yes"'],
    ['a misspelt field', { goals: 5 }, 'campaign: the campaign file has a field it does not know: "goals" (check the spelling)'],
  ])('explains %s', (_, changes, message) => {
    expect(refusal(changes)).toBe(message);
  });

  it('explains a file that is not one object', () => {
    expect(() => parseCampaign([shipped])).toThrow('campaign: the campaign file must hold one JSON object, not a list');
  });
});
