import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import { EventBusyError, type Logger } from '../../src/core/index.ts';
import { describeError } from './telegram-errors.ts';

export interface LongPollingOptions {
  api: Api;
  handleUpdate(update: Update): Promise<void>;
  allowedUpdates: readonly string[];
  logger: Logger;
  /** Seconds Telegram holds a getUpdates call open when there is nothing new. */
  timeoutSeconds?: number;
  /** Failed tries of one update after which each further failure is logged as an error, not a warning. */
  warnAttempts?: number;
  /** The first wait before trying failed updates again; it doubles each time, up to 30 s. */
  backoffMs?: number;
  /** The wait while another worker holds an update (the lease of a process that died, see the event journal). */
  busyRetryMs?: number;
}

/**
 * Long polling that confirms an update to Telegram (by asking for the next
 * offset) only after it was handled, so a crash in the middle loses nothing:
 * the next start gets the same updates again, and the event journal drops
 * what was already done or sends the replies it recorded. A batch's updates
 * are handled side by side (the chat layer keeps each conversation in
 * order); the ones that failed are tried again, as long as it takes, before
 * the offset moves past them: an update held by a process that died
 * (`EventBusyError`) waits for its lease to run out, and any other failure
 * backs off. Written here because @grammyjs/runner fetches ahead and
 * confirms updates before they are handled, which loses them in a crash.
 */
export function startLongPolling(options: LongPollingOptions): { stop(): Promise<void> } {
  const { api, logger } = options;
  const warnAttempts = options.warnAttempts ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const busyRetryMs = options.busyRetryMs ?? 5_000;
  const stopping = new AbortController();
  let offset = 0;

  /** True once every update of the batch was handled; false when stopped first. */
  async function handleBatch(updates: Update[]): Promise<boolean> {
    let pending = updates;
    let failures = 0;
    while (pending.length > 0) {
      if (stopping.signal.aborted) return false;
      const results = await Promise.allSettled(pending.map((u) => options.handleUpdate(u)));
      const failed = pending.filter((_, i) => results[i]!.status === 'rejected');
      if (failed.length === 0) return true;
      const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      pending = failed;
      if (reasons.every((reason) => reason instanceof EventBusyError)) {
        // Not a failure: a worker that died holds these until its lease ends.
        await sleep(busyRetryMs, undefined, { signal: stopping.signal }).catch(() => {});
        continue;
      }
      failures += 1;
      const detail = { telegram: describeError(reasons.find((r) => !(r instanceof EventBusyError))), updates: failed.length, failures };
      if (failures >= warnAttempts) logger.error(detail, 'telegram updates keep failing; the poller holds them and tries again');
      else logger.warn(detail, 'telegram updates failed; trying again');
      await sleep(Math.min(30_000, backoffMs * 2 ** (failures - 1)), undefined, { signal: stopping.signal }).catch(() => {});
    }
    return true;
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
      // Only once all are handled: the next getUpdates with this offset tells Telegram these are done.
      if (!(await handleBatch(updates))) break;
      if (updates.length > 0) offset = Math.max(...updates.map((u) => u.update_id)) + 1;
    }
  })();

  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
