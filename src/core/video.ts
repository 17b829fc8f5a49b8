import type { Locale } from './locale.ts';

/** The subtitle track for a reader: their own, else (Traditional Chinese) the Chinese one, which they can read too. */
function trackFor(video: VideoSettings, locale: Locale): string | undefined {
  return video.subtitles[locale] ?? (locale === 'zh-Hant' ? video.subtitles.zh : undefined);
}

/** YouTube's interface language: it knows zh-TW, not the script tag zh-Hant. */
function interfaceLanguage(locale: Locale): string {
  return locale === 'zh-Hant' ? 'zh-TW' : locale;
}

export interface VideoSettings {
  youtubeId: string | null;
  subtitles: Partial<Record<Locale, string>>;
}

/**
 * The video link with the viewer's subtitle track switched on, or null when
 * the campaign has not published a video. YouTube reads `cc_lang_pref` and
 * `cc_load_policy=1` to preselect and show a caption track.
 *
 * @example videoLink({ youtubeId: 'abcdefghijk', subtitles: { ko: 'ko' } }, 'ko')
 * // 'https://www.youtube.com/watch?v=abcdefghijk&cc_lang_pref=ko&cc_load_policy=1&hl=ko'
 */
export function videoLink(video: VideoSettings, locale: Locale): string | null {
  if (!video.youtubeId) return null;
  const url = new URL('https://www.youtube.com/watch');
  url.searchParams.set('v', video.youtubeId);
  const track = trackFor(video, locale);
  if (track) {
    url.searchParams.set('cc_lang_pref', track);
    url.searchParams.set('cc_load_policy', '1');
  }
  url.searchParams.set('hl', interfaceLanguage(locale));
  return url.toString();
}

/**
 * The privacy-enhanced embed address (youtube-nocookie.com, which sets no
 * cookie until the video is played) with the viewer's subtitle track, or
 * null when the campaign has not published a video.
 *
 * @example videoEmbedLink({ youtubeId: 'abcdefghijk', subtitles: { ko: 'ko' } }, 'ko')
 * // 'https://www.youtube-nocookie.com/embed/abcdefghijk?cc_lang_pref=ko&cc_load_policy=1&hl=ko'
 */
export function videoEmbedLink(video: VideoSettings, locale: Locale): string | null {
  if (!video.youtubeId) return null;
  const url = new URL(`https://www.youtube-nocookie.com/embed/${video.youtubeId}`);
  const track = trackFor(video, locale);
  if (track) {
    url.searchParams.set('cc_lang_pref', track);
    url.searchParams.set('cc_load_policy', '1');
  }
  url.searchParams.set('hl', interfaceLanguage(locale));
  return url.toString();
}
