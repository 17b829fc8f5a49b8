import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { safeError } from '../src/safe-error.ts';

class QueryError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'DrizzleQueryError';
  }
}

describe('errors in logs', () => {
  const failed = new QueryError(
    'Failed query: insert into "signatures" ("display_name") values ($1)\nparams: Made Up Person,KR,123456789',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  );

  it('keep the kind, codes, the query without its parameters, the frames, and the cause', () => {
    const safe = safeError(failed);
    expect(safe).toMatchObject({
      type: 'DrizzleQueryError',
      message: 'Failed query: insert into "signatures" ("display_name") values ($1)',
      cause: { type: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' },
    });
    expect(JSON.stringify(safe)).not.toContain('Made Up Person');
    expect(JSON.stringify(safe)).not.toContain('123456789');
    expect(String(safe.stack)).toMatch(/^\s+at /);
  });

  it('go through the same filter in the app logger, whoever logs them', () => {
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk), done()) });
    const errors: string[] = [];
    const logger = createLogger('info', (level) => errors.push(level), sink);
    logger.error({ err: failed }, 'sign failed');
    logger.error({ err: { name: 'SlackError', message: 'Failed query: x\nparams: Made Up Person' } }, 'plain object');
    expect(out).not.toContain('Made Up Person');
    expect(out).toContain('DrizzleQueryError');
    expect(errors).toEqual(['error', 'error']);
  });
});
