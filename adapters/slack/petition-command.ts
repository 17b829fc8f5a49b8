import type { App, types } from '@slack/bolt';
import { checkCountry, DomainError, type Locale, type Translate } from '../../src/core/index.ts';
import { actorOf, type ConsoleContext } from './console-context.ts';
import { announceFormView } from './announce-form.ts';
import { caseFormView } from './case-form.ts';
import { removalPrompt } from './case-removal.ts';
import { dashboardBlocks } from './dashboard-blocks.ts';
import { deliveryBlocks } from './delivery-blocks.ts';
import { exportToSlack } from './export-to-slack.ts';
import { fileIdIn, importListFile, importReportText } from './list-import.ts';
import { referralsReportText } from './referrals-report.ts';
import { auditBlocks } from './audit-blocks.ts';
import { packToSlack } from './pack-to-slack.ts';
import { embassyBlocks, paperCommand, recordDelivery, targetsCommand } from './delivery-day.ts';
import { confirmationMessage, parseReviewCommand, reviewQueueBlocks } from './review-console.ts';
import { isStaffLocale } from './staff-locale.ts';
import { clip, escapeMrkdwn, MODAL_TITLE_MAX, mrkdwnSections } from './slack-text.ts';

export const PETITION_COMMAND = '/petition';

/**
 * `/petition <subcommand>`: acknowledged at once, before storage or the
 * Slack API is asked anything (Slack allows 3 s); a command that opens a
 * modal opens a loading one straight away (its trigger id lives 3 s too)
 * and fills it with `views.update`. Access is checked next; everything else,
 * answers included, goes through the response URL.
 */
