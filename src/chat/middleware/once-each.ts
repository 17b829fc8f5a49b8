import { RecipientGoneError, type EventJournal } from '../../core/index.ts';
import type { ChatInput } from '../chat-event.ts';
import type { ChatMiddleware } from '../pipeline.ts';

/** Which inputs the journal may treat more cheaply. */
export interface OnceEachOptions {
  /** Inputs whose handler writes nothing (see `OnceOptions.readOnly`). */
  readsOnly?: (input: ChatInput) => boolean;
  /** Inputs whose handler affects storage only (see `OnceOptions.storageOnly`). */
  storageOnly?: (input: ChatInput) => boolean;
}

/**
 * Exactly one effect per platform event: the handler runs inside the
 * journal's transaction, so what it writes and its replies are recorded
 * together; the replies are then sent and the event marked delivered. A
 * redelivery (Telegram resends an update it got no 200 for) finds either
 * nothing, and is handled afresh, or the recorded replies, and sends them
 * again. While another instance holds the event, `EventBusyError` goes up to
 * the adapter, which asks the platform to try later. An input that
 * `readsOnly` says writes nothing (a count, a page of THE LIST) is answered
 * without a transaction and claimed together with its replies. An input that
 * `storageOnly` says affects nothing but storage (the signing dialogue) starts
 * before its claim is known (see `OnceOptions.storageOnly`). The event is
 * told it is being answered (`answering`) as soon as that is known: once
 * claimed; for one that only reads, once its replies are claimed.
 */
export function onceEach(journal: EventJournal, options: OnceEachOptions = {}): ChatMiddleware {
  const { readsOnly = () => false, storageOnly = () => false } = options;
  return async (ctx, next) => {
    const id = ctx.event.id;
    if (!id) {
      ctx.event.answering?.();
      return next();
    }
    // The language read started before (`readLocale`) is settled before the transaction opens: on a
    // database of one session (PGlite) it could not run while the transaction holds that session.
    if (ctx.locale) ctx.locale = await ctx.locale;
    const { input } = ctx.event;
    const readOnly = readsOnly(input);
    let runs = 0;
    const handle = async () => {
      // The journal runs the handler again when the first run was undone (see `EventJournal.once`).
      await (runs++ === 0 ? next() : next('again'));
      return ctx.replies;
    };
    const outcome = await journal.once(id, ctx.event.user.conversation, handle, {
      readOnly,
      storageOnly: !readOnly && storageOnly(input),
      onClaimed: () => ctx.event.answering?.(),
    });
    if (outcome.kind === 'done') {
      ctx.replies = [];
      return;
    }
    // A replay (the answering instance died) was not told above, nor was a read-only event.
    if (readOnly || outcome.kind === 'replay') ctx.event.answering?.();
    ctx.replies = outcome.result;
    try {
      await ctx.deliver();
    } catch (error) {
      // Nobody to answer any more: nothing left to do for this event.
      if (error instanceof RecipientGoneError) await journal.delivered(id);
      throw error;
    }
    await journal.delivered(id);
  };
}
