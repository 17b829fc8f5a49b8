/**
 * Short plain texts staff type for delivery day (a delivery note, an event
 * label, an embassy address): printed in packs and shown in Slack, so they
 * must be one clean line of text.
 */

// Controls (NUL, newlines, escapes), format characters (bidi overrides,
// zero-width), line/paragraph separators and lone surrogates.
const NOT_PLAIN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/**
 * NFC, trimmed, inner spaces collapsed; null when it holds characters that
 * are not plain text or is longer than `max` (empty gives '').
 *
 * @example plainText('  Seoul   vigil ', 100) // 'Seoul vigil'
 */
export function plainText(raw: string, max: number): string | null {
  const text = raw.normalize('NFC').trim();
  if (NOT_PLAIN.test(text)) return null;
  const collapsed = text.replace(/\p{Zs}+/gu, ' ');
  return [...collapsed].length > max ? null : collapsed;
}

/**
 * An http(s) link of at most 500 characters with no credentials, or null.
 *
 * @example webLink('https://example.org/photo.jpg') // 'https://example.org/photo.jpg'
 */
export function webLink(raw: string): string | null {
  const text = raw.trim();
  if (text.length > 500 || NOT_PLAIN.test(text) || /\s/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || !url.hostname.includes('.')) return null;
  return url.toString();
}
