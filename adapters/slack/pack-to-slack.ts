import type { App } from '@slack/bolt';
import { formatDateTime, formatNumber } from '../../src/chat/index.ts';
import { DomainError, type Locale } from '../../src/core/index.ts';
import type { ConsoleContext, PackBuilder } from './console-context.ts';
import { uploadFiles } from './file-upload.ts';

/** Progress lines per pack: a few, however many countries (chat.postMessage allows about one a second). */
const PROGRESS_STEPS = 4;

/**
 * `/petition pack [CC|all]` after the ack: a message in the channel opens a
 * thread, progress goes into it, then the pack is uploaded to the channel as
 * one ZIP with its summary, and the upload is audited. Slack's refusals
 * (e.g. not_in_channel) are told to the staff member; nothing is left on disk.
 */
export async function packToSlack(
  ctx: ConsoleContext,
  buildPack: PackBuilder,
  client: App['client'],
  options: { channelId: string; locale: Locale; country: string | null; userId: string; actor: string; tell: (text: string) => Promise<unknown> },
): Promise<void> {
  const { core } = ctx;
  const { t } = core;
  const { locale, channelId } = options;
  const n = (value: number) => formatNumber(locale, value);
  try {
    const scope = options.country ?? t(locale, 'slack.pack.all');
    const head = await client.chat.postMessage({ channel: channelId, text: t(locale, 'slack.pack.thread', { scope, user: `<@${options.userId}>` }) });
    const thread = head.ts;
    let posted: Promise<unknown> = Promise.resolve();
    const say = (text: string) => {
      // In order, one at a time; a lost progress line does not stop the pack.
      posted = posted.then(() => client.chat.postMessage({ channel: channelId, thread_ts: thread, text })).catch(() => {});
    };
    const pack = await buildPack({
      country: options.country,
      actor: options.actor,
      onFile: (file, done, of) => {
        if (done === of || done % Math.max(1, Math.ceil(of / PROGRESS_STEPS)) === 0) say(t(locale, 'slack.pack.progress', { file, done, of }));
      },
    });
    try {
      say(t(locale, 'slack.pack.uploading'));
      await posted;
      const nations = t(locale, 'count.nations', { count: pack.nations, n: n(pack.nations) });
      const summary = t(locale, 'slack.pack.done', {
        kind: t(locale, `slack.pack.kind.${pack.final ? 'final' : 'interim'}`),
        time: formatDateTime(locale, pack.frozenAt, core.campaign.timeZone),
        online: n(pack.online),
        paper: n(pack.paper),
        nations,
        root: pack.merkleRoot,
      });
      await uploadFiles(client, { channelId, comment: summary, files: [{ path: pack.zipPath, filename: pack.fileName, title: pack.fileName }] });
      await core.audit.record({
        actor: options.actor,
        action: 'pack.upload',
        detail: { country: options.country ?? 'all', final: pack.final, online: pack.online, paper: pack.paper, root: pack.merkleRoot },
        at: ctx.clock(),
      });
      if (thread) await client.chat.postMessage({ channel: channelId, thread_ts: thread, text: summary }).catch(() => {});
    } finally {
      await pack.cleanup();
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const reason = (error as { data?: { error?: string } }).data?.error ?? 'error';
    ctx.logger.error({ err: error }, 'slack pack failed');
    await options.tell(t(locale, 'slack.pack.failed', { reason }));
  }
}
