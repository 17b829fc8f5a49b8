import type { CampaignCore } from '../../src/core/index.ts';
import type { Locale } from '../../src/core/index.ts';

/** Staff replies are in English unless the staff member chose Korean. */
export const STAFF_LOCALES = ['en', 'ko'] as const satisfies readonly Locale[];

export function isStaffLocale(value: string): value is (typeof STAFF_LOCALES)[number] {
  return (STAFF_LOCALES as readonly string[]).includes(value);
}

/**
 * Each staff member's reply language, kept with the core's preferences under
 * a keyed hash of their Slack id (like any other person's choice).
 */
export function createStaffLocales(core: CampaignCore) {
  const keyOf = (userId: string) => core.keyOf({ platform: 'slack', userId });
  // The last language read or set per staff member, for what must be said before storage can answer.
  const known = new Map<string, Locale>();
  return {
    async get(userId: string): Promise<Locale> {
      const chosen = await core.preferences.language(keyOf(userId));
      const locale = chosen && isStaffLocale(chosen) ? chosen : 'en';
      known.set(userId, locale);
      return locale;
    },
    async set(userId: string, locale: Locale): Promise<void> {
      await core.preferences.setLanguage(keyOf(userId), locale);
      known.set(userId, locale);
    },
    /** Without asking storage: the language last seen for this person, else English (a loading modal, an ack). */
    lastKnown(userId: string): Locale {
      return known.get(userId) ?? 'en';
    },
  };
}

export type StaffLocales = ReturnType<typeof createStaffLocales>;