export function registerPetitionCommand(app: App, ctx: ConsoleContext): void {
  const { core } = ctx;
  const { t } = core;
  app.command(PETITION_COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const user = command.user_id;
    const [sub = 'help', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
    const name = sub.toLowerCase();
    const argument = rest.join(' ');
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const caseNumber = () => (/^\d{1,7}$/.test(argument) ? Number(argument) : null);
    const early = ctx.locales.lastKnown(user);

    // Opened before anything slow, in the language last seen for this person.
    const opening = MODAL_COMMANDS.has(name) && (name !== 'edit' || caseNumber() !== null)
      ? client.views.open({ trigger_id: command.trigger_id, view: loadingView(t, early) }).then(
          (opened) => opened.view?.id ?? null,
          (error: unknown) => {
            ctx.logger.error({ err: error }, 'slack views.open failed');
            return null;
          },
        )
      : null;

    await ctx.afterAck(name, early, tell, async () => {
      const locale = await ctx.locales.get(user);
      const viewId = opening ? await opening : null;
      /** Fills the loading modal; with a notice instead of a form when there is nothing to fill it with. */
      const show = (view: types.ModalView) => (viewId ? client.views.update({ view_id: viewId, view }).then(() => undefined) : Promise.resolve());
      const verdict = await ctx.access.check(command.team_id, user);
      if (verdict !== 'ok') {
        const text = t(locale, `slack.refused.${verdict}`);
        await Promise.all([tell(text), opening ? show(noticeView(t, locale, text)) : null]);
        return;
      }
      // The modal could not open (an expired trigger, Slack down): say so rather than nothing.
      if (opening && !viewId) return void (await tell(t(locale, 'slack.error')));
      try {
        await run(locale, viewId, show);
      } catch (error) {
        // The modal says it too, so nobody waits on "Loading…".
        if (opening) await show(noticeView(t, locale, error instanceof DomainError ? t(locale, `errors:${error.code}`, error.params) : t(locale, 'slack.error'))).catch(() => {});
        throw error;
      }
    });

    async function run(locale: Locale, viewId: string | null, show: (view: types.ModalView) => Promise<void>): Promise<void> {
      switch (name) {
        case 'help':
          return void (await tell(t(locale, 'slack.help')));

        case 'language': {
          const chosen = argument.toLowerCase();
          if (!isStaffLocale(chosen)) return void (await tell(t(locale, 'slack.language.usage')));
          await ctx.locales.set(user, chosen);
          return void (await tell(t(chosen, 'slack.language.set')));
        }

        case 'stats': {
          const blocks = [...(await dashboardBlocks(core, ctx.render, locale, ctx.clock())), ...(await embassyBlocks(core, locale))];
          return void (await respond({ response_type: 'ephemeral', text: t(locale, 'slack.stats.title'), blocks }));
        }

        case 'deliveries': {
          const blocks = await deliveryBlocks(core, locale, ctx.clock());
          if (!blocks) return void (await tell(t(locale, 'slack.deliveries.unavailable')));
          return void (await respond({ response_type: 'ephemeral', text: t(locale, 'slack.deliveries.title'), blocks }));
        }

        case 'export':
          await tell(t(locale, 'slack.export.started'));
          try {
            await exportToSlack(core, client, { channelId: command.channel_id, locale, actor: actorOf(user) });
          } catch (error) {
            const reason = (error as { data?: { error?: string } }).data?.error ?? 'error';
            ctx.logger.error({ err: error }, 'slack export failed');
            await tell(t(locale, 'slack.export.failed', { reason }));
          }
          return;

        case 'add':
          if (!viewId) return;
          return show(caseFormView(t, locale, null, { mode: 'add', responseUrl: command.response_url }));

        case 'edit': {
          const number = caseNumber();
          if (number === null) return void (await tell(t(locale, 'slack.case.usage-edit')));
          if (!viewId) return;
          const existing = await core.list.get(number);
          return show(caseFormView(t, locale, existing, { mode: 'edit', number, responseUrl: command.response_url }));
        }

        case 'remove': {
          const number = caseNumber();
          if (number === null) return void (await tell(t(locale, 'slack.case.usage-edit')));
          return void (await respond({ response_type: 'ephemeral', ...removalPrompt(t, locale, await core.list.get(number)) }));
        }

        case 'import': {
          const fileId = fileIdIn(argument);
          if (!fileId) return void (await tell(t(locale, 'slack.import.usage')));
          await tell(t(locale, 'slack.import.started'));
          const result = await importListFile(core, client, { fileId, botToken: ctx.botToken, apiUrl: ctx.apiUrl, actor: actorOf(user) });
          return void (await tell(importReportText(core, locale, result)));
        }

        case 'announce':
          if (!viewId) return;
          return show(announceFormView(t, locale, command.response_url));

        case 'referrals':
          return void (await tell(await referralsReportText(core, ctx.render, locale)));

        case 'review': {
          if (!argument) return void (await respond({ response_type: 'ephemeral', ...(await reviewQueueBlocks(core, ctx.render, locale)) }));
          let request: ReturnType<typeof parseReviewCommand>;
          try {
            request = parseReviewCommand(core, argument);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            return void (await tell(t(locale, `errors:${error.code}`, error.params)));
          }
          if (!request) return void (await tell(t(locale, 'slack.review.usage')));
          return void (await respond({ response_type: 'ephemeral', replace_original: false, ...(await confirmationMessage(core, locale, request)) }));
        }

        case 'redact': {
          if (!argument) return void (await tell(t(locale, 'slack.redact.usage')));
          const outcome = await core.review.redactReference(argument, actorOf(user));
          if (outcome.status === 'redacted') return void (await tell(t(locale, 'review:redact.done', { id: outcome.id, initials: escapeMrkdwn(outcome.initials) })));
          return void (await tell(t(locale, outcome.status === 'not-found' ? 'slack.redact.not-found' : 'slack.redact.nothing', { reference: escapeMrkdwn(argument.slice(0, 40)) })));
        }

        case 'audit':
          return void (await respond({ response_type: 'ephemeral', ...(await auditBlocks(core, locale)) }));

        case 'pack': {
          const scope = argument.trim();
          if (rest.length > 1) return void (await tell(t(locale, 'slack.pack.usage')));
          const buildPack = ctx.buildPack;
          if (!buildPack) return void (await tell(t(locale, 'slack.pack.unavailable')));
          let country: string | null = null;
          try {
            country = !scope || scope.toLowerCase() === 'all' ? null : checkCountry(scope);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            return void (await tell(t(locale, `errors:${error.code}`, error.params)));
          }
          await tell(t(locale, 'slack.pack.started'));
          return packToSlack(ctx, buildPack, client, { channelId: command.channel_id, locale, country, userId: user, actor: actorOf(user), tell });
        }

        case 'delivered':
        case 'paper':
        case 'targets': {
          if (name === 'delivered' && !argument) return void (await tell(t(locale, `slack.${name}.usage`)));
          const answer = await (name === 'delivered' ? recordDelivery : name === 'paper' ? paperCommand : targetsCommand)(core, locale, argument, actorOf(user));
          return void (await tell(answer ?? t(locale, `slack.${name}.usage`)));
        }

        default:
          return void (await tell(t(locale, 'slack.unknown', { command: sub.slice(0, 30) })));
      }
    }
  });
}

/** Subcommands that open a modal, and so must use the trigger id within its 3 s. */
const MODAL_COMMANDS: ReadonlySet<string> = new Set(['add', 'edit', 'announce']);

/** The modal opened at once, before anything slow. */
export function loadingView(t: Translate, locale: Locale): types.ModalView {
  return noticeView(t, locale, t(locale, 'slack.modal.loading'));
}

/** A modal that only says something (a refusal, an error), with a close button. */
function noticeView(t: Translate, locale: Locale, text: string): types.ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: clip(t(locale, 'slack.modal.title'), MODAL_TITLE_MAX) },
    close: { type: 'plain_text', text: t(locale, 'slack.modal.close') },
    blocks: mrkdwnSections(text),
  };
}
