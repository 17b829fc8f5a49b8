/**
 * The picture link previews show (Open Graph / Twitter card): the petition's
 * title and the current count, drawn as SVG and rendered to PNG by resvg (a
 * Rust renderer; `renderAsync` runs on libuv's thread pool, so a render does
 * not hold up other requests). Fonts come from npm (Noto Sans KR and SC,
 * which between them cover Latin, Hangul and Chinese), never from the
 * system, so the image looks the same on every machine.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import type { Locale } from '../core/index.ts';
import { escapeHtml } from './html.ts';

export const SHARE_IMAGE_WIDTH = 1200;
export const SHARE_IMAGE_HEIGHT = 630;

const require = createRequire(import.meta.url);
// One font per image: each is about 6 MB and loading both doubles the render time.
const KOREAN_AND_LATIN = { family: 'Noto Sans KR', file: require.resolve('@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf') };
const CHINESE_AND_LATIN = { family: 'Noto Sans SC', file: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf') };
// Noto Sans SC also has every Traditional character our zh-Hant texts use (checked with fontkit), in mainland glyph shapes.
const fontFor = (locale: Locale) => (locale === 'zh' || locale === 'zh-Hant' ? CHINESE_AND_LATIN : KOREAN_AND_LATIN);

/** What the image says, already translated and formatted. */
export interface ShareImageText {
  locale: Locale;
  title: string;
  /** The count, formatted for the locale, e.g. "12,345". */
  total: string;
  /** e.g. "signatures from 28 nations". */
  caption: string;
  /** e.g. "Goal 10,000 · closes 10 December 2026". */
  footer: string;
  /** Share of the goal reached, 0..1 (drawn capped at 1). */
  progress: number;
}

/**
 * The image as SVG markup (every text escaped).
 *
 * @example shareImageSvg({ locale: 'en', title: 'Stop…', total: '1,234', caption: 'signatures…', footer: 'Goal…', progress: 0.12 })
 */
export function shareImageSvg(text: ShareImageText): string {
  const font = fontFor(text.locale).family;
  const title = wrap(text.title, 40, 2)
    .map((line, i) => `<text x="80" y="${130 + i * 64}" font-size="52">${escapeHtml(line)}</text>`)
    .join('');
  const barWidth = Math.round(1040 * Math.min(1, Math.max(0, text.progress)));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SHARE_IMAGE_WIDTH}" height="${SHARE_IMAGE_HEIGHT}" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#0b2545"/>
<g font-family="${font}" font-weight="700" fill="#ffffff">${title}
<text x="80" y="380" font-size="150">${escapeHtml(text.total)}</text>
<text x="80" y="450" font-size="40" fill="#c6dbef">${escapeHtml(text.caption)}</text>
<rect x="80" y="490" width="1040" height="24" rx="12" fill="#274b73"/>
<rect x="80" y="490" width="${barWidth}" height="24" rx="12" fill="#6baed6"/>
<text x="80" y="575" font-size="32" fill="#c6dbef">${escapeHtml(text.footer)}</text></g>
</svg>`;
}

/** Renders the image to PNG. */
export async function renderShareImage(text: ShareImageText): Promise<Buffer> {
  const font = fontFor(text.locale);
  const image = await renderAsync(shareImageSvg(text), {
    font: { loadSystemFonts: false, fontFiles: [font.file], defaultFontFamily: font.family },
    fitTo: { mode: 'original' },
  });
  return image.asPng();
}

export interface CachedImage {
  png: Buffer;
  etag: string;
}

/**
 * Keeps the last image per language and draws a new one only when the text
 * changed and the last was drawn at least `minIntervalMs` ago, so a stream of
 * signatures costs one render per language a minute at most.
 *
 * @example const { png, etag } = await images.get(text)
 */
export function createShareImageCache(options: { minIntervalMs?: number; elapsed?: () => number; render?: (text: ShareImageText) => Promise<Buffer> } = {}) {
  const minIntervalMs = options.minIntervalMs ?? 60_000;
  const elapsed = options.elapsed ?? (() => performance.now());
  const render = options.render ?? renderShareImage;
  const cache = new Map<Locale, { key: string; at: number; image: CachedImage }>();
  const drawing = new Map<Locale, Promise<CachedImage>>();

  return {
    async get(text: ShareImageText): Promise<CachedImage> {
      const key = JSON.stringify(text);
      const cached = cache.get(text.locale);
      if (cached && (cached.key === key || elapsed() - cached.at < minIntervalMs)) return cached.image;
      let pending = drawing.get(text.locale);
      if (!pending) {
        pending = render(text)
          .then((png) => {
            const image = { png, etag: `"${createHash('sha1').update(png).digest('base64url').slice(0, 20)}"` };
            cache.set(text.locale, { key, at: elapsed(), image });
            return image;
          })
          .finally(() => drawing.delete(text.locale));
        drawing.set(text.locale, pending);
      }
      return pending;
    },
  };
}

export type ShareImageCache = ReturnType<typeof createShareImageCache>;

/**
 * Breaks a title into at most `maxLines` lines of about `width` Latin
 * characters (a CJK character counts double); the last line ends in "…" when
 * the title is longer. Spaces are preferred break points; CJK text breaks
 * anywhere.
 */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const units = (s: string) => [...s].reduce((n, c) => n + (/[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const lines: string[] = [];
  let line = '';
  for (const token of text.split(/(?<=\s)|(?<=[\u2e80-\u9fff])/u)) {
    if (line && units(line + token) > width) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else {
      line += token;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/.$/u, '')}…`;
  return kept;
}
