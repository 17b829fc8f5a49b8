/**
 * The deadline in the reader's words and time, for reminders and replies.
 */
import { localDate, type Locale, type Translate } from '../core/index.ts';
import { formatDate, formatTime, timeZoneName } from './format.ts';

/** Who reads and when: their zone, and the moment they read (omitted where it is not known to be theirs). */
export interface Reader {
  timeZone: string;
  now?: Date;
}

/**
 * "today at 23:59 (Eastern Time)", "tomorrow, December 11, at 13:59 (Korean
 * Standard Time)" or "December 11, 2026 at 13:59 (…)": the last minute
 * of signing in the reader's zone. Without the time of reading, always the
 * date ("today" is only said where it is true for the reader); without a
 * reader, in UTC.
 */
export function deadlineText(t: Translate, locale: Locale, closesAt: Date, reader?: Reader): string {
  const zone = reader?.timeZone ?? 'UTC';
  const last = new Date(closesAt.getTime() - 60_000);
  const params = { date: formatDate(locale, last, zone), time: formatTime(locale, last, zone), zone: timeZoneName(locale, zone, last) };
  if (reader?.now) {
    const today = localDate(reader.now, zone);
    const day = localDate(last, zone);
    if (day === today) return t(locale, 'reminder.deadline.today', params);
    if (day === localDate(new Date(reader.now.getTime() + 86_400_000), zone) && day > today) return t(locale, 'reminder.deadline.tomorrow', params);
  }
  return t(locale, 'reminder.deadline.on', params);
}
