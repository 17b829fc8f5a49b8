import type { Route } from '../../src/platform.ts';
import { close, createHttpServer } from '../../src/server/http-server.ts';

/**
 * Serves an adapter's routes on 127.0.0.1 as the shared server does, on a free port.
 *
 * @example const served = await serveRoutes(slack.routes ?? []); fetch(`${served.url}/slack/events`)
 */
export async function serveRoutes(routes: Route[], onError: (error: unknown) => void = () => {}): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer(routes, onError);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await close(server);
    },
  };
}
