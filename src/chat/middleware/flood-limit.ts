import { DomainError, type EventJournal, type FloodLimiter, type SignerKeyer } from '../../core/index.ts';
import type { ChatMiddleware } from '../pipeline.ts';

/**
 * Commands per person, on every surface: past the limit, the first refusal
 * of a burst gets a polite localized message and the rest are dropped
 * quietly (answering each would double the flood). Keyed by the signer
 * key, never a platform id. Platform events that are not a person's input
 * (the bot being blocked) pass, and so do redeliveries of events the
 * journal has seen (a platform resending after a crash).
 */
export function floodLimit(
  limiter: FloodLimiter,
  keyOf: SignerKeyer,
  refusal: (ctx: Parameters<ChatMiddleware>[0], error: DomainError) => Promise<void>,
  journal?: Pick<EventJournal, 'seen'>,
): ChatMiddleware {
  return async (ctx, next) => {
    if (ctx.event.input.kind === 'gone') return next();
    const verdict = await limiter.allow(keyOf(ctx.event.user.signer));
    if (verdict === true) return next();
    // A redelivery of an event already handled (its replies may still be owed) is not new input:
    // refusing it would lose those replies. Asked only past the limit, so it costs nothing otherwise.
    if (ctx.event.id && journal && (await journal.seen(ctx.event.id))) return next();
    if (verdict.notify) await refusal(ctx, new DomainError('flood.too-fast', { seconds: Math.ceil(verdict.retryAfterMs / 1000) }));
    else ctx.replies = [];
  };
}
