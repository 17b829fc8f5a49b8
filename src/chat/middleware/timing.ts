import type { ChatMiddleware } from '../pipeline.ts';

/**
 * Reports how long each event took, replies included, by surface (for
 * /metrics), whether it succeeded or failed.
 *
 * @example chat.use(timing((surface, seconds) => histogram.observe({ surface }, seconds)))
 */
export function timing(observe: (surface: string, seconds: number) => void, now: () => number = () => performance.now()): ChatMiddleware {
  return async (ctx, next) => {
    const began = now();
    try {
      await next();
      await ctx.deliver();
    } finally {
      observe(ctx.event.user.surface.platform, (now() - began) / 1000);
    }
  };
}
