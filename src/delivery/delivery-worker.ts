import { setTimeout as sleep } from 'node:timers/promises';
import {
  RateLimitedError,
  RecipientGoneError,
  type ClaimedDelivery,
  type DeliveryStore,
  type Messenger,
  type OutgoingMessage,
  type SendRateLimiter,
} from '../core/index.ts';

/** What a worker logs: counts and ids, never addresses or texts. */
export interface WorkerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DeliveryWorkerOptions {
  store: DeliveryStore;
  limiter: SendRateLimiter;
  messengers: Messenger[];
  render(delivery: ClaimedDelivery): OutgoingMessage;
  /** Called when a recipient blocked the bot or the channel is gone. */
  unsubscribe(address: string, gone: RecipientGoneError): Promise<unknown>;
  logger: WorkerLogger;
  /** Deliveries claimed at a time per platform; small, so a crash leaves little in doubt. */
  batchSize?: number;
  /** How long a claim is ours; a worker that dies loses its claims after this. */
  leaseMs?: number;
  /** Pause when nothing is due. */
  idleMs?: number;
  /** Attempts before a delivery is recorded as failed. */
  maxAttempts?: number;
  /** Wait before the next attempt. */
  backoffMs?(attempt: number): number;
  clock: () => Date;
}

export interface DeliveryWorker {
  start(): void;
  /** Stops taking work, finishes the send in flight, puts the rest of its claims back. */
  stop(): Promise<void>;
  /** Resolves when nothing was due on any platform in the last pass (tests, benchmarks). */
  idle(): Promise<void>;
}

const defaultBackoff = (attempt: number) => Math.min(15 * 60_000, 5_000 * 4 ** (attempt - 1));

/**
 * Drains the delivery queue: one loop per platform this instance can send
 * on, each claiming a few due deliveries at a time, pacing by the shared rate
 * limiter, and marking every one sent, retried, failed or unsubscribed.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { store, limiter, logger, clock } = options;
  const batchSize = options.batchSize ?? 10;
  const leaseMs = options.leaseMs ?? 60_000;
  const idleMs = options.idleMs ?? 1_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoffMs ?? defaultBackoff;
  const stopping = new AbortController();
  const loops: Promise<void>[] = [];
  const idleWaiters = new Set<() => void>();
  const idlePlatforms = new Set<string>();

  const markIdle = (platform: string, isIdle: boolean) => {
    if (isIdle) idlePlatforms.add(platform);
    else idlePlatforms.delete(platform);
    if (idlePlatforms.size === options.messengers.length) for (const wake of idleWaiters) wake();
  };

  async function deliver(messenger: Messenger, delivery: ClaimedDelivery): Promise<void> {
    const at = () => clock();
    try {
      await messenger.send(delivery.address, options.render(delivery));
      await store.markSent(delivery.id);
    } catch (error) {
      if (error instanceof RecipientGoneError) {
        await options.unsubscribe(delivery.address, error);
        await store.markUnsubscribed(delivery.id);
      } else if (error instanceof RateLimitedError) {
        await limiter.pause(messenger.prefix, error.retryAfterMs);
        await store.retry(delivery.id, new Date(at().getTime() + error.retryAfterMs), 'rate limited', false);
      } else {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (delivery.attempts >= maxAttempts) {
          await store.markFailed(delivery.id, reason);
          logger.warn({ broadcast: delivery.broadcastId, platform: messenger.prefix, attempts: delivery.attempts }, 'delivery failed for good');
        } else {
          await store.retry(delivery.id, new Date(at().getTime() + backoff(delivery.attempts)), reason, true);
        }
      }
    }
  }

  async function loop(messenger: Messenger): Promise<void> {
    const platform = messenger.prefix;
    while (!stopping.signal.aborted) {
      let batch: ClaimedDelivery[];
      try {
        batch = await store.claim(platform, batchSize, leaseMs);
      } catch (error) {
        logger.error({ err: error, platform }, 'claiming deliveries failed');
        await sleep(idleMs * 5, undefined, { signal: stopping.signal }).catch(() => {});
        continue;
      }
      markIdle(platform, batch.length === 0);
      if (batch.length === 0) {
        await sleep(idleMs, undefined, { signal: stopping.signal }).catch(() => {});
        continue;
      }
      // Elapsed time of this claim: monotonic, not the app clock (which tests may hold still).
      const claimedAt = performance.now();
      // Stopping, or so slow the lease may have run out: the rest go back unsent.
      const mustRelease = () => stopping.signal.aborted || performance.now() - claimedAt > leaseMs / 2;
      const release = (rest: ClaimedDelivery[]) =>
        Promise.all(rest.map((d) => store.retry(d.id, clock(), 'released', false))).catch((error: unknown) =>
          logger.error({ err: error, platform }, 'releasing deliveries failed'),
        );
      const chats = new Set<string>();
      for (const [index, delivery] of batch.entries()) {
        if (mustRelease()) {
          await release(batch.slice(index));
          break;
        }
        // At most one message per chat per batch: two broadcasts to one chat wait a second.
        if (chats.has(delivery.address)) {
          await store.retry(delivery.id, new Date(clock().getTime() + 1_000), 'paced', false).catch(() => {});
          continue;
        }
        chats.add(delivery.address);
        try {
          const wait = await limiter.acquire(platform);
          // A 429 pause can outlast the lease: a send must never start after
          // another worker may have taken the delivery over (it would go
          // twice), so the batch goes back first and is claimed again after.
          const pastLease = performance.now() + wait - claimedAt > leaseMs / 2;
          if (pastLease) await release(batch.slice(index));
          if (wait > 0) await sleep(wait, undefined, { signal: stopping.signal }).catch(() => {});
          if (pastLease) break;
          if (stopping.signal.aborted) {
            await release(batch.slice(index));
            break;
          }
          await deliver(messenger, delivery);
        } catch (error) {
          // The database failed while marking: the lease runs out and the delivery comes back in doubt.
          logger.error({ err: error, platform, broadcast: delivery.broadcastId }, 'delivery bookkeeping failed');
        }
      }
    }
  }

  async function maintain(): Promise<void> {
    while (!stopping.signal.aborted) {
      try {
        const recovered = await store.recoverExpiredLeases();
        if (recovered > 0) logger.warn({ recovered }, 'deliveries whose worker died were queued again (in doubt)');
      } catch (error) {
        logger.error({ err: error }, 'recovering leases failed');
      }
      await sleep(Math.min(leaseMs, 10_000), undefined, { signal: stopping.signal }).catch(() => {});
    }
  }

  return {
    start() {
      if (loops.length > 0) return;
      loops.push(maintain(), ...options.messengers.map((m) => loop(m)));
    },
    async stop() {
      stopping.abort();
      await Promise.all(loops);
      for (const wake of idleWaiters) wake();
    },
    idle() {
      return new Promise<void>((resolve) => {
        if (idlePlatforms.size === options.messengers.length) return resolve();
        const wake = () => {
          idleWaiters.delete(wake);
          resolve();
        };
        idleWaiters.add(wake);
      });
    },
  };
}
