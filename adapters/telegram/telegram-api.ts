import { autoRetry } from '@grammyjs/auto-retry';
import { Api } from 'grammy';

/**
 * How long a waiting user may be held back by a 429. Past this, the error
 * surfaces and the user gets an apology.
 */
const RETRY = {
  maxRetryAttempts: 3,
  maxDelaySeconds: 30,
  // auto-retry would otherwise retry network failures forever (outside
  // maxRetryAttempts): a start-up against an unreachable API would hang.
  rethrowHttpErrors: true,
} as const;

/** Installs 429 handling (`retry_after` is honoured) on the bot's own API, used for replies. */
export function installReplyRetry(api: Api): void {
  api.config.use(autoRetry(RETRY));
}

/**
 * A separate Api for proactive messages (reminders, announcements), with no
 * throttler and no retry of its own: the delivery worker paces sends with the
 * rate limiter shared by every instance, and a 429 must reach it at once (as
 * `RateLimitedError`) so it pauses the platform for all of them and puts the
 * delivery back in the queue. A per-process throttler would cap each instance
 * at 30/s on top of the shared limit, and auto-retry would hide the 429.
 * Replies to users use the bot's own Api, so a reminder run never slows down
 * a conversation.
 */
export function createBroadcastApi(token: string, apiRoot: string): Api {
  return new Api(token, { apiRoot });
}
