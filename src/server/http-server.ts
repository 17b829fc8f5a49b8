import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Route } from '../platform.ts';

export type { RequestHandler, Route } from '../platform.ts';

/**
 * The route for a path: an exact one first, else the longest prefix, so
 * registration order does not matter (the public page's "/" catches only
 * what nothing more specific serves).
 */
export function routeFor(routes: readonly Route[], path: string): Route | undefined {
  let best: Route | undefined;
  for (const route of routes) {
    if (route.path === path) return route;
    if (route.path.endsWith('/') && path.startsWith(route.path) && (!best || route.path.length > best.path.length)) best = route;
  }
  return best;
}

/**
 * One HTTP server for everything that arrives over HTTP (the Telegram
 * webhook, Slack's events, health checks), so a deployment opens one port.
 */
export function createHttpServer(
  routes: Route[],
  onError: (error: unknown) => void,
  observe?: (route: string, status: number, seconds: number) => void,
): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routeFor(routes, path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (observe) {
      const started = performance.now();
      res.once('finish', () => observe(route.path, res.statusCode, (performance.now() - started) / 1000));
    }
    Promise.resolve(route.handler(req, res)).catch((error) => {
      onError(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('error\n');
    });
  });
}

export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve((server.address() as AddressInfo).port));
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
