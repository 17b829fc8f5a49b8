import type { App } from '@slack/bolt';
import type { CampaignCore } from '../../src/core/index.ts';
import type { Locale } from '../../src/core/index.ts';
import type { Clock } from '../../src/core/index.ts';

/** Import files are small tables; anything bigger is a mistake. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export type ImportResult =
  | { status: 'imported'; accepted: number; rejected: Array<{ row: number; reason: string }> }
  | { status: 'bad-file' }
  | { status: 'not-found' };

/** The file id in a Slack file link (…/files/U…/F0123ABCD/name.csv) or given bare. */
export function fileIdIn(argument: string): string | null {
  return /\b(F[A-Z0-9]{8,})\b/.exec(argument)?.[1] ?? null;
}

/**
 * Imports THE LIST from a file already uploaded to Slack: files.info gives its
 * name, size and private download URL; the bytes are fetched with the bot
 * token (sent only to Slack's own hosts) and go through the core's import.
 */
export async function importListFile(
  core: CampaignCore,
  client: App['client'],
  options: { fileId: string; botToken: string; apiUrl: string; actor: string },
): Promise<ImportResult> {
  let info;
  try {
    info = await client.files.info({ file: options.fileId });
  } catch {
    return { status: 'not-found' };
  }
  const file = info.file;
  const format = /\.csv$/i.test(file?.name ?? '') ? 'csv' : /\.json$/i.test(file?.name ?? '') ? 'json' : null;
  const url = file?.url_private_download ?? file?.url_private;
  if (!file || !format || !url || (file.size ?? 0) > MAX_IMPORT_BYTES) return { status: 'bad-file' };
  if (!isSlackHost(url, options.apiUrl)) return { status: 'not-found' };

  const response = await fetch(url, { headers: { authorization: `Bearer ${options.botToken}` } });
  if (!response.ok) return { status: 'not-found' };
  const content = await response.text();
  if (Buffer.byteLength(content) > MAX_IMPORT_BYTES) return { status: 'bad-file' };
  // The core records the import in the audit log.
  const report = await core.list.importFile(content, format, options.actor);
  return { status: 'imported', accepted: report.accepted.length, rejected: report.rejected };
}

/** The bot token may go only to Slack (or to the configured API host, e.g. a test server). */
function isSlackHost(url: string, apiUrl: string): boolean {
  const host = new URL(url).host;
  return host === 'slack.com' || host.endsWith('.slack.com') || host === new URL(apiUrl).host;
}

/** The report as a short message: counts and the first few rejected rows. */
export function importReportText(core: CampaignCore, locale: Locale, result: ImportResult): string {
  if (result.status === 'bad-file') return core.t(locale, 'slack.import.bad-file', { max: '2 MB' });
  if (result.status === 'not-found') return core.t(locale, 'slack.import.not-found');
  const lines = [core.t(locale, 'slack.import.done', { accepted: result.accepted, rejected: result.rejected.length })];
  for (const r of result.rejected.slice(0, 10)) lines.push(core.t(locale, 'slack.import.rejected-row', { row: r.row, reason: r.reason }));
  return lines.join('\n');
}
