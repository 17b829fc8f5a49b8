/**
 * The main time zone of a country, for reminders to people whose platform
 * gives no time zone: a Seoul signer's "morning" is 10:00 in Seoul, not in
 * New York. Nothing here is typed by hand: which zones a country uses, and
 * which country a zone chiefly belongs to, come from countries-and-timezones
 * (the IANA zone1970.tab data); how many people live in each zone comes from
 * moment-timezone's packed tz data. Both are updated with every tz release.
 *
 * The main zone is the most populous zone that belongs chiefly to the
 * country (Asia/Tokyo is also listed for an Australian base, but it is
 * Japan's): America/New_York for the US, Europe/Moscow for Russia,
 * Australia/Sydney for Australia, Asia/Shanghai for China.
 */
import ct from 'countries-and-timezones';
import packed from 'moment-timezone/data/packed/latest.json' with { type: 'json' };

/** Population per zone, from the packed format `name|abbrs|offsets|indices|untils|population`; a link shares its zone's. */
function populations(): Map<string, number> {
  const data = packed as { zones: string[]; links: string[] };
  const byZone = new Map<string, number>();
  for (const line of data.zones) {
    const fields = line.split('|');
    byZone.set(fields[0]!, Number(fields[5] ?? 0) || 0);
  }
  // `target|alias`: the two packages may disagree on which name is canonical (Europe/Kiev, Europe/Kyiv).
  for (const line of data.links) {
    const [a, b] = line.split('|') as [string, string];
    const n = Math.max(byZone.get(a) ?? 0, byZone.get(b) ?? 0);
    byZone.set(a, n);
    byZone.set(b, n);
  }
  return byZone;
}

let mainZones: Map<string, string> | null = null;

function build(): Map<string, string> {
  const people = populations();
  // An alias (Europe/Busingen, America/Creston) is a small place that shares another zone's rules:
  // it only breaks ties, by the population of the zone it follows.
  const score = (zone: string): [number, number] => {
    const info = ct.getTimezone(zone);
    const own = info && info.aliasOf === null ? (people.get(zone) ?? 0) : 0;
    return [own, people.get(info?.aliasOf ?? zone) ?? 0];
  };
  const zones = new Map<string, string>();
  for (const country of Object.values(ct.getAllCountries())) {
    const all = country.timezones;
    if (all.length === 0) continue;
    // Zones whose first country (the one they chiefly serve) is this one.
    const chief = all.filter((z) => ct.getTimezone(z)?.countries[0] === country.id);
    const candidates = chief.length > 0 ? chief : all;
    let best = candidates[0]!;
    let bestScore = score(best);
    for (const zone of candidates.slice(1)) {
      const s = score(zone);
      if (s[0] > bestScore[0] || (s[0] === bestScore[0] && s[1] > bestScore[1])) {
        best = zone;
        bestScore = s;
      }
    }
    zones.set(country.id, best);
  }
  return zones;
}

/**
 * The main IANA time zone of an ISO 3166-1 alpha-2 country, or null for a
 * code with no zone (or no country).
 *
 * @example mainTimeZone('KR') // 'Asia/Seoul'
 * @example mainTimeZone('US') // 'America/New_York'
 */
export function mainTimeZone(country: string | null | undefined): string | null {
  if (!country) return null;
  mainZones ??= build();
  return mainZones.get(country.toUpperCase()) ?? null;
}

/**
 * Every country's main zone, e.g. for a database query that picks each
 * recipient's zone from their country.
 *
 * @example countryMainZones().KR // 'Asia/Seoul'
 */
export function countryMainZones(): Readonly<Record<string, string>> {
  mainZones ??= build();
  return Object.fromEntries(mainZones);
}
