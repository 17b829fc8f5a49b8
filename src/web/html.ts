/**
 * Escaping for server-rendered HTML. Every value interpolated into an `html`
 * template is escaped unless it is itself `Html` (a fragment built the same
 * way, or a trusted string marked with `trusted()`), so a case story, a search
 * word or a translation can never become markup.
 *
 * Written by hand because it is a dozen lines: the maintained template
 * libraries (lit-html's server renderer, htm, nunjucks) bring a runtime or a
 * template language far larger than what the pages need.
 */

/** A fragment of markup that is safe to insert as is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for an element body or a quoted attribute value.
 *
 * @example escapeHtml('<b>"Kim" & Lee</b>') // '&lt;b&gt;&quot;Kim&quot; &amp; Lee&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Marks a string as markup. Only for strings the program made itself (an SVG
 * the map or QR library drew), never for anything a person typed.
 */
export function trusted(markup: string): Html {
  return new Html(markup);
}

type Value = Html | string | number | null | undefined | false | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * A tagged template that escapes every interpolated value; arrays are joined,
 * and `null`, `undefined` and `false` render as nothing.
 *
 * @example html`<p title="${title}">${story}</p>` // both escaped
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}
