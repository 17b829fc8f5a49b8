import pino, { type Logger } from 'pino';
import { safeError } from './safe-error.ts';

export type { Logger };

/**
 * Logs go to stderr as JSON. Paths that could carry personal data or secrets
 * are censored as a second line of defence; the first is never logging them.
 */
export function createLogger(
  level: string,
  onError?: (level: 'error' | 'fatal') => void,
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level,
      base: undefined,
      // Every `err` goes through one filter, whichever component logs it.
      serializers: { err: (err: unknown) => safeError(err) },
      hooks: {
        // Counts error lines for /metrics without another logging path.
        logMethod(args, method, levelValue) {
          if (onError && levelValue >= 50) onError(levelValue >= 60 ? 'fatal' : 'error');
          return method.apply(this, args);
        },
      },
      redact: {
        paths: ['name', 'displayName', 'userId', 'chatId', 'address', 'token', '*.name', '*.displayName', '*.userId', '*.token', '*.address'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** A log destination that holds its lines until start-up is over; see `heldUntilStarted`. */
export interface StartupLog extends pino.DestinationStream {
  /** Start-up succeeded: write the held lines, then every line as it comes. */
  release(): void;
  /** Start-up failed: drop the held lines and any later ones, so the one "Cannot start" line stands alone. */
  discard(): void;
}

/**
 * Holds the log lines written while `npm start` starts (the core is ready,
 * the server listens) until it is known whether it started: a failed start
 * then prints exactly one line, naming the platform or variable to fix,
 * instead of JSON lines a newcomer must read past. `LOG_LEVEL=debug` keeps
 * everything, for whoever is looking into a failure.
 *
 * @example const log = heldUntilStarted(pino.destination(2)); ...; started ? log.release() : log.discard()
 */
export function heldUntilStarted(target: pino.DestinationStream): StartupLog {
  let state: 'holding' | 'open' | 'closed' = 'holding';
  const held: string[] = [];
  return {
    write(line: string) {
      if (state === 'holding') held.push(line);
      else if (state === 'open') target.write(line);
    },
    release() {
      if (state !== 'holding') return;
      state = 'open';
      for (const line of held.splice(0)) target.write(line);
    },
    discard() {
      state = 'closed';
      held.length = 0;
    },
  };
}
