/**
 * The one place where per-country counts become public figures: the page's
 * table, the map's shading, the live feed and the open-data JSON all take
 * their per-country numbers from `publicCountryFigures`. A rule such as "fewer
 * than 5" for signers in at-risk countries is therefore one change, here and
 * in the policy passed in.
 */

import { AT_RISK_MINIMUM_SHOWN, type Campaign } from '../core/index.ts';

/** What may be said about one country's count. */
export type PublicCount = { kind: 'exact'; n: number } | { kind: 'fewer-than'; n: number };

export interface PublicCountryFigure {
  /** ISO 3166-1 alpha-2. */
  country: string;
  count: PublicCount;
  /**
   * A number for shading and sorting that reveals no more than `count`: the
   * count itself when exact, the threshold minus one when it is withheld.
   */
  weight: number;
}

/**
 * Which countries' small counts are withheld, and below what number.
 * The campaign file's at-risk list gives it (`disclosureOf`); `OPEN_FIGURES`
 * withholds nothing.
 */
export interface DisclosurePolicy {
  atRiskCountries: readonly string[];
  /** Counts below this are shown as "fewer than N" for at-risk countries. */
  minimumShown: number;
}

/** Everything exact: for tests and tools that must see every figure. */
export const OPEN_FIGURES: DisclosurePolicy = { atRiskCountries: [], minimumShown: 0 };

/**
 * The campaign's policy: its at-risk countries (CN and KP unless the file
 * says otherwise) are shown as "fewer than 5" below 5.
 *
 * @example disclosureOf(campaign) // { atRiskCountries: ['CN', 'KP'], minimumShown: 5 }
 */
export function disclosureOf(campaign: Pick<Campaign, 'atRiskCountries'>): DisclosurePolicy {
  return { atRiskCountries: campaign.atRiskCountries, minimumShown: AT_RISK_MINIMUM_SHOWN };
}

/**
 * One country's number as it may be published: the number, or "<N" when withheld.
 *
 * @example publicCountJson('CN', 3, disclosureOf(campaign)) // '<5'
 */
export function publicCountJson(country: string, n: number, policy: DisclosurePolicy): number | string {
  return policy.atRiskCountries.includes(country) && n > 0 && n < policy.minimumShown ? `<${policy.minimumShown}` : n;
}

/**
 * Per-country figures as they may be published, largest first (ties by code).
 * Countries with no signatures are left out.
 *
 * @example publicCountryFigures({ KR: 12, CN: 2 }, { atRiskCountries: ['CN'], minimumShown: 5 })
 * // [{ country: 'KR', count: { kind: 'exact', n: 12 }, weight: 12 },
 * //  { country: 'CN', count: { kind: 'fewer-than', n: 5 }, weight: 4 }]
 */
export function publicCountryFigures(byCountry: Readonly<Record<string, number>>, policy: DisclosurePolicy): PublicCountryFigure[] {
  const atRisk = new Set(policy.atRiskCountries);
  return Object.entries(byCountry)
    .filter(([, n]) => n > 0)
    .map(([country, n]): PublicCountryFigure =>
      atRisk.has(country) && n < policy.minimumShown
        ? { country, count: { kind: 'fewer-than', n: policy.minimumShown }, weight: policy.minimumShown - 1 }
        : { country, count: { kind: 'exact', n }, weight: n },
    )
    .sort((a, b) => b.weight - a.weight || (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
}

/**
 * The figures as open-data JSON values: a number when exact, a string such
 * as "<5" when withheld.
 *
 * @example publicCountsJson(publicCountryFigures({ KR: 2 }, OPEN_FIGURES)) // { KR: 2 }
 */
export function publicCountsJson(figures: readonly PublicCountryFigure[]): Record<string, number | string> {
  return Object.fromEntries(figures.map((f) => [f.country, f.count.kind === 'exact' ? f.count.n : `<${f.count.n}`]));
}
