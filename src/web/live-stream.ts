/**
 * `GET /api/live?lang=…`: server-sent events with the figures for live
 * screens and open pages. Every connection listens to the one shared feed,
 * so a thousand screens cost the database what one does; each update is
 * serialised once per language, not once per connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Locale } from '../core/index.ts';
import type { Clock } from '../core/index.ts';
import { dated } from './respond.ts';
import type { StatsFeed, StatsSnapshot } from './stats-feed.ts';

/** Comments keep idle connections open through proxies that close silent ones. */
const HEARTBEAT_MS = 25_000;
/** How long a browser waits before reconnecting after a drop. */
const RETRY_MS = 3000;

export interface LiveStream {
  handle(req: IncomingMessage, res: ServerResponse, locale: Locale): void;
  /** Open connections. */
  clients(): number;
  /** Ends every connection (at shutdown, so the server can close). */
  close(): void;
}

export function createLiveStream(options: {
  feed: StatsFeed;
  clock: Clock;
  /** The event's JSON for a language and snapshot. */
  payload: (locale: Locale, snapshot: StatsSnapshot) => string;
  maxClients?: number;
  onError?: (error: unknown) => void;
}): LiveStream {
  const maxClients = options.maxClients ?? 5000;
  const open = new Set<ServerResponse>();
  const encoded = new Map<Locale, { version: string; event: string }>();
  let heartbeat: NodeJS.Timeout | null = null;

  const eventFor = (locale: Locale, snapshot: StatsSnapshot): string => {
    const cached = encoded.get(locale);
    if (cached?.version === snapshot.version) return cached.event;
    const event = `event: figures\ndata: ${options.payload(locale, snapshot)}\n\n`;
    encoded.set(locale, { version: snapshot.version, event });
    return event;
  };

  return {
    handle(req, res, locale) {
      if (open.size >= maxClients) {
        res.writeHead(503, { ...dated(res, options.clock), 'retry-after': '30', 'content-type': 'text/plain; charset=utf-8' }).end('too many live connections\n');
        return;
      }
      res.writeHead(200, {
        ...dated(res, options.clock),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // Proxies such as nginx would otherwise hold the events back.
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${RETRY_MS}\n\n`);
      open.add(res);
      let last: string | null = null;
      const send = (snapshot: StatsSnapshot) => {
        if (snapshot.version === last || res.writableEnded) return;
        last = snapshot.version;
        res.write(eventFor(locale, snapshot));
      };
      const unsubscribe = options.feed.subscribe(send);
      options.feed.current().then(send, (error: unknown) => options.onError?.(error));
      heartbeat ??= setInterval(() => {
        for (const client of open) client.write(': keep-alive\n\n');
      }, HEARTBEAT_MS).unref();
      const done = () => {
        unsubscribe();
        open.delete(res);
        if (open.size === 0 && heartbeat) {
          clearInterval(heartbeat);
          heartbeat = null;
        }
      };
      req.once('close', done);
      res.once('close', done);
    },
    clients: () => open.size,
    close() {
      for (const res of open) res.end();
      open.clear();
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
    },
  };
}
