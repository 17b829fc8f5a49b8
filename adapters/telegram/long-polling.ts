import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../src/core/index.ts';
import { describeError } from './telegram-errors.ts';

export interface LongPollingOptions {
  api: Api;
  handleUpdate(update: Update): Promise<void>;
  allowedUpdates: readonly string[];
  logger: Logger;
  /** Seconds Telegram holds a getUpdates call open when there is nothing new. */
  timeoutSeconds?: number;
  /** Tries of one update before it is given up (logged), so one poison update cannot stop the bot. */
  maxAttempts?: number;
}

/**
 * Long polling that confirms an update to Telegram (by asking for the next
 * offset) only after it was handled, so a crash in the middle loses nothing:
 * the next start gets the same updates again, and the event journal drops
 * what was already done. A batch's updates are handled side by side (the
 * chat layer keeps each conversation in order). Written here because
 * @grammyjs/runner fetches ahead and confirms updates before they are
 * handled, which loses them in a crash.
 */
export function startLongPolling(options: LongPollingOptions): { stop(): Promise<void> } {
  const { api, logger } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const stopping = new AbortController();
  let offset = 0;

  async function handleBatch(updates: Update[]): Promise<void> {
    let pending = updates;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const results = await Promise.allSettled(pending.map((u) => options.handleUpdate(u)));
      const failed = pending.filter((_, i) => results[i]!.status === 'rejected');
      if (failed.length === 0 || stopping.signal.aborted) return;
      if (attempt >= maxAttempts) {
        logger.error({ updates: failed.length, attempts: attempt }, 'telegram updates given up after repeated failures');
        return;
      }
      logger.warn({ telegram: describeError((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason), updates: failed.length }, 'telegram updates failed; trying again');
      await sleep(Math.min(30_000, 500 * 2 ** attempt), undefined, { signal: stopping.signal }).catch(() => {});
      pending = failed;
    }
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      let updates: Update[];
      try {
        updates = await api.getUpdates(
          { offset, timeout: options.timeoutSeconds ?? 30, allowed_updates: [...options.allowedUpdates] as never },
          // grammY types its signal with the abort-controller polyfill; Node's is the same at run time.
          stopping.signal as never,
        );
        failures = 0;
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures += 1;
        logger.warn({ telegram: describeError(error), failures }, 'telegram getUpdates failed');
        await sleep(Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5)), undefined, { signal: stopping.signal }).catch(() => {});
        continue;
      }
      await handleBatch(updates);
      // Only now: the next getUpdates with this offset tells Telegram these are done.
      if (updates.length > 0) offset = updates.at(-1)!.update_id + 1;
    }
  })();

  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
