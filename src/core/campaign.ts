import { DateTime } from 'luxon';
import { z } from 'zod';
import { withFallbacks, type Locale } from './locale.ts';
import { DEFAULT_REVIEW_POLICY, DEFAULT_WATCH_LISTS, type ReviewPolicy } from './review-policy.ts';

// Every refusal is a plain sentence a coalition staff member can act on; parseCampaign
// puts the field's place in the file in front ("campaign.reminders.localHour: ...").
// The messages stay English: they are read at start-up and in the staff console.

/** What was found, short and quoted, for a message: `"x"`, `24`, `a list`. */
function found(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}…"` : `"${value}"`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** "WHAT must be RULE, not FOUND", or "WHAT is missing: it must be RULE". */
function mustBe(what: string, rule: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `${what} is missing: it must be ${rule}` : `${what} must be ${rule}, not ${found(issue.input)}`;
}

/** Where signing the petition can itself be dangerous: mainland China and North Korea. */
export const DEFAULT_AT_RISK_COUNTRIES = ['CN', 'KP'] as const;
/** Public per-country counts of at-risk countries below this are shown as "fewer than N". */
export const AT_RISK_MINIMUM_SHOWN = 5;

/**
 * Whether signers from a country are at risk in this campaign.
 *
 * @example isAtRisk(campaign, 'CN') // true with the default list
 */
export function isAtRisk(campaign: Pick<CampaignFile, 'atRiskCountries'>, country: string | null | undefined): boolean {
  return !!country && campaign.atRiskCountries.includes(country);
}

const LANGUAGES = { en: 'English', ko: 'Korean', zh: 'Chinese' } as const;

/**
 * A text in every language, e.g. the title. English, Korean and Chinese are
 * required; Traditional Chinese ("zh-Hant") and Spanish ("es") may be given
 * and otherwise fall back (zh-Hant to zh, es to en), so a parsed campaign has
 * a text for every locale.
 */
const text = (what: string) => {
  const inLanguage = (language: keyof typeof LANGUAGES) => {
    const error = `${what} needs a text in ${LANGUAGES[language]}; it is missing or empty`;
    return z.string({ error }).min(1, { error });
  };
  const optional = (language: string) => {
    const error = `${what} in ${language} must be a text that is not empty, or left out`;
    return z.string({ error }).min(1, { error }).optional();
  };
  return z
    .object(
      { en: inLanguage('en'), ko: inLanguage('ko'), zh: inLanguage('zh'), 'zh-Hant': optional('Traditional Chinese'), es: optional('Spanish') },
      { error: mustBe(what, 'a text in each language, as { "en": "…", "ko": "…", "zh": "…" }') },
    )
    .transform((texts): Record<Locale, string> => withFallbacks(texts));
};

const ID_RULE = '3 to 64 characters: lowercase letters, digits and dashes, starting with a letter or digit';
const campaignId = z
  .string({ error: mustBe('the campaign id', ID_RULE) })
  .min(3, { error: (issue) => `the campaign id must be ${ID_RULE}; ${found(issue.input)} is too short` })
  .max(64, { error: (issue) => `the campaign id must be ${ID_RULE}; ${found(issue.input)} is too long` })
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: mustBe('the campaign id', ID_RULE) });

const localDateTime = z
  .string({ error: mustBe('the opening', 'a local date and time written YYYY-MM-DDTHH:mm (such as 2026-09-01T00:00)') })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: mustBe('the opening', 'a local date and time written YYYY-MM-DDTHH:mm (such as 2026-09-01T00:00)') });
const localDate = z
  .string({ error: mustBe('the closing day', 'a date written YYYY-MM-DD (such as 2026-12-10)') })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: mustBe('the closing day', 'a date written YYYY-MM-DD (such as 2026-12-10)') });

const TIME_ZONE_RULE = 'an IANA time zone name such as America/New_York or Asia/Seoul';
const timeZone = z
  .string({ error: mustBe('the time zone', TIME_ZONE_RULE) })
  .refine((zone) => DateTime.local().setZone(zone).isValid, { error: mustBe('the time zone', TIME_ZONE_RULE) });

