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
