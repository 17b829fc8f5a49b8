/** Slack mrkdwn treats & < > as control characters; everything we did not write is escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack plain_text fields have hard length limits; cut politely instead of failing the call. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Posts a message to a Slack `response_url` (slash command or interaction). */
export async function postToResponseUrl(url: string, message: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
}

/**
 * Splits command text into arguments, keeping "quoted parts" (straight or
 * Slack's curly quotes) together.
 *
 * @example splitArguments('KR 120 --event “Vigil, Seoul”') // ['KR', '120', '--event', 'Vigil, Seoul']
 */
export function splitArguments(text: string): string[] {
  const args: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|“([^”]*)”|(\S+)/g)) args.push(match[1] ?? match[2] ?? match[3] ?? '');
  return args;
}
