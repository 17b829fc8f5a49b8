import { createServer, type AddressInfo } from 'node:net';

/** A port nobody listens on right now, for a child process's PORT (the config does not accept 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
