/**
 * The chat pipeline: middleware `(ctx, next)` for what every surface needs
 * (event deduplication, per-conversation ordering, metrics, errors into
 * apologies, flood limits), composed once so each adapter, present or
 * future, gets it by construction (grammY's Composer and koa work alike).
 */
import type { Locale } from '../core/index.ts';
import type { ChatEvent } from './chat-event.ts';
import type { Reply } from './reply.ts';

export interface ChatContext {
  readonly event: ChatEvent;
  /** The answer; the handler sets it, middleware may replace it (an apology, a replay). */
  replies: Reply[];
  /** The person's language when middleware has read it already (the `readLocale` middleware); else the handler reads it. */
  locale?: Locale;
  /** True once `deliver` has sent the replies. */
  readonly delivered: boolean;
  /** Sends `replies` through the event's `respond`, once; later calls do nothing, and so does nothing to say (a replay already answered). */
  deliver(): Promise<void>;
}

export type ChatMiddleware = (ctx: ChatContext, next: () => Promise<void>) => Promise<void>;

/** Runs middleware in order around `last`; like koa-compose, a `next` called twice is an error. */
export function compose(middleware: readonly ChatMiddleware[], last: (ctx: ChatContext) => Promise<void>): (ctx: ChatContext) => Promise<void> {
  return (ctx) => {
    let index = -1;
    const run = async (i: number): Promise<void> => {
      if (i <= index) throw new Error('next() called twice');
      index = i;
      const current = middleware[i];
      if (!current) return last(ctx);
      await current(ctx, () => run(i + 1));
    };
    return run(0);
  };
}

/** The context for one event. */
export function contextFor(event: ChatEvent): ChatContext {
  let delivered = false;
  const ctx: ChatContext = {
    event,
    replies: [],
    get delivered() {
      return delivered;
    },
    async deliver() {
      if (delivered) return;
      if (ctx.replies.length > 0) await event.respond(ctx.replies);
      delivered = true;
    },
  };
  return ctx;
}
