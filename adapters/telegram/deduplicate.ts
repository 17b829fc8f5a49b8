import type { Context, MiddlewareFn } from 'grammy';
import type { ProcessedUpdates } from '../../src/core/ports.ts';

/**
 * Lets each `update_id` through once. Telegram redelivers a webhook update it
 * thinks failed, and several instances may share one webhook; ids are not
 * always increasing, so every id is claimed in storage rather than compared
 * with the last one. An update is claimed before it is handled: a replay is
 * never handled twice, at the cost that an update whose handling crashed is
 * not retried (the user sees the apology and can try again).
 */
export function deduplicate(seen: ProcessedUpdates): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (await seen.claim('telegram', String(ctx.update.update_id))) await next();
  };
}
