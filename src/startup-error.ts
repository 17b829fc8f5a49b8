import { AdapterStartError } from './platform.ts';

/** Postgres error codes and network errors a newcomer meets at start, in words. */
const DATABASE_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'refused the connection (is the server running, and on that port?)',
  ENOTFOUND: 'has a host name that does not resolve',
  EAI_AGAIN: 'has a host name that could not be looked up',
  ETIMEDOUT: 'did not answer in time',
  EHOSTUNREACH: 'is not reachable from here',
  CONNECT_TIMEOUT: 'did not answer in time',
  '28000': 'refused the user (no such role, or not allowed to connect)',
  '28P01': 'refused the password',
  '3D000': 'has no such database',
  '42501': 'refused the user the rights it needs (to create tables)',
  '57P03': 'is starting up or shutting down',
};

/**
 * The one line `npm start` prints when it cannot start: it names the
 * platform or the variable to check and hides every secret (a database
 * password, a token).
 *
 * @example describeStartupError(err, 'postgres://bot:pw@db:5432/petition')
 * // 'the database at DATABASE_URL (postgres://bot:***@db:5432/petition) refused the password'
 */
export function describeStartupError(error: unknown, databaseUrl: string): string {
  if (error instanceof AdapterStartError) return error.message;
  const code = codeOf(error) ?? codeOf((error as { cause?: unknown } | null)?.cause);
  const problem = code ? DATABASE_PROBLEMS[code] : undefined;
  if (problem) return `the database at DATABASE_URL (${hideSecrets(databaseUrl)}) ${problem}`;
  const message = error instanceof Error ? error.message : String(error);
  return hideSecrets(message.split('\n')[0]!);
}

/** Passwords in URLs and bot tokens never reach the terminal or a log collector. */
export function hideSecrets(text: string): string {
  return text
    .replace(/\/\/([^:/@\s]+):[^@/\s]+@/g, '//$1:***@')
    .replace(/\b\d{5,}:[\w-]{20,}\b/g, '***')
    .replace(/\bxox[a-z]-[\w-]+/g, 'xox*-***');
}

function codeOf(value: unknown): string | undefined {
  const code = (value as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
