/**
 * What may be logged about an error. Messages can carry personal data:
 * drizzle puts a failed query's parameters (a signer's name, a chat id) in
 * its message after "params:", and the first line of a stack repeats the
 * message. Keep the kind, codes, the message up to its parameters, the stack
 * frames, and the same for the cause.
 *
 * @example safeError(new Error('Failed query: insert …\nparams: Kim,KR')) // { type: 'Error', message: 'Failed query: insert …' }
 */
export function safeError(value: unknown, depth = 0): Record<string, unknown> {
  if (value === null || typeof value !== 'object') return { type: typeof value };
  const e = value as { name?: unknown; message?: unknown; code?: unknown; status?: unknown; stack?: unknown; cause?: unknown };
  const out: Record<string, unknown> = { type: typeof e.name === 'string' ? e.name : 'Object' };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  if (typeof e.status === 'number') out.status = e.status;
  if (typeof e.message === 'string') out.message = withoutParams(e.message);
  if (typeof e.stack === 'string') out.stack = e.stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 12).join('\n');
  if (e.cause !== undefined && depth < 3) out.cause = safeError(e.cause, depth + 1);
  return out;
}

function withoutParams(message: string): string {
  const cut = message.search(/\n?\s*params:/i);
  return (cut >= 0 ? message.slice(0, cut) : message).slice(0, 500);
}
