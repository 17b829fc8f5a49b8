import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Locale } from '../core/locale.ts';

const text = z.object({ en: z.string().min(1), ko: z.string().min(1), zh: z.string().min(1) });

const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected YYYY-MM-DDTHH:mm');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

const timeZone = z.string().refine((zone) => DateTime.local().setZone(zone).isValid, 'unknown IANA time zone');

const targetText = z.string().trim().min(1).max(300).regex(/^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*$/u, 'plain one-line text').nullable().optional();

/** Who receives the pack in one country; every field is optional (the cover letter falls back to a generic addressee). */
const deliveryTarget = z
  .object({
    embassy: targetText,
    embassyZh: targetText,
    address: targetText,
    organisation: targetText,
    /** Local date-time of the visit in `timeZone`. */
    visitAt: localDateTime.nullable().optional(),
    timeZone: timeZone.nullable().optional(),
  })
  .strict()
  .transform((t) => ({
    embassy: t.embassy ?? null,
    embassyZh: t.embassyZh ?? null,
    address: t.address ?? null,
    organisation: t.organisation ?? null,
    visitAt: t.visitAt ?? null,
    timeZone: t.timeZone ?? null,
  }));

/** The campaign file's shape: a campaign is data, so another year is another file. */
export const campaignFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'lowercase letters, digits and dashes'),
    organizer: z.string().min(1),
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
    /** Delivery-day targets by ISO country code (upper case); staff may override them from Slack. */
    deliveryTargets: z.record(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code'), deliveryTarget).optional(),
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
