/**
 * How every web response goes out: security headers, an ETag with 304 on a
 * matching If-None-Match, cache headers, the Date header from the app's
 * clock, and never a cookie.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import makeEtag from 'etag';
import fresh from 'fresh';
import Negotiator from 'negotiator';
import type { Clock } from '../core/index.ts';

export const YOUTUBE_EMBED_ORIGIN = 'https://www.youtube-nocookie.com';

/**
 * The Content-Security-Policy: scripts and styles only from our own files
 * (no inline script at all, so no nonce is needed), pictures from us or
 * inline SVG, frames only from YouTube's privacy-enhanced domain, forms only
 * to us. `frameAncestors` says who may put the response in a frame.
 *
 * @example contentSecurityPolicy("'none'") // "default-src 'none'; script-src 'self'; ..."
 */
export function contentSecurityPolicy(frameAncestors: string): string {
  let policy = policies.get(frameAncestors);
  if (!policy) policies.set(frameAncestors, (policy = buildPolicy(frameAncestors)));
  return policy;
}

const policies = new Map<string, string>();

function buildPolicy(frameAncestors: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `frame-src ${YOUTUBE_EMBED_ORIGIN}`,
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export interface WebResponse {
  status?: number;
  contentType: string;
  body: string | Buffer;
  /** Computed from the body when not given. */
  etag?: string;
  /** The body gzipped in advance (see `prepared`), sent to clients that accept it. */
  gzip?: Buffer;
  cacheControl: string;
  /** `'none'` for pages; the configured list for the embeddable counter. */
  frameAncestors?: string;
  /** Headers the response varies by (e.g. `accept-language` at `/`). */
  vary?: string;
  headers?: Record<string, string>;
}

/**
 * Sends a response, or 304 when the client's copy is current. This runs for
 * every request of a busy page, so headers go out as one flat list and what
 * can be worked out once (policies, Date within a second, a client's
 * Accept-Encoding) is.
 */
export function send(req: IncomingMessage, res: ServerResponse, clock: Clock, response: WebResponse): void {
  const gzip = response.gzip && acceptsGzip(req.headers['accept-encoding']) ? response.gzip : null;
  const identityTag = response.etag ?? makeEtag(response.body);
  // Each encoding is a different representation, so it has its own ETag.
  const etag = gzip ? gzipTag(identityTag) : identityTag;
  const frameAncestors = response.frameAncestors ?? "'none'";
  // Node would stamp Date from the machine's clock; the app's clock decides instead.
  res.sendDate = false;
  const headers: string[] = ['date', httpDate(clock()), 'etag', etag, 'cache-control', response.cacheControl, 'x-content-type-options', 'nosniff'];
  // The policy and framing rules matter where a browser renders a document; data, styles and images skip them.
  if (response.contentType.startsWith('text/html')) {
    headers.push('content-security-policy', contentSecurityPolicy(frameAncestors));
    if (frameAncestors === "'none'") headers.push('x-frame-options', 'DENY');
  }
  const vary = response.gzip ? (response.vary ? `${response.vary}, accept-encoding` : 'accept-encoding') : response.vary;
  if (vary) headers.push('vary', vary);
  if (response.headers) for (const name in response.headers) headers.push(name, response.headers[name]!);
  const status = response.status ?? 200;
  // Only If-None-Match decides: fresh() would also honour the client's
  // Cache-Control: no-cache, which fetch() adds to every conditional request.
  const ifNoneMatch = req.headers['if-none-match'];
  if (status === 200 && ifNoneMatch && fresh({ 'if-none-match': ifNoneMatch }, { etag })) {
    res.writeHead(304, headers).end();
    return;
  }
  const body = gzip ?? (typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body);
  headers.push('content-type', response.contentType, 'content-length', String(body.length));
  if (gzip) headers.push('content-encoding', 'gzip');
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

let lastDate: { second: number; text: string } | null = null;

/** The Date header for an instant, formatted once per second like Node's own. */
function httpDate(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (lastDate?.second !== second) lastDate = { second, text: now.toUTCString() };
  return lastDate.text;
}

function gzipTag(etag: string): string {
  return etag.replace(/"$/, '-gz"');
}

/** 405 for anything but GET and HEAD; true when the request may go on. */
export function allowRead(req: IncomingMessage, res: ServerResponse, clock: Clock): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  res.writeHead(405, { ...dated(res, clock), allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
  return false;
}

/**
 * The Date header from the app's clock for a response written by hand
 * (redirects, errors, event streams), with Node's own turned off.
 *
 * @example res.writeHead(303, { ...dated(res, clock), location })
 */
export function dated(res: ServerResponse, clock: Clock): { date: string } {
  res.sendDate = false;
  return { date: httpDate(clock()) };
}

/** A response body kept ready to send: its bytes, their ETag and a gzipped copy, computed once. */
export interface Prepared {
  body: Buffer;
  etag: string;
  gzip: Buffer;
}

/**
 * Prepares a body that will be sent many times. Pages are rendered once per
 * change and sent thousands of times, so compressing them once (gzip level 9
 * takes about a millisecond for the 40 KB page and makes it about 15 KB) is
 * cheaper than compressing per request.
 *
 * @example send(req, res, clock, { ...prepared(html), contentType: 'text/html; charset=utf-8', cacheControl })
 */
export function prepared(content: string | Buffer): Prepared {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { body, etag: makeEtag(body), gzip: gzipSync(body, { level: 9 }) };
}

/** Browsers send a handful of distinct Accept-Encoding values: each is parsed once. */
const gzipAnswers = new Map<string, boolean>();

function acceptsGzip(header: string | undefined): boolean {
  if (!header || !header.includes('gzip') || header.length > 200) return false;
  let answer = gzipAnswers.get(header);
  if (answer === undefined) {
    answer = new Negotiator({ headers: { 'accept-encoding': header } }).encodings(['gzip', 'identity'])[0] === 'gzip';
    if (gzipAnswers.size >= 200) gzipAnswers.clear();
    gzipAnswers.set(header, answer);
  }
  return answer;
}
