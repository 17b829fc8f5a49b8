import type { ChatMiddleware } from '../pipeline.ts';
import type { Reply } from '../reply.ts';
import type { ChatEvent, ChatInput, ChatUser } from '../chat-event.ts';

/** What this middleware needs of the chat bot. */
export interface InstantAnswers {
  instant(user: ChatUser, input: ChatInput): Promise<Reply[] | null>;
  visibilityOf(input: ChatInput): 'personal' | 'shared' | 'in-place';
}

/**
 * For surfaces that must acknowledge within a deadline (Discord: 3 s): an
 * answer that needs no storage (a form to open, a fixed prompt) is given at
 * once; anything else is acknowledged first, with the visibility its answer
 * will have, before the event journal or the handler touch storage. An
 * event acknowledged elsewhere already (a duplicate delivery) ends here.
 * Must come before `inOrder` (a second event of a conversation waits there
 * for the first, which may take longer than the deadline) and `onceEach`.
 */
export function answerInTime(answers: InstantAnswers): ChatMiddleware {
  return async (ctx, next) => {
    const { acknowledge } = ctx.event as ChatEvent;
    if (!acknowledge) return next();
    // An instant answer that fails (a platform lookup) is left to the handler, behind the error seam.
    const instant = await answers.instant(ctx.event.user, ctx.event.input).catch(() => null);
    if (instant) {
      ctx.replies = instant;
      return;
    }
    if (!(await acknowledge(answers.visibilityOf(ctx.event.input)))) {
      ctx.replies = [];
      return;
    }
    await next();
  };
}
