import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { DomainError } from '../../src/core/index.ts';
import type { Locale } from '../../src/core/index.ts';
import { ANNOUNCE_DISCARD, ANNOUNCE_FORM, ANNOUNCE_SEND, announcePreview, draftKey, type AnnouncementDraft } from './announce-form.ts';
import { CASE_FORM, caseFormRow, type CaseFormMetadata } from './case-form.ts';
import { CASE_KEEP, CASE_REMOVE } from './case-removal.ts';
import { actorOf, type ConsoleContext } from './console-context.ts';
import { postToResponseUrl } from './slack-text.ts';

/** A composed announcement waits this long for its confirming click. */
const DRAFT_TTL_SECONDS = 3_600;
/** How long a modal submission waits for storage before acknowledging anyway (Slack allows 3 s). */
const ACK_BUDGET_MS = 1_500;

/** The promise's value if it settles within `ms`, else null (it keeps running). */
async function within<T>(ms: number, promise: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Modal submissions and button clicks of the staff console. */
export function registerInteractions(app: App, ctx: ConsoleContext): void {
  const { core } = ctx;
  const { t } = core;
  const tellAt = (url: string | undefined) => (text: string) =>
    url ? postToResponseUrl(url, { response_type: 'ephemeral', replace_original: false, text }) : Promise.resolve();

  app.view(CASE_FORM, async ({ ack, body, view }) => {
    const user = body.user.id;
    // Slack waits 3 s for this answer: nothing here waits on storage unless it answers in time.
    const locale = ctx.locales.lastKnown(user);
    const metadata = parseMetadata<CaseFormMetadata>(view.private_metadata);
    if (!metadata) return void (await ack());
    const checked = core.list.checkRow(caseFormRow(view.state.values, metadata));
    if (!checked.ok) {
      const field = checked.field in view.state.values ? checked.field : 'summary_en';
      return void (await ack({ response_action: 'errors', errors: { [field]: t(locale, 'slack.case.invalid', { reason: checked.reason }) } }));
    }
    const number = checked.case.number;
    const tell = tellAt(metadata.responseUrl);
    const verdicts = Promise.all([
      ctx.access.check(body.team?.id ?? body.user.team_id, user),
      metadata.mode === 'add' ? core.list.exists(number) : Promise.resolve(false),
    ]);
    verdicts.catch(() => {});
    const early = await within(ACK_BUDGET_MS, verdicts);
    // A taken number is shown on the form itself when storage answers in time; otherwise in a message.
    if (early && early[0] === 'ok' && early[1]) {
      return void (await ack({ response_action: 'errors', errors: { number: t(locale, 'slack.case.number-taken', { number }) } }));
    }
    await ack();
    await ctx.afterAck('case save', locale, tell, async () => {
      const [verdict, taken] = await verdicts;
      if (verdict !== 'ok') return void (await tell(t(locale, `slack.refused.${verdict}`)));
      if (taken) return void (await tell(t(locale, 'slack.case.number-taken', { number })));
      await core.list.save(checked.case, actorOf(user), metadata.mode);
      await tell(t(locale, 'slack.case.saved', { number }));
    });
  });

  app.action(CASE_REMOVE, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const locale = await ctx.locales.get(user);
    if (!(await allowed(body.team?.id ?? body.user.team_id, user, locale, respond))) return;
    const number = Number((action as { value?: string }).value);
    await ctx.afterAck('case remove', locale, (text) => respond({ replace_original: true, text }), async () => {
      const removed = await core.list.remove(number, actorOf(user));
      await respond({ replace_original: true, text: t(locale, removed ? 'slack.case.removed' : 'slack.case.already-gone', { number }) });
    });
  });

  app.action(CASE_KEEP, async ({ ack, body, respond }) => {
    await ack();
    const locale = await ctx.locales.get(body.user.id);
    await respond({ replace_original: true, text: t(locale, 'slack.case.kept') });
  });

  app.view(ANNOUNCE_FORM, async ({ ack, body, view }) => {
    const user = body.user.id;
    const locale = ctx.locales.lastKnown(user);
    const raw = Object.fromEntries(Object.entries(view.state.values).map(([language, input]) => [language, input.value?.value ?? '']));
    let texts;
    try {
      texts = core.announcements.check(raw);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = String(error.params.language ?? 'en');
      return void (await ack({ response_action: 'errors', errors: { [field]: t(locale, `errors:${error.code}`, { ...error.params, language: t(locale, `language.name.${field}`) }) } }));
    }
    await ack();
    const { responseUrl } = parseMetadata<{ responseUrl?: string }>(view.private_metadata) ?? {};
    const tell = tellAt(responseUrl);
    await ctx.afterAck('announce preview', locale, tell, async () => {
      const verdict = await ctx.access.check(body.team?.id ?? body.user.team_id, user);
      if (verdict !== 'ok') return void (await tell(t(locale, `slack.refused.${verdict}`)));
      const id = randomUUID();
      await core.dialogues.set<AnnouncementDraft>(draftKey(id), { texts, composedBy: user }, DRAFT_TTL_SECONDS);
      if (responseUrl) await postToResponseUrl(responseUrl, { response_type: 'ephemeral', replace_original: false, ...announcePreview(t, locale, id, texts) });
    });
  });

  app.action(ANNOUNCE_SEND, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const locale = await ctx.locales.get(user);
    if (!(await allowed(body.team?.id ?? body.user.team_id, user, locale, respond))) return;
    const id = String((action as { value?: string }).value ?? '');
    await ctx.afterAck('announce send', locale, (text) => respond({ replace_original: true, text }), async () => {
      const draft = await core.dialogues.get<AnnouncementDraft>(draftKey(id));
      if (!draft || draft.composedBy !== user) return void (await respond({ replace_original: true, text: t(locale, 'slack.announce.expired') }));
      // Deleted before sending, so a second click finds nothing; the queue also keeps one per id.
      await core.dialogues.delete(draftKey(id));
      const sent = await core.announcements.send(draft.texts, actorOf(user), id);
      await respond({ replace_original: true, text: t(locale, 'slack.announce.queued', { id, count: sent.recipients }) });
    });
  });

  app.action(ANNOUNCE_DISCARD, async ({ ack, body, action, respond }) => {
    await ack();
    const locale = await ctx.locales.get(body.user.id);
    await core.dialogues.delete(draftKey(String((action as { value?: string }).value ?? '')));
    await respond({ replace_original: true, text: t(locale, 'slack.announce.discarded') });
  });

  async function allowed(team: string | undefined, user: string, locale: Locale, respond: (m: { text: string; replace_original: boolean }) => Promise<unknown>) {
    const verdict = await ctx.access.check(team, user);
    if (verdict === 'ok') return true;
    await respond({ replace_original: false, text: t(locale, `slack.refused.${verdict}`) });
    return false;
  }
}

function parseMetadata<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
