import { describe, expect, it } from 'vitest';
import { DOMAIN_ERROR_CODES } from '../../src/core/index.ts';
import { LOCALES, type Locale } from '../../src/core/index.ts';
import { createTranslator, loadResources } from '../../src/i18n/i18n.ts';

const resources = loadResources();

/** Flattens nested keys to "ns:a.b.c" and folds plural suffixes, which differ by language. */
function keysOf(locale: Locale): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  const walk = (prefix: string, node: unknown) => {
    if (typeof node === 'string') {
      const match = /^(.*)_(zero|one|two|few|many|other)$/.exec(prefix);
      const base = match ? match[1]! : prefix;
      if (!keys.has(base)) keys.set(base, new Set());
      if (match) keys.get(base)!.add(match[2]!);
      return;
    }
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) walk(prefix.endsWith(':') ? `${prefix}${k}` : `${prefix}.${k}`, v);
  };
  for (const [ns, tree] of Object.entries(resources[locale]!)) walk(`${ns}:`, tree);
  return keys;
}

describe('locales', () => {
  const all = Object.fromEntries(LOCALES.map((l) => [l, keysOf(l)])) as Record<Locale, Map<string, Set<string>>>;

  it.each(LOCALES)('%s has every key any other locale has', (locale) => {
    const union = new Set(LOCALES.flatMap((l) => [...all[l].keys()]));
    const missing = [...union].filter((key) => !all[locale].has(key));
    expect(missing).toEqual([]);
  });

  it.each(LOCALES)('%s has every plural form its language needs (Intl.PluralRules)', (locale) => {
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const incomplete: string[] = [];
    for (const [key, forms] of all[locale]) {
      if (forms.size === 0) continue;
      for (const form of needed) if (!forms.has(form)) incomplete.push(`${key}_${form}`);
    }
    expect(incomplete).toEqual([]);
  });

  it.each(LOCALES)('%s has a message for every domain error code', (locale) => {
    const missing = [...DOMAIN_ERROR_CODES, 'unexpected'].filter((code) => !all[locale].has(`errors:${code}`));
    expect(missing).toEqual([]);
  });

  it('interpolates and pluralizes through Intl', () => {
    const t = createTranslator();
    expect(t('en', 'count.nations', { count: 1, n: '1' })).toBe('1 nation');
    expect(t('en', 'count.nations', { count: 28, n: '28' })).toBe('28 nations');
    expect(t('ko', 'count.nations', { count: 28, n: '28' })).toBe('28개국');
    expect(t('zh', 'count.nations', { count: 28, n: '28' })).toBe('28个国家和地区');
  });

  it('falls back zh-Hant -> zh -> en and es -> en for a string a locale lacks', () => {
    const t = createTranslator({
      en: { bot: { a: 'A in English', b: 'B in English', c: 'C in English' } },
      ko: { bot: {} },
      zh: { bot: { a: '简体A', b: '简体B' } },
      'zh-Hant': { bot: { a: '繁體A' } },
      es: { bot: { a: 'A en español' } },
    });
    expect(t('zh-Hant', 'a')).toBe('繁體A');
    expect(t('zh-Hant', 'b')).toBe('简体B');
    expect(t('zh-Hant', 'c')).toBe('C in English');
    expect(t('es', 'b')).toBe('B in English');
    expect(t('ko', 'b')).toBe('B in English');
  });

  it('pluralizes Spanish with one, many and other, and Traditional Chinese with other', () => {
    const t = createTranslator();
    expect(t('es', 'count.nations', { count: 1, n: '1' })).toBe('1 país');
    expect(t('es', 'count.nations', { count: 28, n: '28' })).toBe('28 países');
    expect(t('es', 'count.nations', { count: 1_000_000, n: '1.000.000' })).toBe('1.000.000 países');
    expect(t('zh-Hant', 'count.nations', { count: 28, n: '28' })).toBe('28個國家和地區');
  });

  it('never answers with a bare key for a key that exists', () => {
    const t = createTranslator();
    for (const locale of LOCALES) expect(t(locale, 'help.text')).not.toBe('help.text');
  });
});
