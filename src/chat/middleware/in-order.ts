import type { ChatMiddleware } from '../pipeline.ts';

/**
 * One event at a time per conversation, in arrival order, replies included:
 * the signing questions depend on the previous answer being stored and
 * answered first. Different conversations run side by side. Written here
 * rather than taken from grammY's `sequentialize` because it must work for
 * every surface and cover sending the replies. Across instances the event
 * journal adds a per-conversation lock.
 */
export function inOrder(): ChatMiddleware {
  const tails = new Map<string, Promise<void>>();
  return async (ctx, next) => {
    const key = ctx.event.user.conversation;
    const previous = tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // Most events find their conversation idle: they go at once, without waiting a turn.
    const tail = previous ? previous.then(() => mine) : mine;
    tails.set(key, tail);
    if (previous) await previous;
    try {
      await next();
      await ctx.deliver();
    } finally {
      release();
      // The last in line cleans up, so idle conversations hold no memory.
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
