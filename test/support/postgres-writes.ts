/**
 * Counts the socket writes this process makes to the Postgres server at
 * `url` while `run` runs: each is a round trip's worth of sending, so a test
 * can hold a code path to a number of them.
 */
import net from 'node:net';

export async function countPostgresWrites(url: string, run: () => Promise<unknown>): Promise<number> {
  const port = Number(new URL(url).port || 5432);
  const original = net.Socket.prototype.write;
  let count = 0;
  net.Socket.prototype.write = function (this: net.Socket, ...args: Parameters<net.Socket['write']>) {
    if (this.remotePort === port) count++;
    return original.apply(this, args);
  } as net.Socket['write'];
  try {
    await run();
  } finally {
    net.Socket.prototype.write = original;
  }
  return count;
}
