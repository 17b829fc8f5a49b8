import type { Translate } from '../core/index.ts';

/**
 * A translator that keeps each text it made under the id `idOf` gives it, so
 * asking again skips i18next (some 30 µs a call); `null` makes the text
 * afresh and keeps nothing. At most `max` texts: past it the memory starts
 * again. Each caller decides what may be kept (see its `idOf`).
 *
 * @example const t = rememberedTexts(translate, (locale, key, params) => (params ? null : `${locale}\u0000${key}`))
 */
export function rememberedTexts(t: Translate, idOf: (...call: Parameters<Translate>) => string | null, max = 4_096): Translate {
  const known = new Map<string, string>();
  return (locale, key, params) => {
    const id = idOf(locale, key, params);
    if (id === null) return t(locale, key, params);
    let text = known.get(id);
    if (text === undefined) {
      text = t(locale, key, params);
      if (known.size >= max) known.clear();
      known.set(id, text);
    }
    return text;
  };
}
