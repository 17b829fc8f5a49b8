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
  /**
   * The person's language when middleware reads it (the `readLocale` middleware), or its read
   * still under way; else the handler reads it.
   */
  locale?: Locale | Promise<Locale>;
  /** True once `deliver` has sent the replies. */
  readonly delivered: boolean;
  /** Sends `replies` through the event's `respond`, once; later calls do nothing, and so does nothing to say (a replay already answered). */
  deliver(): Promise<void>;
}

/**
 * Runs the rest of the pipeline. `'again'` runs it once more after its
 * earlier run settled and what that run did was undone (the journal, when an
 * event's transaction rolled back and is tried again); a plain second call is
 * a mistake and is refused.
 */
export type Next = (again?: 'again') => Promise<void>;

export type ChatMiddleware = (ctx: ChatContext, next: Next) => Promise<void>;

/**
 * Runs middleware in order around `last`; like koa-compose, a `next` called
 * twice is an error (unless called with `'again'`, see `Next`). `next` hands
 * back the next middleware's own promise rather than wrapping it in another
 * async function: every event passes every layer, and each wrapper cost
 * promises and microtask turns.
 */
export function compose(middleware: readonly ChatMiddleware[], last: (ctx: ChatContext) => Promise<void>): (ctx: ChatContext) => Promise<void> {
  return (ctx) => {
    let index = -1;
    const run = (i: number, again?: 'again'): Promise<void> => {
      if (i <= index && again !== 'again') return Promise.reject(new Error('next() called twice'));
      index = i;
      const current = middleware[i];
      try {
        return current ? current(ctx, (again) => run(i + 1, again)) : last(ctx);
      } catch (error) {
        // A middleware that throws before its first await still fails through the promise.
        return Promise.reject(error);
      }
    };
    return run(0);
  };
}

const DELIVERED: Promise<void> = Promise.resolve();

/** The context for one event. */
export function contextFor(event: ChatEvent): ChatContext {
  let delivered = false;
  const ctx: ChatContext = {
    event,
    replies: [],
    get delivered() {
      return delivered;
    },
    // Not async: every layer asks, and all but the first find it done; they get a settled promise, not a new one.
    deliver() {
      if (delivered) return DELIVERED;
      if (ctx.replies.length === 0) {
        delivered = true;
        return DELIVERED;
      }
      try {
        return event.respond(ctx.replies).then(() => void (delivered = true));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
  return ctx;
}
