import type { Locale } from '../../core/index.ts';
import type { ChatUser } from '../chat-event.ts';
import type { ChatMiddleware } from '../pipeline.ts';

/**
 * Starts reading the person's language before the event's unit of work
 * opens, and before the middleware after it (put it before `floodLimit` and
 * `onceEach`): there the preference store reads the languages of all events
 * of one turn of the event loop with one statement, where inside each
 * event's transaction every event pays a statement of its own; and the read
 * overlaps the flood limit's count instead of waiting for it, one round trip
 * less on every event. `onceEach` settles `ctx.locale` before the event's
 * transaction opens; the handler uses it. A bot leaving a chat has no one to
 * answer.
 */
export function readLocale(localeOf: (user: ChatUser) => Promise<Locale>): ChatMiddleware {
  return (ctx, next) => {
    if (ctx.event.input.kind !== 'gone') {
      const reading = localeOf(ctx.event.user);
      // An event refused before its handler (a flood) never awaits the read: its failure is not unhandled.
      reading.catch(() => {});
      ctx.locale = reading;
    }
    return next();
  };
}
