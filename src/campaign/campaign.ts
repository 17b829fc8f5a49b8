import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Locale } from '../core/locale.ts';
import { DEFAULT_REVIEW_POLICY, DEFAULT_WATCH_LISTS, type ReviewPolicy } from '../core/review-policy.ts';

const text = z.object({ en: z.string().min(1), ko: z.string().min(1), zh: z.string().min(1) });

const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected YYYY-MM-DDTHH:mm');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

const timeZone = z.string().refine((zone) => DateTime.local().setZone(zone).isValid, 'unknown IANA time zone');

const defaults = DEFAULT_REVIEW_POLICY;
const enabled = z.boolean().default(true);

/**
 * Rules that hold a signature for staff review. The whole section and every
 * field may be left out (the defaults apply); `enabled: false` switches a
 * rule off at the next start, and signatures it already held stay held until
 * staff review them.
 */
const reviewSchema = z
  .object({
    watchList: z
      .object({
        enabled,
        /** Lists in src/review/watchlists, by file name without `.json`. */
        lists: z
          .array(z.string().regex(/^[a-z0-9-]{1,64}$/, 'a watch list file name without .json'))
          .default(() => [...DEFAULT_WATCH_LISTS]),
      })
      .strict()
      .prefault({}),
    newAccount: z
      .object({ enabled, minAgeDays: z.number().int().min(1).max(3650).default(defaults.newAccount.minAgeDays) })
      .strict()
      .prefault({}),
    surge: z
      .object({
        enabled,
        perReferralPerMinute: z.number().int().min(1).default(defaults.surge.perReferralPerMinute),
        perCommunityPerMinute: z.number().int().min(1).default(defaults.surge.perCommunityPerMinute),
        platformFactor: z.number().min(1).default(defaults.surge.platformFactor),
        platformMinPerMinute: z.number().int().min(1).default(defaults.surge.platformMinPerMinute),
      })
      .strict()
      .prefault({}),
    sameName: z
      .object({ enabled, withinHours: z.number().int().min(1).max(24 * 30).default(defaults.sameName.withinHours) })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

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
    review: reviewSchema,
  })
  .strict();

export type CampaignFile = z.infer<typeof campaignFileSchema>;

// The parsed section is exactly the core's policy type.
type Satisfies<T extends ReviewPolicy> = T;
export type CampaignReviewPolicy = Satisfies<CampaignFile['review']>;

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
