/** Messages out: platform-neutral replies and the port every platform's sender implements. */

/** A platform-neutral message: plain text (adapters escape it) and optional buttons. */
export interface OutgoingMessage {
  text: string;
  buttons?: Button[][];
}

export type Button = { label: string; action: string } | { label: string; url: string };

/**
 * Sends to addresses such as `telegram:123` or `discord:channel:456`.
 * Sized like Hubot's adapter: send, start, stop.
 *
 * @example await messenger.send('telegram:123', { text: 'Three days left' });
 */
export interface Messenger {
  /** The address prefix this messenger serves, e.g. `telegram`. */
  readonly prefix: string;
  /**
   * Sends one message; throws `RecipientGoneError` or `RateLimitedError` when the platform says so.
   *
   * @example await messenger.send('discord:channel:456', { text: 'One day left' })
   */
  send(address: string, message: OutgoingMessage): Promise<void>;
}

/** The recipient blocked the bot or the channel is gone: stop sending there. */
export class RecipientGoneError extends Error {
  constructor(
    readonly address: string,
    reason: string,
    /** A lost channel is news for staff; a person who blocked the bot is not. */
    readonly recipient: 'person' | 'channel' = 'person',
  ) {
    super(reason);
    this.name = 'RecipientGoneError';
  }
}

/** The platform asked us to slow down. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited for ${retryAfterMs} ms`);
    this.name = 'RateLimitedError';
  }
}

/** No messenger serves the address's prefix (e.g. `matrix:…` with no Matrix adapter configured). */
export class NoMessengerError extends Error {
  constructor(readonly prefix: string) {
    super(`no messenger serves "${prefix}:" addresses`);
    this.name = 'NoMessengerError';
  }
}
