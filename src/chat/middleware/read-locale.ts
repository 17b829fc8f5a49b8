import type { Locale } from '../../core/index.ts';
import type { ChatUser } from '../chat-event.ts';
import type { ChatMiddleware } from '../pipeline.ts';

/**
 * Reads the person's language before the event's unit of work opens (put it
 * before `onceEach`): there the preference store reads the languages of all
 * events of one turn of the event loop with one statement, where inside each
 * event's transaction every event pays a statement of its own. The handler
 * uses `ctx.locale`. A bot leaving a chat has no one to answer.
 */
export function readLocale(localeOf: (user: ChatUser) => Promise<Locale>): ChatMiddleware {
  return async (ctx, next) => {
    if (ctx.event.input.kind !== 'gone') ctx.locale = await localeOf(ctx.event.user);
    return next();
  };
}