const wholeNumber = (what: string, rule: string, min: number, max?: number) => {
  const error = mustBe(what, rule);
  const atLeast = z.number({ error }).int({ error }).min(min, { error });
  return max === undefined ? atLeast : atLeast.max(max, { error });
};
const yesOrNo = (what: string) => z.boolean({ error: mustBe(what, 'true or false') });

const targetText = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .regex(/^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*$/u, { error: mustBe('a delivery target field', 'plain text on one line, at most 300 characters') })
  .nullable()
  .optional();

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

const defaults = DEFAULT_REVIEW_POLICY;
const enabled = yesOrNo('enabled (switches the rule on or off)').default(true);

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
          .array(z.string().regex(/^[a-z0-9-]{1,64}$/, { error: mustBe('a watch list', 'a file name in src/review/watchlists without .json') }))
          .default(() => [...DEFAULT_WATCH_LISTS]),
      })
      .strict()
      .prefault({}),
    newAccount: z
      .object({ enabled, minAgeDays: wholeNumber('the new-account age', 'a whole number of days from 1 to 3650', 1, 3650).default(defaults.newAccount.minAgeDays) })
      .strict()
      .prefault({}),
    surge: z
      .object({
        enabled,
        perReferralPerMinute: wholeNumber('the referral surge limit', 'a whole number of signings a minute', 1).default(defaults.surge.perReferralPerMinute),
        perCommunityPerMinute: wholeNumber('the community surge limit', 'a whole number of signings a minute', 1).default(defaults.surge.perCommunityPerMinute),
        platformFactor: z.number({ error: mustBe('the platform surge factor', 'a number of 1 or more') }).min(1, { error: mustBe('the platform surge factor', 'a number of 1 or more') }).default(defaults.surge.platformFactor),
        platformMinPerMinute: wholeNumber('the platform surge floor', 'a whole number of signings a minute', 1).default(defaults.surge.platformMinPerMinute),
      })
      .strict()
      .prefault({}),
    sameName: z
      .object({ enabled, withinHours: wholeNumber('the same-name window', 'a whole number of hours from 1 to 720', 1, 24 * 30).default(defaults.sameName.withinHours) })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** The campaign file's shape: a campaign is data, so another year is another file. */
