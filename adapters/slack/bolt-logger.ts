import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';

/**
 * Bolt and its Web API client log through ours. Debug output (which carries
 * request bodies and so personal data) is dropped; other lines are passed as
 * short text only.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const line = (parts: unknown[]) =>
    parts
      .map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : ''))
      .join(' ')
      .slice(0, 300);
  return {
    debug: () => {},
    info: (...parts) => logger.info({ component: 'slack' }, line(parts)),
    warn: (...parts) => logger.warn({ component: 'slack' }, line(parts)),
    error: (...parts) => logger.error({ component: 'slack' }, line(parts)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
