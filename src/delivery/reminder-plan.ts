import { DateTime } from 'luxon';
import type { Campaign } from '../core/index.ts';
import type { NewBroadcast } from '../core/index.ts';

/** One planned reminder: when to queue it and what it says. */
export interface PlannedReminder {
  broadcast: NewBroadcast;
  /** When the scheduler queues it (deliveries still wait for each recipient's local hour). */
  queueAt: Date;
  /** Reminders whose moment passed long ago are not worth sending. */
  staleAfter: Date;
}

// Queued this long before the campaign-local hour, so recipients in zones
// ahead of the campaign's still get it at their hour: Seoul is 14 hours ahead
// of New York, the Line Islands (UTC+14) 19.
const QUEUE_AHEAD_MS = 20 * 3_600_000;
/** The last-day reminder comes at least this long before the close in the reader's zone. */
const LAST_DAY_MARGIN_HOURS = 3;

/**
 * The campaign's reminder plan as concrete broadcasts, oldest first: N days
 * before the last day at the local hour, the morning of the last day, and a
 * closing message (its totals are filled in when it is queued).
 *
 * @example planReminders(campaign).map((r) => r.broadcast.id) // ['reminder:…:days-30', …, 'reminder:…:closed']
 */
export function planReminders(campaign: Campaign): PlannedReminder[] {
  const zone = campaign.timeZone;
  const lastDay = DateTime.fromJSDate(campaign.closesAt, { zone }).minus({ milliseconds: 1 }).startOf('day');
  const hour = campaign.reminders.localHour;
  const plan: PlannedReminder[] = [];
  const base = { campaignId: campaign.id, kind: 'reminder' as const, audience: 'everyone' as const };

  const atLocalHour = (day: DateTime, id: string, template: string, params: Record<string, string | number>) => {
    const due = day.set({ hour, minute: 0, second: 0, millisecond: 0 });
    if (due.toJSDate() < campaign.opensAt) return;
    plan.push({
      broadcast: {
        ...base,
        id: `reminder:${campaign.id}:${id}`,
        content: { template, params },
        notBefore: due.minus({ milliseconds: QUEUE_AHEAD_MS }).toJSDate(),
        localTime: { date: day.toISODate()!, hour, defaultZone: zone },
      },
      queueAt: due.minus({ milliseconds: QUEUE_AHEAD_MS }).toJSDate(),
      staleAfter: due.plus({ days: 1 }).toJSDate(),
    });
  };

  // The deadline travels as an instant: each reader sees it in their own time.
  const deadline = campaign.closesAt.toISOString();
  for (const days of [...campaign.reminders.daysBefore].sort((a, b) => b - a)) {
    atLocalHour(lastDay.minus({ days }), `days-${days}`, 'reminder.days-left', { count: days, days, deadline });
  }
  if (campaign.reminders.lastDayMorning) {
    // The reader's last morning before the close: 10 December in New York, 11 December in Seoul
    // (where signing ends at 14:00), 10 December in Paris (where it ends at 06:00 on the 11th).
    const earliest = DateTime.fromJSDate(campaign.closesAt).minus({ hours: 27 + LAST_DAY_MARGIN_HOURS });
    const nyDue = lastDay.set({ hour, minute: 0, second: 0, millisecond: 0 });
    if (nyDue.toJSDate() >= campaign.opensAt) {
      plan.push({
        broadcast: {
          ...base,
          id: `reminder:${campaign.id}:last-day`,
          content: { template: 'reminder.last-day', params: { deadline } },
          notBefore: earliest.toJSDate(),
          lastLocalHourBefore: { instant: campaign.closesAt, hour, marginHours: LAST_DAY_MARGIN_HOURS, defaultZone: zone },
        },
        queueAt: earliest.toJSDate(),
        staleAfter: campaign.closesAt,
      });
    }
  }
  if (campaign.reminders.closingMessage) {
    plan.push({
      broadcast: {
        ...base,
        id: `reminder:${campaign.id}:closed`,
        content: { template: 'reminder.closed', params: {} },
        notBefore: campaign.closesAt,
      },
      queueAt: campaign.closesAt,
      staleAfter: new Date(campaign.closesAt.getTime() + 2 * 86_400_000),
    });
  }
  return plan.sort((a, b) => a.queueAt.getTime() - b.queueAt.getTime());
}

/**
 * The one reminder to queue now: the latest whose time has come and that is
 * not stale. After downtime only the most recent missed reminder goes out (a
 * "14 days left" is no use when 7 are left), late rather than never.
 */
export function reminderDue(plan: PlannedReminder[], now: Date): PlannedReminder | null {
  const due = plan.filter((r) => r.queueAt <= now);
  const latest = due.at(-1);
  return latest && now < latest.staleAfter ? latest : null;
}
