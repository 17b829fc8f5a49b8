import type { IncomingMessage, ServerResponse } from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { Logger } from '../../src/logger.ts';
import { describeError } from './telegram-errors.ts';

/** A node:http request handler for Telegram's webhook calls. */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Answers Telegram's webhook POSTs. grammY's `webhookCallback` checks the
 * `X-Telegram-Bot-Api-Secret-Token` header (401 when it is wrong, before the
 * body is read) and runs the update through the bot; replays are dropped by
 * the bot's deduplicating middleware, so any instance may receive any update.
 * Mount it on the path of TELEGRAM_WEBHOOK_URL.
 */
export function createWebhookHandler(bot: Bot, secretToken: string, logger: Logger): WebhookHandler {
  // Telegram waits about 60 s before it retries; answer before that even if a handler hangs.
  const handle = webhookCallback(bot, 'http', { secretToken, onTimeout: 'return', timeoutMilliseconds: 50_000 });
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    try {
      await handle(req, res);
    } catch (error) {
      // Handler errors stop at the bot's error boundary; what gets here is a body
      // that is not JSON (400, Telegram will not resend it) or a failure outside
      // the boundary (500, so Telegram tries again; a replay is harmless).
      const badBody = error instanceof SyntaxError;
      logger.warn({ telegram: describeError(error) }, 'telegram webhook request failed');
      if (!res.headersSent) res.writeHead(badBody ? 400 : 500).end();
    }
  };
}
