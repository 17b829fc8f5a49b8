import type { App } from '@slack/bolt';
import { actorOf, type ConsoleContext } from './console-context.ts';
import { announceFormView } from './announce-form.ts';
import { caseFormView } from './case-form.ts';
import { removalPrompt } from './case-removal.ts';
import { dashboardBlocks } from './dashboard-blocks.ts';
import { deliveryBlocks } from './delivery-blocks.ts';
import { exportToSlack } from './export-to-slack.ts';
import { fileIdIn, importListFile, importReportText } from './list-import.ts';
import { referralsReportText } from './referrals-report.ts';
import { isStaffLocale } from './staff-locale.ts';

export const PETITION_COMMAND = '/petition';

/**
 * `/petition <subcommand>`: checks access first, acks at once (with the
 * answer when it is instant) and does the rest after the ack.
 */
export function registerPetitionCommand(app: App, ctx: ConsoleContext): void {
  const { core } = ctx;
  const { t } = core;
  app.command(PETITION_COMMAND, async ({ command, ack, respond, client }) => {
    const user = command.user_id;
    const locale = await ctx.locales.get(user);
    const verdict = await ctx.access.check(command.team_id, user);
    if (verdict !== 'ok') {
      await ack({ response_type: 'ephemeral', text: t(locale, `slack.refused.${verdict}`) });
      return;
    }
    const [sub = 'help', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
    const argument = rest.join(' ');
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const caseNumber = () => (/^\d{1,7}$/.test(argument) ? Number(argument) : null);

    switch (sub.toLowerCase()) {
      case 'help':
        return void (await ack({ response_type: 'ephemeral', text: t(locale, 'slack.help') }));

      case 'language': {
        const chosen = argument.toLowerCase();
        if (!isStaffLocale(chosen)) return void (await ack({ response_type: 'ephemeral', text: t(locale, 'slack.language.usage') }));
        await ctx.locales.set(user, chosen);
        return void (await ack({ response_type: 'ephemeral', text: t(chosen, 'slack.language.set') }));
      }

      case 'stats':
        await ack();
        return ctx.afterAck('stats', locale, tell, async () => {
          const blocks = await dashboardBlocks(core, ctx.render, locale, ctx.clock());
          await respond({ response_type: 'ephemeral', text: t(locale, 'slack.stats.title'), blocks });
        });

      case 'deliveries':
        await ack();
        return ctx.afterAck('deliveries', locale, tell, async () => {
          const blocks = await deliveryBlocks(core, locale, ctx.clock());
          if (!blocks) return void (await tell(t(locale, 'slack.deliveries.unavailable')));
          await respond({ response_type: 'ephemeral', text: t(locale, 'slack.deliveries.title'), blocks });
        });

      case 'export':
        await ack({ response_type: 'ephemeral', text: t(locale, 'slack.export.started') });
        return ctx.afterAck('export', locale, tell, async () => {
          try {
            await exportToSlack(core, client, { channelId: command.channel_id, locale, actor: actorOf(user) });
          } catch (error) {
            const reason = (error as { data?: { error?: string } }).data?.error ?? 'error';
            ctx.logger.error({ err: error }, 'slack export failed');
            await tell(t(locale, 'slack.export.failed', { reason }));
          }
        });

      case 'add':
        await ack();
        return ctx.afterAck('add', locale, tell, async () => {
          await client.views.open({ trigger_id: command.trigger_id, view: caseFormView(t, locale, null, { mode: 'add', responseUrl: command.response_url }) });
        });

      case 'edit': {
        const number = caseNumber();
        if (number === null) return void (await ack({ response_type: 'ephemeral', text: t(locale, 'slack.case.usage-edit') }));
        await ack();
        return ctx.afterAck('edit', locale, tell, async () => {
          const existing = await core.list.get(number);
          await client.views.open({ trigger_id: command.trigger_id, view: caseFormView(t, locale, existing, { mode: 'edit', number, responseUrl: command.response_url }) });
        });
      }

      case 'remove': {
        const number = caseNumber();
        if (number === null) return void (await ack({ response_type: 'ephemeral', text: t(locale, 'slack.case.usage-edit') }));
        await ack();
        return ctx.afterAck('remove', locale, tell, async () => {
          await respond({ response_type: 'ephemeral', ...removalPrompt(t, locale, await core.list.get(number)) });
        });
      }

      case 'import': {
        const fileId = fileIdIn(argument);
        if (!fileId) return void (await ack({ response_type: 'ephemeral', text: t(locale, 'slack.import.usage') }));
        await ack({ response_type: 'ephemeral', text: t(locale, 'slack.import.started') });
        return ctx.afterAck('import', locale, tell, async () => {
          const result = await importListFile(core, client, { fileId, botToken: ctx.botToken, apiUrl: ctx.apiUrl, actor: actorOf(user) });
          await tell(importReportText(core, locale, result));
        });
      }

      case 'referrals':
        await ack();
        return ctx.afterAck('referrals', locale, tell, async () => void (await tell(await referralsReportText(core, ctx.render, locale))));

      case 'announce':
        await ack();
        return ctx.afterAck('announce', locale, tell, async () => {
          await client.views.open({ trigger_id: command.trigger_id, view: announceFormView(t, locale, command.response_url) });
        });

      default:
        await ack({ response_type: 'ephemeral', text: t(locale, 'slack.unknown', { command: sub.slice(0, 30) }) });
    }
  });
}
