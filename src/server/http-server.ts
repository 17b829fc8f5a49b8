import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Route } from '../platform.ts';

export type { RequestHandler, Route } from '../platform.ts';

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
    const route = routes.find((r) => (r.path.endsWith('/') ? path.startsWith(r.path) : path === r.path));
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
