/**
 * Country of residence: resolving what a signer types to an ISO 3166-1
 * alpha-2 code, and localized display names. Pure functions, no I/O.
 */
import countries from 'i18n-iso-countries';
import enLocale from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import koLocale from 'i18n-iso-countries/langs/ko.json' with { type: 'json' };
import zhLocale from 'i18n-iso-countries/langs/zh.json' with { type: 'json' };
import esLocale from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import { distance } from 'fastest-levenshtein';
import type { Locale } from './locale.ts';

export type { Locale };
/** suggestions: up to 3 ISO codes, best first, may be empty. */
export type CountryMatch = { ok: true; code: string } | { ok: false; suggestions: string[] };

// The Node entry of i18n-iso-countries registers every locale on import, but
// the browser entry registers none; registering the ones we use keeps this
// module independent of which entry a bundler or test runner resolves.
countries.registerLocale(enLocale);
countries.registerLocale(koLocale);
countries.registerLocale(zhLocale);
countries.registerLocale(esLocale);

/** Longer input is refused before any normalization or fuzzy search. */
const MAX_INPUT_LENGTH = 100;
const MAX_SUGGESTIONS = 3;
/** Fuzzy search is pointless below this key length (e.g. "xx", "한굮"). */
const MIN_FUZZY_KEY_LENGTH = 3;

/**
 * Intl tags used for display names. 'zh' is shown in Simplified Chinese (the
 * BCP 47 default for bare "zh"), 'zh-Hant' in Traditional (CLDR's zh-Hant
 * names are Taiwan usage); both scripts are accepted as input.
 */
const DISPLAY_TAG: Record<Locale, string> = { en: 'en', ko: 'ko', zh: 'zh-Hans', 'zh-Hant': 'zh-Hant', es: 'es' };
const MATCH_TAGS = ['en', 'ko', 'zh-Hans', 'zh-Hant', 'es'] as const;

/**
 * Codes whose CLDR long name is a political mouthful ("Hong Kong SAR China",
 * "中国香港特别行政区"); the short form ("Hong Kong", "香港") is what people from
 * there call it. Other codes keep the long form (short would turn US into "US").
 */
const SHORT_NAME_CODES = new Set(['HK', 'MO']);

/**
 * Hand-written aliases. They win over everything derived from the data, which
 * matters for:
 * - Korea: the campaign concerns North Korean refugees. A bare "Korea" / "한국"
 *   / "韩国" means South Korea (where most of them resettle), while every common
 *   name for the North ("North Korea", "DPRK", "북한", "조선", "朝鲜", "北韓")
 *   resolves to KP. "조선"/"朝鲜" are what North Koreans themselves call the
 *   country, so they must not fall through to fuzzy matching against 한국/韩国.
 * - Everyday names the data lacks: "UK", "Britain", "England", "America",
 *   "Holland", "Burma", Traditional Chinese forms, ...
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  KR: [
    'Korea', 'South Korea', 'S. Korea', 'Republic of Korea', 'ROK', 'Corea',
    '한국', '남한', '대한민국', '韩国', '韓國', '南韩', '南韓', '大韩民国', '大韓民國',
  ],
  KP: [
    'North Korea', 'N. Korea', 'DPRK', 'Democratic People\'s Republic of Korea',
    '북한', '조선', '북조선', '조선민주주의인민공화국',
    '朝鲜', '朝鮮', '北韩', '北韓', '北朝鲜', '北朝鮮', '朝鲜民主主义人民共和国', '朝鮮民主主義人民共和國',
  ],
  US: ['USA', 'US', 'U.S.', 'U.S.A.', 'America', 'United States', 'United States of America', '미국', '미합중국', '美国', '美國', '美利坚合众国', '美利堅合眾國'],
  GB: ['UK', 'U.K.', 'Britain', 'Great Britain', 'United Kingdom', 'England', 'Scotland', 'Wales', 'Northern Ireland', '영국', '英国', '英國'],
  TW: ['Taiwan', 'Republic of China', 'ROC', '대만', '타이완', '중화민국', '台湾', '台灣', '臺灣', '中华民国', '中華民國'],
  HK: ['Hong Kong', 'Hongkong', '홍콩', '香港'],
  MO: ['Macau', 'Macao', '마카오', '澳门', '澳門'],
  CN: ['China', 'PRC', 'Mainland China', '중국', '中国', '中國', '中国大陆', '中國大陸'],
  JP: ['Japan', '일본', '日本'],
  AE: ['UAE', 'Emirates'],
  NL: ['Holland'],
  MM: ['Burma'],
  VA: ['Vatican', 'Vatican City'],
  CZ: ['Czechia'],
};

/**
 * Normalized lookup key: NFKC (full-width "ＫＲ" -> "KR"), diacritics removed
 * ("Côte" -> "cote"), lower-cased, a leading English "the" dropped, and
 * everything that is not a letter or digit removed ("U.S." -> "us").
 * Hangul survives: NFKD splits syllables into jamo (letters, not marks) and the
 * final NFC puts them back together.
 */
function keyOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/^\s*the\s+/u, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Abbreviations ("UK", "U.S.A.", "DPRK") and codes are matched exactly, never
 * fuzzily: one edit away from a 2–4 letter abbreviation is almost anything.
 */
function isFuzzyTarget(source: string, key: string): boolean {
  return key.length >= MIN_FUZZY_KEY_LENGTH && !/^[A-Z.\s]+$/.test(source);
}

type Index = {
  /** Assigned alpha-2 codes, upper case. */
  codes: ReadonlySet<string>;
  /** Normalized key -> codes it names (more than one = ambiguous, e.g. "congo"). */
  exact: ReadonlyMap<string, readonly string[]>;
  /** Keys used for "did you mean", with the code each one names. */
  fuzzy: readonly { key: string; code: string }[];
};

let index: Index | undefined;

/** Built on first use and cached: ~250 codes x a dozen names each. */
function getIndex(): Index {
  if (index) return index;

  const codes = new Set(Object.keys(countries.getAlpha2Codes()).map((c) => c.toUpperCase()));
  const derived = new Map<string, Set<string>>(); // key -> codes, from the data
  const fuzzyKeys = new Map<string, Set<string>>(); // code -> keys worth fuzzy matching
  const addFuzzy = (code: string, source: string, key: string) => {
    if (!isFuzzyTarget(source, key)) return;
    let keys = fuzzyKeys.get(code);
    if (!keys) fuzzyKeys.set(code, (keys = new Set()));
    keys.add(key);
  };
  const addDerived = (code: string, source: string, fuzzy: boolean) => {
    const key = keyOf(source);
    if (!key) return;
    let set = derived.get(key);
    if (!set) derived.set(key, (set = new Set()));
    set.add(code);
    if (fuzzy) addFuzzy(code, source, key);
  };

  const displayNames = MATCH_TAGS.flatMap((tag) => [
    new Intl.DisplayNames([tag], { type: 'region', style: 'long', fallback: 'none' }),
    new Intl.DisplayNames([tag], { type: 'region', style: 'short', fallback: 'none' }),
  ]);
  for (const code of codes) {
    for (const lang of ['en', 'ko', 'zh', 'es']) {
      for (const name of countries.getName(code, lang, { select: 'all' }) ?? []) addDerived(code, name, true);
    }
    for (const dn of displayNames) {
      const name = dn.of(code);
      if (name) addDerived(code, name, true);
    }
  }

  // A data-derived key naming several countries ("congo") is kept as a list:
  // it does not resolve, but it suggests every candidate.
  const exact = new Map<string, readonly string[]>();
  for (const [key, set] of derived) exact.set(key, [...set].sort());
  // Hand-written aliases override the data.
  for (const [code, aliases] of Object.entries(ALIASES)) {
    for (const alias of aliases) {
      const key = keyOf(alias);
      exact.set(key, [code]);
      addFuzzy(code, alias, key);
    }
  }

  const fuzzy: { key: string; code: string }[] = [];
  for (const [code, keys] of fuzzyKeys) for (const key of keys) fuzzy.push({ key, code });

  index = { codes, exact, fuzzy };
  return index;
}

/** How many edits a typo may contain, relative to what was typed. */
function maxTypoDistance(length: number): number {
  if (length <= 4) return 1;
  if (length <= 8) return 2; // "kroea" -> "korea" is a transposition = 2 edits
  return Math.min(4, Math.floor(length / 4));
}

