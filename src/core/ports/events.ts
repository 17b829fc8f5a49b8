/** Incoming platform events (Telegram updates, Discord interactions, Slack events), each with one effect. */

/** A platform event by its own id, e.g. `{ source: 'telegram', id: '731100042' }`. */
export interface EventRef {
  source: string;
  id: string;
}

/** What happened to an event before: handled now, or a redelivery of one already handled. */
export type EventOutcome<T> =
  /** First time: `handle` ran, and its effects and result were committed together. */
  | { kind: 'handled'; result: T }
  /** Handled before but its result may not have reached the person: here it is again. */
  | { kind: 'replay'; result: T }
  /** Handled and its result delivered: nothing more to do. */
  | { kind: 'done' };

/**
 * Another worker is handling or answering this event right now. The platform
 * should try again later (a webhook answers 503), so a crash of that worker
 * loses nothing.
 */
export class EventBusyError extends Error {
  constructor(readonly event: EventRef) {
    super(`event ${event.source}:${event.id} is being handled elsewhere`);
    this.name = 'EventBusyError';
  }
}

export interface OnceOptions {
  /**
   * The handler writes nothing (it reads and answers: a count, a page of THE
   * LIST). It then runs outside any transaction, and the claim and its result
   * are written together after it, in one statement: only one of several
   * deliveries gets to answer, as with a handler that writes.
   */
  readOnly?: boolean;
  /**
   * The handler's only effects are in storage (no platform call, no post
   * elsewhere): it may then start before the claim is known, its statements
   * sent right behind the claim's in the same transaction, one round trip
   * less. For an event claimed already (a redelivery) it runs to its end and
   * all it wrote is rolled back with the claim.
   */
  storageOnly?: boolean;
  /** A handler that writes: told once the event is claimed for it, before its result is recorded. */
  onClaimed?: () => void;
}

/**
 * Exactly one effect per platform event, across crashes and instances: an
 * event is claimed in the same transaction as everything its handler writes,
 * together with the handler's result (the replies), so the claim and the
 * effect commit or vanish together. A redelivery after a crash either finds
 * nothing (and handles the event afresh) or finds the recorded result (and
 * sends it again).
 *
 * @example
 * const outcome = await journal.once({ source: 'telegram', id: '42' }, 'telegram:7', () => handle());
 * if (outcome.kind !== 'done') await send(outcome.result);
 * await journal.delivered({ source: 'telegram', id: '42' });
 */
export interface EventJournal {
  /**
   * Runs `handle` once per event, inside one transaction with the claim (and,
   * across instances, one at a time per `conversation`). Throws
   * `EventBusyError` while another worker holds the event. `handle` may be
   * called a second time after its first run was undone (a write sent on a
   * guess of its outcome found the guess wrong): only the second run's
   * writes and replies count (what a run keeps in memory, such as the review
   * rules' signing rates, sees both).
   */
  once<T>(event: EventRef, conversation: string, handle: () => Promise<T>, options?: OnceOptions): Promise<EventOutcome<T>>;
  /**
   * The result reached the person: only the event id is kept (to drop later
   * replays); the recorded result, which may hold a name, is forgotten.
   */
  delivered(event: EventRef): Promise<void>;
  /**
   * Whether this event was handled before (a redelivery): its effect is
   * committed, so limits on a person's new input must not refuse it.
   *
   * @example if (await journal.seen({ source: 'telegram', id: '42' })) return next();
   */
  seen(event: EventRef): Promise<boolean>;
}
