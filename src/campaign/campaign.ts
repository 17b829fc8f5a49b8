import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Locale } from '../core/locale.ts';

const text = z.object({ en: z.string().min(1), ko: z.string().min(1), zh: z.string().min(1) });

const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected YYYY-MM-DDTHH:mm');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

const timeZone = z.string().refine((zone) => DateTime.local().setZone(zone).isValid, 'unknown IANA time zone');

/** The campaign file's shape: a campaign is data, so another year is another file. */
export const campaignFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'lowercase letters, digits and dashes'),
    organizer: z.string().min(1),
    /** Who is responsible for the signers' data (the controller); the organizer when absent. */
    controller: z.string().min(1).max(200).optional(),
    /** How to reach the controller about personal data: an e-mail or web address. */
    contact: z.string().min(1).max(300).optional(),
    /** Days after the close by which names and reminder addresses are erased (the privacy notice's date). */
    retentionDaysAfterClose: z.number().int().min(0).max(3650).default(90),
    addressee: text,
    title: text,
    petition: text,
    deliveryNote: text,
    timeZone,
    /** Local date-time in `timeZone` when signing opens. */
    opens: localDateTime,
    /** Signing stays open until the end of this local date in `timeZone`. */
    closesAtEndOf: localDate,
    goal: z.number().int().positive(),
    video: z.object({
      /** YouTube video id; null while the coalition has not published it. */
      youtubeId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{11}$/, 'an 11-character YouTube id')
        .nullable(),
      /** Subtitle track to preselect for each locale that is not the video's own language. */
      subtitles: z.object({ en: z.string().optional(), ko: z.string().optional(), zh: z.string().optional() }),
    }),
    reminders: z.object({
      daysBefore: z.array(z.number().int().min(1).max(365)),
      lastDayMorning: z.boolean(),
      closingMessage: z.boolean(),
      /** Local hour (0-23) at which reminders go out. */
      localHour: z.number().int().min(0).max(23),
    }),
  })
  .strict();

export type CampaignFile = z.infer<typeof campaignFileSchema>;

/** A validated campaign with its instants resolved. */
export interface Campaign extends CampaignFile {
  opensAt: Date;
  /** The first instant at which signing is closed (start of the day after `closesAtEndOf`). */
  closesAt: Date;
}

export type LocalizedText = Record<Locale, string>;

/**
 * The campaign's last day of signing (YYYY-MM-DD in its zone): the day that ends at `closesAt`.
 *
 * @example lastDayOf(campaign) // '2026-12-10'
 */
export function lastDayOf(campaign: Pick<Campaign, 'closesAt' | 'timeZone'>): string {
  return DateTime.fromJSDate(campaign.closesAt, { zone: campaign.timeZone }).minus({ milliseconds: 1 }).toISODate()!;
}

/**
 * The date the privacy notice promises: the close plus the campaign's
 * retention period, counted in calendar days in the campaign's zone.
 *
 * @example erasureDate(campaign) // 2027-03-11T05:00:00.000Z for a close on 11 Dec 2026 00:00 New York and 90 days
 */
export function erasureDate(campaign: Pick<Campaign, 'closesAt' | 'timeZone' | 'retentionDaysAfterClose'>): Date {
  return DateTime.fromJSDate(campaign.closesAt, { zone: campaign.timeZone }).plus({ days: campaign.retentionDaysAfterClose }).toJSDate();
}

/**
 * Validates a parsed campaign file and resolves its local times in its zone.
 * Throws an Error whose message names the offending field.
 */
export function parseCampaign(input: unknown): Campaign {
  const result = campaignFileSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`campaign.${issue.path.join('.')}: ${issue.message}`);
  }
  const file = result.data;
  const opensAt = DateTime.fromISO(file.opens, { zone: file.timeZone });
  const closesAt = DateTime.fromISO(file.closesAtEndOf, { zone: file.timeZone }).plus({ days: 1 }).startOf('day');
  if (!opensAt.isValid) throw new Error(`campaign.opens: not a valid date-time`);
  if (!closesAt.isValid) throw new Error(`campaign.closesAtEndOf: not a valid date`);
  if (closesAt <= opensAt) throw new Error('campaign.closesAtEndOf: must be after opens');
  return { ...file, opensAt: opensAt.toJSDate(), closesAt: closesAt.toJSDate() };
}
