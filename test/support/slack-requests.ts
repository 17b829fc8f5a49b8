import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: HMAC-SHA256 over `v0:${timestamp}:${rawBody}` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** Slack stamps a request with its own clock; in tests that is the app's (fixed) clock. */
const secondsOf = (now: () => Date) => Math.floor(now().getTime() / 1000);

/**
 * POSTs a form body to the receiver as Slack would, signed unless told
 * otherwise, stamped with `now` (the app's clock) unless a timestamp is
 * given. Returns status and body text.
 */
export async function postSigned(
  url: string,
  form: Record<string, string>,
  options: { secret: string; now: () => Date; timestamp?: number; signature?: string },
): Promise<{ status: number; text: string }> {
  const rawBody = new URLSearchParams(form).toString();
  const timestamp = options.timestamp ?? secondsOf(options.now);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(options.secret, timestamp, rawBody),
    },
    body: rawBody,
  });
  return { status: response.status, text: await response.text() };
}

/** Same, for a JSON body (Events API). */
export async function postSignedJson(url: string, payload: unknown, secret: string, now: () => Date): Promise<{ status: number; text: string }> {
  const rawBody = JSON.stringify(payload);
  const timestamp = secondsOf(now);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(secret, timestamp, rawBody) },
    body: rawBody,
  });
  return { status: response.status, text: await response.text() };
}
