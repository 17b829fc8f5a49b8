/**
 * How every web response goes out: security headers, an ETag with 304 on a
 * matching If-None-Match, cache headers, the Date header from the app's
 * clock, and never a cookie.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import makeEtag from 'etag';
import fresh from 'fresh';
import type { Clock } from '../core/ports.ts';

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
  cacheControl: string;
  /** `'none'` for pages; the configured list for the embeddable counter. */
  frameAncestors?: string;
  /** Headers the response varies by (e.g. `accept-language` at `/`). */
  vary?: string;
  headers?: Record<string, string>;
}

/** Sends a response, or 304 when the client's copy is current. */
export function send(req: IncomingMessage, res: ServerResponse, clock: Clock, response: WebResponse): void {
  const etag = response.etag ?? makeEtag(response.body);
  const frameAncestors = response.frameAncestors ?? "'none'";
  // Node would stamp Date from the machine's clock; the app's clock decides instead.
  res.sendDate = false;
  const headers: Record<string, string> = {
    date: clock().toUTCString(),
    etag,
    'cache-control': response.cacheControl,
    'content-security-policy': contentSecurityPolicy(frameAncestors),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
    ...(frameAncestors === "'none'" ? { 'x-frame-options': 'DENY' } : {}),
    ...(response.vary ? { vary: response.vary } : {}),
    ...response.headers,
  };
  const status = response.status ?? 200;
  // Only If-None-Match decides: fresh() would also honour the client's
  // Cache-Control: no-cache, which fetch() adds to every conditional request.
  if (status === 200 && fresh({ 'if-none-match': req.headers['if-none-match'] }, { etag })) {
    res.writeHead(304, headers).end();
    return;
  }
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  res.writeHead(status, { ...headers, 'content-type': response.contentType, 'content-length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** 405 for anything but GET and HEAD; true when the request may go on. */
export function allowRead(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
  return false;
}
