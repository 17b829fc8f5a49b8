import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Api } from 'grammy';

/**
 * How long a waiting user or a reminder may be held back by a 429. Past this,
 * the error surfaces (apology to the user, RateLimitedError to the scheduler).
 */
const RETRY = {
  maxRetryAttempts: 3,
  maxDelaySeconds: 30,
  // auto-retry would otherwise retry network failures forever (outside
  // maxRetryAttempts): a start-up against an unreachable API would hang, and
  // reminders have their own retries in the delivery queue.
  rethrowHttpErrors: true,
} as const;

/** Installs 429 handling (`retry_after` is honoured) on the bot's own API, used for replies. */
export function installReplyRetry(api: Api): void {
  api.config.use(autoRetry(RETRY));
}

/**
 * A separate Api for proactive messages (reminders, announcements): throttled
 * to Telegram's limits (about 30 messages/s overall, 1/s per private chat,
 * 20/min per group) and retried on 429. Replies to users do not go through the
 * throttler, so a reminder run never slows down a conversation.
 */
export function createBroadcastApi(token: string, apiRoot: string): Api {
  const api = new Api(token, { apiRoot });
  api.config.use(apiThrottler());
  api.config.use(autoRetry(RETRY));
  return api;
}
