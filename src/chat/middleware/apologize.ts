import { EventBusyError, RecipientGoneError, type Locale, type Logger } from '../../core/index.ts';
import type { ChatEvent } from '../chat-event.ts';
import type { ChatMiddleware } from '../pipeline.ts';
import type { Reply } from '../reply.ts';

export interface ApologizeOptions {
  logger: Logger;
  /** The person's language; falls back to the platform's when storage is down. */
  localeOf(event: ChatEvent): Promise<Locale>;
  apology(locale: Locale): Reply;
  /** The one place that stops writing to someone who blocked the bot. */
  recipientGone(address: string, error: RecipientGoneError): Promise<unknown>;
}

/**
 * The one error seam of every chat surface: log what failed (its kind, never
 * a name or a text), answer the person with a localized apology, keep the
 * process alive. Refusals never get here: the chat layer answers those as
 * replies. Two things pass through: another instance holding the event (the
 * platform must retry), and an apology that could not be sent either (so
 * the platform redelivers and nothing is lost).
 */
export function apologize(options: ApologizeOptions): ChatMiddleware {
  return async (ctx, next) => {
    try {
      await next();
      await ctx.deliver();
    } catch (error) {
      if (error instanceof EventBusyError) throw error;
      if (error instanceof RecipientGoneError) {
        await options.recipientGone(error.address, error);
        // Nobody to answer: nothing is left to deliver.
        ctx.replies = [];
        return;
      }
      const { platform, eventName } = ctx.event.user.surface;
      options.logger.error({ error: kindOf(error), surface: platform, input: ctx.event.input.kind }, `${platform} ${eventName} failed`);
      const locale = await options.localeOf(ctx.event);
      ctx.replies = [options.apology(locale)];
      try {
        await ctx.deliver();
      } catch {
        throw error;
      }
    }
  };
}

/**
 * What may be logged about a failure: its kind, codes and where it happened,
 * never its message (a database error quotes the row it refused, a test or a
 * library may quote a name).
 */
function kindOf(error: unknown, depth = 0): Record<string, unknown> {
  if (error === null || typeof error !== 'object') return { type: typeof error };
  const e = error as { name?: unknown; code?: unknown; stack?: unknown; cause?: unknown };
  return {
    type: typeof e.name === 'string' ? e.name : 'Object',
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.stack === 'string' ? { at: e.stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 6).join('\n') } : {}),
    ...(e.cause !== undefined && depth < 3 ? { cause: kindOf(e.cause, depth + 1) } : {}),
  };
}
