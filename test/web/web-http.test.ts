import { get, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import countries from 'i18n-iso-countries';
import type { App } from '../../src/app.ts';
import { LOCALES } from '../../src/core/index.ts';
import type { Case } from '../../src/core/index.ts';
import { localeTag } from '../../src/i18n/format.ts';
import { NO_REVIEW_POLICY } from '../../src/core/index.ts';
import { createTestApp, testCampaign, testClock } from '../support/test-app.ts';
import { signFrom, startWebServer, type WebServer } from '../support/web-server.ts';
import { OPEN_FIGURES } from '../../src/web/public-figures.ts';

const OPEN = '2026-11-29T15:00:00Z';
const AFTER_CLOSE = '2026-12-12T15:00:00Z';
const clock = testClock(OPEN);

/** Every page the public site serves, with the status it should answer. */
const PAGES: Array<[string, number]> = [
  ['/', 200],
  ...LOCALES.flatMap((l): Array<[string, number]> => [
    [`/${l}`, 200],
    [`/${l}/list`, 200],
    [`/${l}/list?q=sample&kind=refugee&page=1`, 200],
    [`/${l}/list/1`, 200],
    [`/${l}/privacy`, 200],
    [`/${l}/receipt`, 200],
    [`/${l}/list/424242`, 404],
    [`/live?lang=${l}`, 200],
    [`/embed/counter?lang=${l}`, 200],
  ]),
  ['/privacy', 200],
  ['/no/such/page', 404],
];

const html = async (res: Response) => ({ res, text: await res.text() });

function totalShown(page: string): number {
  const match = /data-live="total">([^<]+)</.exec(page);
  if (!match) throw new Error('no total on the page');
  return Number(match[1]!.replace(/\D/g, ''));
}

describe('the public page over HTTP', () => {
  let app: App;
  let server: WebServer;

  beforeAll(async () => {
    // These tests sign in bulk from one place (every country in a second): no review rule may hold that here.
    app = await createTestApp({ clock, campaign: testCampaign({ review: NO_REVIEW_POLICY }) });
    await signFrom(app, ['KR', 'KR', 'KR', 'CA', 'US', 'SG', 'HK']);
    const hostile: Case = {
      number: 7,
      kind: 'refugee',
      name: '<script>alert("name")</script>',
      date: '2019-03-02',
      place: 'Place "quoted" & <b>bold</b>',
      summary: { en: 'Summary <img src=x onerror=alert(1)>', ko: '요약 <i>x</i>', zh: '摘要 <i>x</i>' },
      story: { en: 'Story </p><script>alert(2)</script>' },
      source: 'javascript:alert(3)',
      isSample: false,
    };
    await app.core.list.seed([hostile], 'test');
    server = await startWebServer(app, { pollMs: 200, maxAgeMs: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('serves every page in every language: strict CSP, no inline script or style, no cookie, under 100 KB', async () => {
    for (const [path, status] of PAGES) {
      const { res, text } = await html(await fetch(server.base + path));
      expect(res.status, path).toBe(status);
      expect(res.headers.get('set-cookie'), path).toBeNull();
      expect(res.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).not.toContain('unsafe-eval');
      expect(text, path).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(text, path).not.toMatch(/\sstyle="/);
      expect(text, path).not.toMatch(/<[^>]*\son[a-z]+=/i);
      expect(Buffer.byteLength(text), path).toBeLessThan(100_000);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('puts the language in <html lang>, Content-Language and the switcher, on every language page', async () => {
    for (const locale of LOCALES) {
      const { res, text } = await html(await fetch(`${server.base}/${locale}`));
      expect(text).toContain(`<html lang="${localeTag(locale)}">`);
      expect(res.headers.get('content-language')).toBe(localeTag(locale));
      expect(text).toContain(`<h1>${app.core.campaign.title[locale]}</h1>`);
      for (const other of LOCALES) expect(text).toContain(`href="/${other}"`);
    }
  });

  it('publishes /zh-Hant in Traditional Chinese and /es in Spanish, THE LIST included, and sends /zh-hant to /zh-Hant', async () => {
    const hant = await html(await fetch(`${server.base}/zh-Hant`));
    expect(hant.text).toContain('<html lang="zh-Hant">');
    expect(hant.text).toContain('請停止強制遣返北韓難民');
    expect(hant.text).toContain('lang="zh-Hans" hreflang="zh-Hans">简体中文</a>');
    expect(hant.text).toContain('aria-current="true">繁體中文</a>');
    const es = await html(await fetch(`${server.base}/es`));
    expect(es.text).toContain('<html lang="es">');
    expect(es.text).toContain('Firme la petición');
    expect(es.text).toContain('aria-current="true">Español</a>');
    expect((await html(await fetch(`${server.base}/es/list/1`))).text).toContain('Una mujer detenida cerca de Shenyang');
    expect((await html(await fetch(`${server.base}/zh-Hant/list/1`))).text).toContain('一名婦女與一批出逃者在瀋陽附近一起被抓');
    for (const [path, target] of [['/zh-hant', '/zh-Hant'], ['/zh-hant/list/1', '/zh-Hant/list/1']]) {
      const res = await fetch(server.base + path, { redirect: 'manual' });
      expect(res.status, path).toBe(301);
      expect(res.headers.get('location')).toBe(target);
    }
  });

  it('negotiates / and /privacy from Accept-Language, and says the answer varies by it', async () => {
    for (const [header, locale] of [['ko-KR,ko;q=0.9', 'ko'], ['zh-CN,zh;q=0.8', 'zh'], ['zh-TW,zh;q=0.8', 'zh-Hant'], ['es-419,es;q=0.9', 'es'], ['fr-FR,fr;q=0.9', 'en']] as const) {
      for (const path of ['/', '/privacy']) {
        const res = await fetch(server.base + path, { headers: { 'accept-language': header } });
        expect(res.headers.get('vary')).toBe('accept-language, accept-encoding');
        expect(await res.text()).toContain(`<html lang="${localeTag(locale)}">`);
      }
    }
  });

  it('answers a matching If-None-Match with 304, and changes the ETag when the count changes', async () => {
    for (const path of ['/en', '/api/stats.json', '/assets/site.css', '/assets/live.js', '/ko/privacy']) {
      const first = await fetch(server.base + path);
      const etag = first.headers.get('etag')!;
      expect(etag, path).toMatch(/^(W\/)?"[^"]+"$/);
      expect(first.headers.get('cache-control'), path).toMatch(/max-age=\d+/);
      const again = await fetch(server.base + path, { headers: { 'if-none-match': etag } });
      expect(again.status, path).toBe(304);
      expect(await again.text(), path).toBe('');
      expect((await fetch(server.base + path, { headers: { 'if-none-match': '"something-else"' } })).status, path).toBe(200);
    }
    const before = (await fetch(`${server.base}/en`)).headers.get('etag');
    await signFrom(app, ['JP'], 'etag-change');
    const after = await fetch(`${server.base}/en`, { headers: { 'if-none-match': before! } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  it('sends pages gzipped to clients that accept it, as a representation with its own ETag', async () => {
    const plain = await rawGet(`${server.base}/ko`, {});
    const zipped = await rawGet(`${server.base}/ko`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect((await rawGet(`${server.base}/ko`, { 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding']).toBeUndefined();
    expect((await rawGet(`${server.base}/ko`, { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.etag as string })).status).toBe(304);
  });

  it('stamps the Date header from the app clock, not the machine', async () => {
    const expected = new Date(OPEN).toUTCString();
    for (const path of ['/en', '/api/stats.json', '/live', '/assets/site.css', '/no/such/page']) {
      expect((await fetch(server.base + path)).headers.get('date'), path).toBe(expected);
    }
    expect((await fetch(`${server.base}/en`, { method: 'DELETE' })).headers.get('date')).toBe(expected);
    expect((await fetch(`${server.base}/en/`, { redirect: 'manual' })).headers.get('date')).toBe(expected);
    expect((await fetch(`${server.base}/api/stats.json`, { method: 'OPTIONS' })).headers.get('date')).toBe(expected);
    const abort = new AbortController();
    const stream = await fetch(`${server.base}/api/live`, { signal: abort.signal });
    expect(stream.headers.get('date')).toBe(expected);
    abort.abort();
  });

  it('lets any site read /api/stats.json (CORS, with a preflight), with the total the page shows', async () => {
    const res = await fetch(`${server.base}/api/stats.json`, { headers: { origin: 'https://coalition.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
    const stats = (await res.json()) as { total: number; nations: number; byCountry: Record<string, number> };
    const preflight = await fetch(`${server.base}/api/stats.json`, {
      method: 'OPTIONS',
      headers: { origin: 'https://coalition.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/if-none-match/i);
    for (const locale of LOCALES) expect(totalShown(await (await fetch(`${server.base}/${locale}`)).text())).toBe(stats.total);
    const live = (await (await fetch(`${server.base}/api/live.json?lang=ko`)).json()) as { total: number; text: { total: string } };
    expect(live.total).toBe(stats.total);
    expect(stats.byCountry.KR).toBe(3);
  });

  it('escapes what staff and readers type: case texts, search words, bidi, NUL, markup, SQL, 10,000 characters', async () => {
    const { text: casePage } = await html(await fetch(`${server.base}/en/list/7`));
    expect(casePage).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(casePage).toContain('Story &lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(casePage).not.toContain('<script>alert');
    expect(casePage).not.toContain('href="javascript:');
    expect(casePage).not.toContain('<img src=x');
    const searches = ['<script>alert(1)</script>', "'; drop table signatures; --", '\u202Egnp.exe', 'a\u0000b', 'x'.repeat(10_000), '"><svg onload=alert(1)>'];
    for (const q of searches) {
      const { res, text } = await html(await fetch(`${server.base}/en/list?q=${encodeURIComponent(q)}`));
      expect(res.status, q.slice(0, 20)).toBe(200);
      expect(text).not.toContain('<script>alert');
      expect(text).not.toContain('<svg onload');
      expect(text).not.toContain('\u202E');
      expect(text).not.toContain('\u0000');
      expect(text).not.toContain('x'.repeat(101));
    }
    expect(await fetch(`${server.base}/en/list?q=%3Czz%3E`).then((r) => r.text())).toContain('No case matches “&lt;zz&gt;”.');
    // Odd paging and kinds fall back to the first page of everything.
    expect((await fetch(`${server.base}/en/list?page=abc&kind=<x>`)).status).toBe(200);
    expect((await fetch(`${server.base}/en/list/99999999999999999999`)).status).toBe(404);
    expect((await fetch(`${server.base}/en/list/0`)).status).toBe(404);
    expect((await fetch(`${server.base}/fr`)).status).toBe(404);
    expect((await fetch(`${server.base}/en`, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await stats(server)).total).toBe(8);
  });

  it('lets the counter be framed by the configured sites and no other page at all', async () => {
    const embed = await fetch(`${server.base}/embed/counter?lang=zh`);
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(await embed.text()).toContain('<html lang="zh-Hans">');
    const page = await fetch(`${server.base}/en`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const strict = await startWebServer(app, { settings: { frameAncestors: "'self' https://coalition.example" } });
    try {
      expect((await fetch(`${strict.base}/embed/counter`)).headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://coalition.example");
    } finally {
      await strict.close();
    }
  });

  it('links to the bot with the page referral code and shows QR codes as inline SVG', async () => {
    const text = await (await fetch(`${server.base}/en`)).text();
    expect(text).toContain('href="https://t.me/ExamplePetitionBot?start=web"');
    expect(text).toContain('href="https://discord.gg/example-invite"');
    expect(text.match(/<svg class="qr"/g)).toHaveLength(2);
    const bare = await startWebServer(app, { settings: { telegramBotUsername: null, discordInviteUrl: null } });
    try {
      const none = await (await fetch(`${bare.base}/en`)).text();
      expect(none).not.toContain('t.me/');
      expect(none).toContain('Signing in the chat apps opens soon.');
    } finally {
      await bare.close();
    }
  });

  it('embeds the video from the privacy-enhanced domain with the reader’s subtitles, only once a video id is set', async () => {
    expect(await (await fetch(`${server.base}/ko`)).text()).not.toContain('<iframe');
    const withVideo = await startWebServer(app, { campaign: testCampaign({ video: { youtubeId: 'AbCdEfGhIjK', subtitles: { ko: 'ko', zh: 'zh-Hans' } } }) });
    try {
      const res = await fetch(`${withVideo.base}/ko`);
      expect(res.headers.get('content-security-policy')).toContain('frame-src https://www.youtube-nocookie.com');
      expect(await res.text()).toContain('<iframe src="https://www.youtube-nocookie.com/embed/AbCdEfGhIjK?cc_lang_pref=ko&amp;cc_load_policy=1&amp;hl=ko"');
      expect(await (await fetch(`${withVideo.base}/en`)).text()).toContain('src="https://www.youtube-nocookie.com/embed/AbCdEfGhIjK?hl=en"');
    } finally {
      await withVideo.close();
    }
  });

  it('offers the receipt check only when the receipts endpoint exists, and passes good codes on to it', async () => {
    expect(await (await fetch(`${server.base}/en`)).text()).not.toContain('action="/en/receipt"');
    const withReceipts = await startWebServer(app, { receiptsAvailable: () => true });
    try {
      expect(await (await fetch(`${withReceipts.base}/ko`)).text()).toContain('action="/ko/receipt"');
      const bad = await fetch(`${withReceipts.base}/ko/receipt?code=${encodeURIComponent('<x> 1')}`);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('영수증 코드 형식이 아닙니다');
      const good = await fetch(`${withReceipts.base}/en/receipt?code=R-abc123_XYZ`, { redirect: 'manual' });
      expect(good.status).toBe(303);
      expect(good.headers.get('location')).toBe('/api/receipts/R-abc123_XYZ');
    } finally {
      await withReceipts.close();
    }
  });

  it('publishes every per-country figure through the disclosure policy: page table, map and open data', async () => {
    await signFrom(app, ['CN', 'CN'], 'at-risk');
    const guarded = await startWebServer(app, { disclosure: { atRiskCountries: ['CN', 'KP'], minimumShown: 5 } });
    try {
      const page = await (await fetch(`${guarded.base}/en`)).text();
      expect(page).toContain('<th scope="row">China</th><td class="n">fewer than 5</td>');
      expect(page).toContain('<title>China: fewer than 5</title>');
      expect(await (await fetch(`${guarded.base}/zh`)).text()).toContain('少于5人');
      const open = (await (await fetch(`${guarded.base}/api/stats.json`)).json()) as { byCountry: Record<string, unknown> };
      expect(open.byCountry.CN).toBe('<5');
      expect(open.byCountry.KR).toBe(3);
    } finally {
      await guarded.close();
    }
    // Without a policy passed in, the campaign file's at-risk list applies (CN and KP, below 5).
    expect(await (await fetch(`${server.base}/en`)).text()).toContain('<th scope="row">China</th><td class="n">fewer than 5</td>');
    const open = await startWebServer(app, { disclosure: OPEN_FIGURES });
    try {
      expect(await (await fetch(`${open.base}/en`)).text()).toContain('<th scope="row">China</th><td class="n">2</td>');
    } finally {
      await open.close();
    }
  });

  it('after the close: "closed with N signatures from M nations" and the delivery status per embassy', async () => {
    const recordedAt = new Date('2026-12-10T16:00:00Z');
    const closed = await startWebServer(app, {
      deliveryStatus: async () => [
        { country: 'KR', state: 'delivered', recordedAt },
        { country: 'US', state: 'refused', recordedAt },
      ],
    });
    clock.set(AFTER_CLOSE);
    try {
      const { total, nations } = await stats(closed);
      const page = await (await fetch(`${closed.base}/en`)).text();
      expect(page).toContain(`closed at the end of <time datetime="2026-12-11T05:00:00.000Z">December 10, 2026</time> with ${total} signatures from ${nations} nations`);
      expect(page).toContain('Delivery to Chinese embassies');
      expect(page).toContain('<td>South Korea</td><td>Delivered</td>');
      expect(page).toContain('<td>United States</td><td>Refused by the embassy</td>');
      expect(page).not.toContain('t.me/ExamplePetitionBot');
      const ko = await (await fetch(`${closed.base}/ko`)).text();
      expect(ko).toContain(`${nations}개국에서 ${total}명이 서명해 주셨습니다`);
    } finally {
      clock.set(OPEN);
      await closed.close();
    }
    // Before the close nothing is shown even when something was recorded.
    expect(await (await fetch(`${server.base}/en`)).text()).not.toContain('Delivery to Chinese embassies');
  });

  it('renders the share image as a PNG, cached with an ETag', async () => {
    const res = await fetch(`${server.base}/share/ko.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.readUInt32BE(20)).toBe(630);
    const again = await fetch(`${server.base}/share/ko.png`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${server.base}/share/xx.png`)).status).toBe(404);
    const page = await (await fetch(`${server.base}/ko`)).text();
    expect(page).toContain('<meta property="og:image" content="/share/ko.png">');
    expect(page).toContain('<meta name="twitter:card" content="summary_large_image">');
    // The share section: the same card with the live count, a download and the page link, and no code in either.
    const section = /<section aria-labelledby="share-heading"[\s\S]*?<\/section>/.exec(page)![0];
    expect(section).toContain('<h2 id="share-heading">청원 공유하기</h2>');
    expect(section).toMatch(/<img src="\/share\/ko\.png" alt="공유 이미지: \d+개국에서 [\d,]+명 서명\." width="600" height="315" loading="lazy">/);
    expect(section).toContain('<a class="button" href="/share/ko.png" download="petition-ko.png">이미지 내려받기(PNG)</a>');
    expect(section).toContain('<a href="/ko">이 페이지 링크</a>');
    expect(section).toContain('/share');
    expect(section).not.toContain('?start=');
  });

  it('pushes new figures to every live connection from one shared poll', async () => {
    const connections = 25;
    const aborts = Array.from({ length: connections }, () => new AbortController());
    const streams = await Promise.all(aborts.map((a) => fetch(`${server.base}/api/live?lang=en`, { signal: a.signal })));
    try {
      for (const s of streams) {
        expect(s.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
        expect(s.headers.get('set-cookie')).toBeNull();
      }
      const readers = streams.map((s) => eventReader(s));
      const first = await Promise.all(readers.map((r) => r.next()));
      const before = first[0]!.total;
      expect(new Set(first.map((f) => f.total))).toEqual(new Set([before]));
      const readsBefore = server.reads();
      await new Promise((r) => setTimeout(r, 1000));
      // One read per 200 ms poll for all 25 connections together (one each would be 125).
      expect(server.reads() - readsBefore).toBeLessThanOrEqual(8);
      await signFrom(app, ['DE'], 'live');
      const signedAt = performance.now();
      const next = await Promise.all(readers.map((r) => r.next()));
      expect(performance.now() - signedAt).toBeLessThan(5000);
      for (const figures of next) expect(figures.total).toBe(before + 1);
    } finally {
      aborts.forEach((a) => a.abort());
    }
  });

  it('keeps its page under 100 KB with signatures from every country', async () => {
    const all = Object.keys(countries.getAlpha2Codes());
    await signFrom(app, all, 'everywhere');
    for (const locale of LOCALES) {
      const res = await fetch(`${server.base}/${locale}`);
      const bytes = Buffer.byteLength(await res.text());
      const css = Buffer.byteLength(await (await fetch(`${server.base}/assets/site.css`)).text());
      const js = Buffer.byteLength(await (await fetch(`${server.base}/assets/live.js`)).text());
      expect(bytes + css + js, locale).toBeLessThan(100_000);
    }
    expect((await stats(server)).nations).toBeGreaterThan(240);
  });
});

/** A GET without fetch's automatic decompression, to see the bytes as sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

async function stats(server: WebServer): Promise<{ total: number; nations: number }> {
  return (await (await fetch(`${server.base}/api/stats.json`)).json()) as { total: number; nations: number };
}

/** Reads `figures` events from a server-sent event stream. */
function eventReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<{ total: number; text: Record<string, string> }> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.startsWith('event: figures')) continue;
          return JSON.parse(block.split('\n').find((l) => l.startsWith('data: '))!.slice(6));
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
  };
}
