/**
 * Counts what this process sends to the Postgres server at `url` while `run`
 * runs, so a test can hold a code path to a number of them.
 */
import net from 'node:net';

/**
 * Socket writes: each is a round trip's worth of sending, unless it follows
 * another with no answer between (see `countPostgresRoundTrips`).
 */
export async function countPostgresWrites(url: string, run: () => Promise<unknown>): Promise<number> {
  return (await countPostgresTraffic(url, run)).writes;
}

/**
 * Round trips: writes sent after an answer came since the last one. postgres.js
 * writes a pipeline in pieces of about 1 KB (a long reply text, then COMMIT),
 * and each piece is a write, but only the first waits for anything. So that a
 * later piece is never taken for a round trip when a quick answer happens to
 * come before it, answers reach the client `ANSWER_DELAY_MS` late, as over a
 * network: a write made after one really waited for it.
 */
export async function countPostgresRoundTrips(url: string, run: () => Promise<unknown>): Promise<number> {
  return (await countPostgresTraffic(url, run, ANSWER_DELAY_MS)).roundTrips;
}

const ANSWER_DELAY_MS = 30;

async function countPostgresTraffic(url: string, run: () => Promise<unknown>, answerDelayMs = 0): Promise<{ writes: number; roundTrips: number }> {
  const port = Number(new URL(url).port || 5432);
  const { write, emit } = net.Socket.prototype;
  let writes = 0;
  let roundTrips = 0;
  let answered = true;
  net.Socket.prototype.write = function (this: net.Socket, ...args: Parameters<net.Socket['write']>) {
    if (this.remotePort === port) {
      writes++;
      if (answered) roundTrips++;
      answered = false;
    }
    return write.apply(this, args);
  } as net.Socket['write'];
  net.Socket.prototype.emit = function (this: net.Socket, event: string | symbol, ...args: unknown[]) {
    const emitNow = () => emit.apply(this, [event, ...args] as unknown as Parameters<net.Socket['emit']>);
    if (event !== 'data' || this.remotePort !== port) return emitNow();
    if (answerDelayMs === 0) {
      answered = true;
      return emitNow();
    }
    // Timers of one delay fire in the order set: the answers keep their order.
    setTimeout(() => {
      answered = true;
      emitNow();
    }, answerDelayMs);
    return true;
  } as net.Socket['emit'];
  try {
    await run();
  } finally {
    net.Socket.prototype.write = write;
    net.Socket.prototype.emit = emit;
  }
  return { writes, roundTrips };
}
