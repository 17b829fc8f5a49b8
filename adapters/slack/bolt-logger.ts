import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/core/index.ts';

/**
 * Bolt and its Web API client log through ours. Debug output (which carries
 * request bodies and so personal data) is dropped; other lines are passed as
 * short text only, and none while `quiet()` (a start-up whose failure is
 * reported in one line of its own).
 */
export function boltLogger(logger: Logger, quiet: () => boolean = () => false): BoltLogger {
  const line = (parts: unknown[]) =>
    parts
      .map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : ''))
      .join(' ')
      .slice(0, 300);
  return {
    debug: () => {},
    info: (...parts) => void (quiet() || logger.info({ component: 'slack' }, line(parts))),
    warn: (...parts) => void (quiet() || logger.warn({ component: 'slack' }, line(parts))),
    error: (...parts) => void (quiet() || logger.error({ component: 'slack' }, line(parts))),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
