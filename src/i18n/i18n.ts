import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n as I18n, type Resource } from 'i18next';
import { LOCALE_FALLBACKS, LOCALES, type Locale, type Translate } from '../core/index.ts';
import { isJosaPair, withJosa } from './josa.ts';
import { rememberedTexts } from './remembered-texts.ts';

export const LOCALES_FOLDER = fileURLToPath(new URL('../../locales', import.meta.url));

/** The core's translator shape, which `createTranslator` implements with i18next. */
export type { Translate };

/** Reads `locales/<locale>/*.json` for every locale (en, ko, zh, zh-Hant, es); each file is one namespace. */
export function loadResources(folder: string = LOCALES_FOLDER): Resource {
  const resources: Resource = {};
  for (const locale of LOCALES) {
    resources[locale] = {};
    for (const file of readdirSync(join(folder, locale)).filter((f) => f.endsWith('.json'))) {
      resources[locale]![file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(folder, locale, file), 'utf8'));
    }
  }
  return resources;
}

/**
 * One i18next instance for the whole app. Plurals come from i18next's use of
 * `Intl.PluralRules` (`_one`/`_other` keys); numbers and dates are formatted
 * with `Intl` before they are interpolated (see format.ts). Korean strings
 * choose a particle by the value's last sound with the `josa` formatter:
 * `{{country, josa(을/를)}}` (see josa.ts), never a hedge like "을(를)".
 *
 * @example const t = createTranslator(); t('ko', 'bot:count.total', { count: 3 })
 */
export function createTranslator(resources: Resource = loadResources()): Translate {
  const instance: I18n = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'en',
    // A missing string falls back along the chain: zh-Hant -> zh -> en, anything else -> en.
    fallbackLng: { ...LOCALE_FALLBACKS, default: ['en'] },
    supportedLngs: [...LOCALES],
    ns: Object.keys(resources.en ?? {}),
    defaultNS: 'bot',
    initAsync: false,
    // Values are plain text for every platform; each adapter escapes for its own markup.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance.services.formatter?.add('josa', josaFormatter);
  return rememberedTexts((locale, key, params) => instance.t(key, { lng: locale, ...params }), rememberableId);
}

/**
 * The app's texts are remembered when made without values, or with numbers
 * and i18next's `context` only: a busy bot asks for the same prompts and
 * buttons over and over. A text with any other string value (a name,
 * initials) is made afresh every time and never kept, so no signer's data
 * stays in this memory. The resources never change once loaded.
 */
function rememberableId(locale: Locale, key: string, params: Record<string, unknown> | undefined): string | null {
  let id = `${locale}\u0000${key}`;
  if (params === undefined) return id;
  for (const name in params) {
    const value = params[name];
    if ((typeof value === 'number' && !Object.is(value, -0)) || (name === 'context' && typeof value === 'string')) id += `\u0000${name}=${value}`;
    else if (value !== undefined) return null;
  }
  return id;
}

/**
 * `{{value, josa(을/를)}}`: i18next parses the parenthesis into an option
 * named after the pair, so the pair is the option key that is a known pair.
 * Outside Korean the value is left as it is.
 */
function josaFormatter(value: unknown, lng: string | undefined, options: Record<string, unknown>): string {
  const pair = Object.keys(options).find(isJosaPair);
  if (lng !== 'ko' || !pair) return String(value);
  return withJosa(String(value), pair);
}
