import { DateTime } from 'luxon';

/** Where a campaign stands at a given instant. */
export type Countdown =
  | { phase: 'not-open'; opensAt: Date; daysUntilOpen: number }
  | { phase: 'open'; daysLeft: number; lastDay: string; closesAt: Date }
  | { phase: 'last-day'; hoursLeft: number; lastDay: string; closesAt: Date }
  | { phase: 'closed'; lastDay: string; closesAt: Date };

export interface CampaignWindow {
  timeZone: string;
  opensAt: Date;
  /** First instant at which signing is closed. */
  closesAt: Date;
}

/**
 * Whole calendar days left in the campaign's own time zone. Counting calendar
 * dates (not 24-hour blocks) keeps the answer right across DST changes, when a
 * day has 23 or 25 hours.
 *
 * @example countdown(campaign, new Date('2026-12-09T15:00:00Z')) // { phase: 'open', daysLeft: 1, ... }
 */
export function countdown(window: CampaignWindow, now: Date): Countdown {
  const zone = window.timeZone;
  const here = DateTime.fromJSDate(now, { zone });
  const closes = DateTime.fromJSDate(window.closesAt, { zone });
  const lastDay = closes.minus({ milliseconds: 1 }).startOf('day');
  const lastDayIso = lastDay.toISODate()!;

  if (now.getTime() < window.opensAt.getTime()) {
    const opens = DateTime.fromJSDate(window.opensAt, { zone });
    return { phase: 'not-open', opensAt: window.opensAt, daysUntilOpen: calendarDaysBetween(here, opens) };
  }
  if (now.getTime() >= window.closesAt.getTime()) {
    return { phase: 'closed', lastDay: lastDayIso, closesAt: window.closesAt };
  }
  const daysLeft = calendarDaysBetween(here, lastDay);
  if (daysLeft === 0) {
    const hoursLeft = Math.ceil((window.closesAt.getTime() - now.getTime()) / 3_600_000);
    return { phase: 'last-day', hoursLeft, lastDay: lastDayIso, closesAt: window.closesAt };
  }
  return { phase: 'open', daysLeft, lastDay: lastDayIso, closesAt: window.closesAt };
}


const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (YYYY-MM-DD) of an instant in a zone. Signing needs this
 * on every call, so it uses a cached `Intl.DateTimeFormat` ("en-CA" formats
 * as YYYY-MM-DD) rather than building a luxon DateTime each time.
 *
 * @example localDate(new Date('2026-12-11T03:00:00Z'), 'America/New_York') // '2026-12-10'
 */
export function localDate(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}

function calendarDaysBetween(from: DateTime, to: DateTime): number {
  const a = from.startOf('day');
  const b = to.setZone(from.zone).startOf('day');
  // Compare as plain dates in UTC so the zone's DST shifts cannot leak in.
  const dayA = Date.UTC(a.year, a.month - 1, a.day);
  const dayB = Date.UTC(b.year, b.month - 1, b.day);
  return Math.round((dayB - dayA) / 86_400_000);
}
