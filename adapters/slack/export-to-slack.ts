import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { App } from '@slack/bolt';
import type { CampaignCore } from '../../src/core/index.ts';
import type { Locale } from '../../src/core/index.ts';
import type { Clock } from '../../src/core/index.ts';
import { formatNumber } from '../../src/chat/index.ts';
import { uploadFiles } from './file-upload.ts';

/**
 * Writes the delivery CSV to a temporary file as it streams out of the
 * database (the upload needs the length up front), then shares it and the
 * per-country summary in the conversation. The temporary file is always removed.
 *
 * @example const { rows } = await exportToSlack(core, client, { channelId: 'C1', locale: 'en', actor: 'slack:U1' })
 */
export async function exportToSlack(
  core: CampaignCore,
  client: App['client'],
  options: { channelId: string; locale: Locale; actor: string },
): Promise<{ rows: number }> {
  const { locale } = options;
  const dir = await mkdtemp(join(tmpdir(), 'petition-export-'));
  try {
    const file = await core.exports.signatures(locale, options.actor);
    const csvPath = join(dir, 'signatures.csv');
    await pipeline(file.csv, createWriteStream(csvPath));
    const totals = await file.done;
    const nations = Object.keys(totals.byCountry).length;
    await uploadFiles(client, {
      channelId: options.channelId,
      comment: core.t(locale, 'slack.export.done', {
        count: totals.rows,
        total: formatNumber(locale, totals.rows),
        nations: core.t(locale, 'count.nations', { count: nations, n: formatNumber(locale, nations) }),
      }),
      files: [
        { path: csvPath, filename: core.exports.fileName('signatures'), title: core.t(locale, 'export.column.signatures') },
        { content: core.exports.summaryCsv(locale, totals.byCountry), filename: core.exports.fileName('countries'), title: core.t(locale, 'export.column.country') },
      ],
    });
    return { rows: totals.rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
