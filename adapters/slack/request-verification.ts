import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import { HTTPModuleFunctions, isRawBodyError, verifySlackRequest } from '@slack/bolt';
import type { Clock, Logger } from '../../src/core/index.ts';
import type { RequestHandler } from '../../src/platform.ts';

/** Slack's rule: a request's timestamp is at most five minutes from now, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
/** Slash commands, interactions and events are small. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Verifies Slack's request signature before Bolt sees the request, with
 * Bolt's own `verifySlackRequest` but against the app's clock, and refuses a
 * timestamp too far in the future as well as in the past (Bolt checks only
 * the past, so a request signed "ten minutes from now" would be accepted and
 * could be replayed for fifteen). Bolt's receiver then runs with its own
 * check off, reading the body this buffered.
 */
export function verifiedRequests(options: { signingSecret: string; clock: Clock; logger: Logger; next: RequestHandler }): RequestHandler {
  return async (req, res) => {
    let body: string;
    try {
      const buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, BODY_LIMIT_BYTES);
      body = buffered.rawBody.toString('utf8');
    } catch (error) {
      return void res.writeHead(isRawBodyError(error) ? 413 : 400).end();
    }
    // Slack checks the certificate with `ssl_check=1`, unsigned; drop anything smuggled beside it (as Bolt does).
    if (req.headers['content-type'] === 'application/x-www-form-urlencoded' && parse(body).ssl_check === '1') {
      (req as IncomingMessage & { rawBody: Buffer }).rawBody = Buffer.from('ssl_check=1');
      return options.next(req, res);
    }
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    const nowSeconds = Math.floor(options.clock().getTime() / 1000);
    if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) return refuse(res, options.logger, 'timestamp out of range');
    try {
      verifySlackRequest({
        signingSecret: options.signingSecret,
        body,
        headers: { 'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''), 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: options.clock().getTime(),
      });
    } catch {
      return refuse(res, options.logger, 'bad signature');
    }
    return options.next(req, res);
  };
}

function refuse(res: ServerResponse, logger: Logger, why: string): void {
  logger.warn({ why }, 'slack request refused');
  res.writeHead(401).end();
}
