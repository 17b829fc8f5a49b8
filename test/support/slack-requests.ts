import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: HMAC-SHA256 over `v0:${timestamp}:${rawBody}` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/**
 * POSTs a form body to the receiver as Slack would, signed unless told
 * otherwise. Returns status and body text.
 */
export async function postSigned(
  url: string,
  form: Record<string, string>,
  options: { secret: string; timestamp?: number; signature?: string },
): Promise<{ status: number; text: string }> {
  const rawBody = new URLSearchParams(form).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
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
export async function postSignedJson(url: string, payload: unknown, secret: string): Promise<{ status: number; text: string }> {
  const rawBody = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(secret, timestamp, rawBody) },
    body: rawBody,
  });
  return { status: response.status, text: await response.text() };
}
