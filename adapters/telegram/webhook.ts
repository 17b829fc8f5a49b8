import { timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import { EventBusyError, type Logger } from '../../src/core/index.ts';
import type { RequestHandler } from '../../src/platform.ts';
import { describeError } from './telegram-errors.ts';

/** Telegram's updates are a few KB; a megabyte is plenty, and the cap is enforced while reading. */
export const MAX_UPDATE_BYTES = 1024 * 1024;

/** How long Telegram should wait before resending an update another instance is busy with. */
const BUSY_RETRY_SECONDS = 5;

/**
 * Answers Telegram's webhook POSTs, only once the update is handled: its
 * effects and replies are committed and the replies sent. Anything else
 * (a crash, a database that is down, an update another instance holds) gets
 * no 200, so Telegram sends the update again and nothing is lost; the event
 * journal makes the repeat harmless.
 *
 * Written here rather than with grammY's `webhookCallback`, which reads any
 * body size, answers 500 to a `null` body and can answer 200 on a timeout
 * while the update is still being handled.
 *
 * - 405 for methods other than POST; 401 without the secret token (nothing read);
 * - 413 for a body over `MAX_UPDATE_BYTES`, stopped while reading;
 * - 400 for malformed JSON or JSON that is not an update (Telegram does not resend those);
 * - 503 with Retry-After while another instance holds the update; 500 when handling failed.
 */
export function createWebhookHandler(options: { secretToken: string; handleUpdate(update: Update): Promise<void>; logger: Logger }): RequestHandler {
  const expected = Buffer.from(options.secretToken);
  return async (req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
    const given = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return void res.writeHead(401, { connection: 'close' }).end();
    }
    const body = await readCapped(req, MAX_UPDATE_BYTES);
    if (body === null) {
      // Stop reading; the connection closes once the answer is out.
      res.writeHead(413, { connection: 'close' }).end(() => req.destroy());
      return;
    }
    const update = parseUpdate(body);
    if (!update) return void res.writeHead(400).end();
    try {
      await options.handleUpdate(update);
      res.writeHead(200).end();
    } catch (error) {
      if (error instanceof EventBusyError) return void res.writeHead(503, { 'retry-after': String(BUSY_RETRY_SECONDS) }).end();
      options.logger.warn({ telegram: describeError(error) }, 'telegram update not handled; Telegram will send it again');
      if (!res.headersSent) res.writeHead(500).end();
    }
  };
}

/** The body, or null as soon as it grows past `max` bytes. */
async function readCapped(req: AsyncIterable<Buffer>, max: number): Promise<Buffer | null> {
  const declared = Number((req as unknown as { headers: Record<string, string | undefined> }).headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** An update is a JSON object with a numeric update_id; anything else is not one. */
function parseUpdate(body: Buffer): Update | null {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const id = (value as { update_id?: unknown }).update_id;
  return Number.isSafeInteger(id) ? (value as Update) : null;
}