export const campaignFileSchema = z
  .object(
    {
      id: campaignId,
      organizer: z.string({ error: mustBe("the organizer's name", 'a text') }).min(1, { error: "the organizer's name is empty" }),
      /** Who is responsible for the signers' data (the controller); the organizer when absent. */
      controller: z.string({ error: mustBe('the controller', 'a name of at most 200 characters') }).min(1).max(200, { error: mustBe('the controller', 'a name of at most 200 characters') }).optional(),
      /** How to reach the controller about personal data: an e-mail or web address. */
      contact: z.string({ error: mustBe('the contact', 'an e-mail or web address of at most 300 characters') }).min(1).max(300, { error: mustBe('the contact', 'an e-mail or web address of at most 300 characters') }).optional(),
      /** Days after the close by which names and reminder addresses are erased (the privacy notice's date). */
      retentionDaysAfterClose: wholeNumber('the retention period', 'a whole number of days from 0 to 3650', 0, 3650).default(90),
      addressee: text('the addressee'),
      title: text('the title'),
      petition: text('the petition text'),
      deliveryNote: text('the delivery note'),
      timeZone,
      /** Local date-time in `timeZone` when signing opens. */
      opens: localDateTime,
      /** Signing stays open until the end of this local date in `timeZone`. */
      closesAtEndOf: localDate,
      goal: wholeNumber('the signature goal', 'a whole number above 0', 1),
      video: z.object(
        {
          /** YouTube video id; null while the coalition has not published it. */
          youtubeId: z
            .string({ error: mustBe('the YouTube id', 'the 11 characters after v= in the video link, or null while there is no video') })
            .regex(/^[A-Za-z0-9_-]{11}$/, { error: mustBe('the YouTube id', 'the 11 characters after v= in the video link, or null while there is no video') })
            .nullable(),
          /** Subtitle track to preselect for each locale that is not the video's own language. */
          subtitles: z.object(
            {
              en: z.string({ error: mustBe('a subtitle track', 'a language code such as en, or left out') }).optional(),
              ko: z.string({ error: mustBe('a subtitle track', 'a language code such as ko, or left out') }).optional(),
              zh: z.string({ error: mustBe('a subtitle track', 'a language code such as zh-Hans, or left out') }).optional(),
              'zh-Hant': z.string({ error: mustBe('a subtitle track', 'a language code such as zh-Hant, or left out') }).optional(),
              es: z.string({ error: mustBe('a subtitle track', 'a language code such as es, or left out') }).optional(),
            },
            { error: mustBe('the subtitles', 'an object such as { "ko": "ko" }, or {} for none') },
          ),
        },
        { error: mustBe('the video settings', 'an object such as { "youtubeId": null, "subtitles": {} }') },
      ),
      reminders: z.object(
        {
          daysBefore: z.array(wholeNumber('each reminder day', 'a whole number of days from 1 to 365', 1, 365), {
            error: mustBe('the reminder days', 'a list of whole numbers of days before closing, such as [30, 14, 7, 3, 1]'),
          }),
          lastDayMorning: yesOrNo('lastDayMorning (a reminder on the morning of the last day)'),
          closingMessage: yesOrNo('closingMessage (a message with the final total after closing)'),
          /** Local hour (0-23) at which reminders go out. */
          localHour: wholeNumber('the reminder hour', "a whole number from 0 to 23 (in the campaign's time zone)", 0, 23),
        },
        { error: mustBe('the reminder plan', 'an object with daysBefore, lastDayMorning, closingMessage and localHour') },
      ),
      /** Rules that hold a signature for staff review (all optional, with defaults). */
      review: reviewSchema,
      /**
       * Countries whose signers may be in danger for signing (ISO codes in capitals).
       * Their signers are warned and offered anonymous first; public figures show
       * "fewer than 5" for them below 5 and no "first signature from" news.
       */
      atRiskCountries: z
        .array(z.string().regex(/^[A-Z]{2}$/, { error: mustBe('an at-risk country', 'an ISO 3166-1 alpha-2 country code in capitals, such as CN') }), {
          error: mustBe('the at-risk countries', 'a list of country codes such as ["CN", "KP"], or [] for none'),
        })
        .default(() => [...DEFAULT_AT_RISK_COUNTRIES]),
      /** Delivery-day targets by ISO country code (upper case); staff may override them from Slack. */
      deliveryTargets: z
        .record(z.string().regex(/^[A-Z]{2}$/, { error: mustBe('a delivery target key', 'an ISO 3166-1 alpha-2 country code in capitals, such as KR') }), deliveryTarget)
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `the campaign file has ${issue.keys.length === 1 ? 'a field' : 'fields'} it does not know: ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`
          : `the campaign file must hold one JSON object, not ${found(issue.input)}`,
    },
  )
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
 * Throws an Error whose message says, in plain words, which field is wrong and
 * why, e.g. `campaign.id: the campaign id must be 3 to 64 characters: …; "x" is too short`.
 *
 * @example parseCampaign(JSON.parse(await readFile(path, 'utf8')))
 */
export function parseCampaign(input: unknown): Campaign {
  const result = campaignFileSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${['campaign', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  }
  const file = result.data;
  const opensAt = DateTime.fromISO(file.opens, { zone: file.timeZone });
  const closesAt = DateTime.fromISO(file.closesAtEndOf, { zone: file.timeZone }).plus({ days: 1 }).startOf('day');
  if (!opensAt.isValid) throw new Error(`campaign.opens: the opening must be a real date and time, not "${file.opens}"`);
  if (!closesAt.isValid) throw new Error(`campaign.closesAtEndOf: the closing day must be a real date, not "${file.closesAtEndOf}"`);
  if (closesAt <= opensAt) {
    throw new Error(`campaign.closesAtEndOf: the closing day (${file.closesAtEndOf}) must be after opens (${file.opens}), or signing would never be open`);
  }
  return { ...file, opensAt: opensAt.toJSDate(), closesAt: closesAt.toJSDate() };
}
