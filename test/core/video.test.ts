import { describe, expect, it } from 'vitest';
import { videoEmbedLink, videoLink } from '../../src/core/index.ts';

const video = { youtubeId: 'AbCdEfGhIjK', subtitles: { ko: 'ko', zh: 'zh-Hans' } };

describe('video link', () => {
  it('preselects the subtitle track of the viewer’s language', () => {
    const ko = new URL(videoLink(video, 'ko')!);
    expect(ko.origin + ko.pathname).toBe('https://www.youtube.com/watch');
    expect(Object.fromEntries(ko.searchParams)).toEqual({ v: 'AbCdEfGhIjK', cc_lang_pref: 'ko', cc_load_policy: '1', hl: 'ko' });
    expect(new URL(videoLink(video, 'zh')!).searchParams.get('cc_lang_pref')).toBe('zh-Hans');
  });

  it('gives Traditional Chinese readers the Chinese track (unless they have their own) and YouTube in zh-TW; Spanish has none', () => {
    expect(Object.fromEntries(new URL(videoLink(video, 'zh-Hant')!).searchParams)).toEqual({ v: 'AbCdEfGhIjK', cc_lang_pref: 'zh-Hans', cc_load_policy: '1', hl: 'zh-TW' });
    expect(new URL(videoEmbedLink({ ...video, subtitles: { ...video.subtitles, 'zh-Hant': 'zh-Hant' } }, 'zh-Hant')!).searchParams.get('cc_lang_pref')).toBe('zh-Hant');
    const es = new URL(videoLink(video, 'es')!);
    expect(es.searchParams.has('cc_lang_pref')).toBe(false);
    expect(es.searchParams.get('hl')).toBe('es');
  });

  it('shows no subtitles in the video’s own language', () => {
    const en = new URL(videoLink(video, 'en')!);
    expect(en.searchParams.has('cc_lang_pref')).toBe(false);
    expect(en.searchParams.has('cc_load_policy')).toBe(false);
  });

  it('has no link while no video is published', () => {
    expect(videoLink({ youtubeId: null, subtitles: {} }, 'en')).toBeNull();
  });

  it('embeds from the privacy-enhanced domain with the viewer’s subtitles, and not at all without a video', () => {
    const zh = new URL(videoEmbedLink(video, 'zh')!);
    expect(zh.origin + zh.pathname).toBe('https://www.youtube-nocookie.com/embed/AbCdEfGhIjK');
    expect(Object.fromEntries(zh.searchParams)).toEqual({ cc_lang_pref: 'zh-Hans', cc_load_policy: '1', hl: 'zh' });
    expect(new URL(videoEmbedLink(video, 'en')!).searchParams.has('cc_lang_pref')).toBe(false);
    expect(videoEmbedLink({ youtubeId: null, subtitles: {} }, 'ko')).toBeNull();
  });
});
