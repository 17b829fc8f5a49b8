import { GrammyError, HttpError } from 'grammy';

/**
 * Telegram says the chat cannot be written to any more: the user blocked the
 * bot, deleted their account, or the bot was removed from the group.
 */
export function isRecipientGone(error: unknown): error is GrammyError {
  if (!(error instanceof GrammyError)) return false;
  if (error.error_code === 403) return true;
  return error.error_code === 400 && /chat not found|user is deactivated/i.test(error.description);
}

/** Milliseconds Telegram asked us to wait, when the error is a rate limit. */
export function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof GrammyError) || error.error_code !== 429) return null;
  return (error.parameters.retry_after ?? 1) * 1000;
}

/**
 * What may be logged about an error: its kind, codes and the Bot API method,
 * never the payload (chat ids, names) or a database error's message (drizzle
 * puts query parameters there).
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError) {
    return { kind: 'telegram-refused', method: error.method, code: error.error_code, description: error.description };
  }
  if (error instanceof HttpError) return { kind: 'telegram-unreachable', cause: nameOf(error.error) };
  const cause = error instanceof Error ? error.cause : undefined;
  return {
    kind: nameOf(error),
    ...(codeOf(error) ? { code: codeOf(error) } : {}),
    ...(cause ? { cause: nameOf(cause), causeCode: codeOf(cause) } : {}),
  };
}

function nameOf(value: unknown): string {
  return value instanceof Error ? value.name : typeof value;
}

function codeOf(value: unknown): string | undefined {
  const code = (value as { code?: unknown } | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}