function suggest(key: string, idx: Index): string[] {
  if (key.length < MIN_FUZZY_KEY_LENGTH) return [];
  const limit = maxTypoDistance(key.length);
  const best = new Map<string, number>();
  for (const { key: target, code } of idx.fuzzy) {
    if (Math.abs(target.length - key.length) > limit) continue;
    const d = distance(key, target);
    if (d <= limit && d < (best.get(code) ?? Infinity)) best.set(code, d);
  }
  return [...best]
    .sort(([a, da], [b, db]) => da - db || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_SUGGESTIONS)
    .map(([code]) => code);
}

/**
 * Accepts an ISO 3166-1 alpha-2 code (any case) or a country name in English,
 * Korean or Chinese (simplified or traditional), incl. common aliases ("South
 * Korea", "Korea", "대한민국", "한국", "美国", "美國", "USA", "UK", "Britain").
 * Upper-case alpha-3 codes ("KOR", "DEU") are accepted too.
 *
 * Not found -> up to 3 "did you mean" codes for small typos, else none.
 */
export function resolveCountry(input: string): CountryMatch {
  const none: CountryMatch = { ok: false, suggestions: [] };
  if (input.length > MAX_INPUT_LENGTH) return none;

  const idx = getIndex();
  const text = input.normalize('NFKC').trim();
  if (/^[A-Za-z]{2}$/.test(text) && idx.codes.has(text.toUpperCase())) {
    return { ok: true, code: text.toUpperCase() };
  }
  // Alpha-3 only in capitals: lower-case three-letter words are more likely
  // words than codes ("and" is Andorra's code, "can" Canada's).
  if (/^[A-Z]{3}$/.test(text)) {
    const alpha2 = countries.alpha3ToAlpha2(text);
    if (alpha2 && idx.codes.has(alpha2)) return { ok: true, code: alpha2 };
  }

  const key = keyOf(text);
  if (!key) return none;

  const found = idx.exact.get(key);
  if (found?.length === 1) return { ok: true, code: found[0]! };
  if (found) return { ok: false, suggestions: found.slice(0, MAX_SUGGESTIONS) };

  return { ok: false, suggestions: suggest(key, idx) };
}

const displayNamesByLocale = new Map<Locale, { long: Intl.DisplayNames; short: Intl.DisplayNames }>();

/**
 * Localized display name via Intl.DisplayNames, e.g. countryName('KR','ko') -> '대한민국'.
 * Unknown codes are returned as given (upper-cased), like Intl's own fallback.
 */
export function countryName(code: string, locale: Locale): string {
  const upper = code.toUpperCase();
  if (!isCountryCode(upper)) return upper;
  let names = displayNamesByLocale.get(locale);
  if (!names) {
    const tag = DISPLAY_TAG[locale];
    names = {
      long: new Intl.DisplayNames([tag], { type: 'region', style: 'long' }),
      short: new Intl.DisplayNames([tag], { type: 'region', style: 'short' }),
    };
    displayNamesByLocale.set(locale, names);
  }
  return (SHORT_NAME_CODES.has(upper) ? names.short : names.long).of(upper) ?? upper;
}

/** True only for assigned ISO 3166-1 alpha-2 codes (as listed by i18n-iso-countries), upper case. */
export function isCountryCode(code: string): boolean {
  return getIndex().codes.has(code);
}

/**
 * A few likely countries to offer as buttons for a language. CN is deliberately
 * absent from zh: people in China may be at risk, and a one-tap "China" button
 * makes it too easy to reveal that by accident. They can still type it.
 */
const LIKELY: Readonly<Record<Locale, readonly string[]>> = {
  en: ['US', 'GB', 'CA', 'AU'],
  ko: ['KR', 'US', 'JP', 'CA'],
  zh: ['TW', 'HK', 'SG', 'US'],
  'zh-Hant': ['TW', 'HK', 'MO', 'US'],
  es: ['ES', 'MX', 'AR', 'US'],
};

export function likelyCountries(locale: Locale): string[] {
  return [...LIKELY[locale]];
}
