import { parseArgs } from 'node:util';
import type { App, types } from '@slack/bolt';
import { formatDateTime, formatNumber, type Renderer } from '../../src/chat/index.ts';
import {
  countryName,
  INVALID_REASONS,
  isInvalidReason,
  REVIEW_DECISION_OPTIONS,
  reviewRequest,
  type CampaignCore,
  type Locale,
  type ReviewDecision,
  type ReviewQueue,
  type ReviewSelection,
  type ReviewedSignature,
} from '../../src/core/index.ts';
import { actorOf, type ConsoleContext } from './console-context.ts';
import { clip, escapeMrkdwn, splitArguments } from './slack-text.ts';

/** A click that asks for a confirmation: "approve all of this rule", "invalidate this one as a duplicate", … */
export const REVIEW_PICK = /^review_pick/;
export const REVIEW_CONFIRM = 'review_confirm';
export const REVIEW_CANCEL = 'review_cancel';

/**
 * A decision and its selection as carried in a button or option value
 * (option values are capped at 150 characters, so the keys are short).
 */
interface ReviewRequest {
  /** approve | invalidate */
  k: 'a' | 'i';
  /** The invalid reason. */
  r?: string;
  /** Include valid (never held) signatures. */
  v?: 1;
  s: { ids?: number[]; rule?: string; referral?: string; from?: string; to?: string };
}

export function encodeRequest(decision: ReviewDecision, selection: ReviewSelection): string {
  const s: ReviewRequest['s'] = {};
  if (selection.ids) s.ids = selection.ids;
  if (selection.rule) s.rule = selection.rule;
  if (selection.referral) s.referral = selection.referral;
  if (selection.from) s.from = selection.from.toISOString();
  if (selection.to) s.to = selection.to.toISOString();
  const request: ReviewRequest =
    decision.kind === 'approve' ? { k: 'a', s } : { k: 'i', r: decision.reason, ...(decision.includeValid ? { v: 1 as const } : {}), s };
  return JSON.stringify(request);
}

/** The decision and selection in a value; null when it is not one of ours (the core checks the rest). */
export function decodeRequest(value: string | undefined): { decision: ReviewDecision; selection: ReviewSelection } | null {
  let request: ReviewRequest;
  try {
    request = JSON.parse(value ?? '') as ReviewRequest;
  } catch {
    return null;
  }
  if (!request || typeof request !== 'object' || !request.s || typeof request.s !== 'object') return null;
  const { s } = request;
  const selection: ReviewSelection = {
    ...(Array.isArray(s.ids) ? { ids: s.ids.map(Number) } : {}),
    ...(typeof s.rule === 'string' ? { rule: s.rule } : {}),
    ...(typeof s.referral === 'string' ? { referral: s.referral } : {}),
    ...(typeof s.from === 'string' ? { from: new Date(s.from) } : {}),
    ...(typeof s.to === 'string' ? { to: new Date(s.to) } : {}),
  };
  if (request.k === 'a') return { decision: { kind: 'approve' }, selection };
  if (request.k === 'i' && typeof request.r === 'string' && isInvalidReason(request.r)) {
    return { decision: { kind: 'invalidate', reason: request.r, includeValid: request.v === 1 }, selection };
  }
  return null;
}

/** Sample signatures shown per rule: 6 rules × (1 + 5 + 1) blocks stay under Slack's 50. */
const SAMPLE = 5;

/**
 * The review queue as Block Kit: per rule the count, the time window and the
 * newest few (with their shown names), a menu to decide each one, and
 * buttons to approve or invalidate the whole rule; every choice leads to a
 * confirmation that says how many will change.
 */
export async function reviewQueueBlocks(core: CampaignCore, render: Renderer, locale: Locale): Promise<{ text: string; blocks: types.KnownBlock[] }> {
  const { t } = core;
  const queue: ReviewQueue = await core.review.queue(SAMPLE);
  const zone = core.campaign.timeZone;
  const at = (date: Date) => formatDateTime(locale, date, zone);
  const text = queue.total ? t(locale, 'review:queue.size', { count: queue.total, n: formatNumber(locale, queue.total) }) : t(locale, 'review:queue.empty');
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: t(locale, 'review:queue.title') } },
    { type: 'section', text: { type: 'mrkdwn', text } },
  ];
  const reasonOptions = (selection: ReviewSelection) =>
    INVALID_REASONS.map((reason) => ({
      text: { type: 'plain_text' as const, text: clip(t(locale, 'slack.review.invalidate-as', { reason: t(locale, `review:reason.${reason}`) }), 75) },
      value: encodeRequest({ kind: 'invalidate', reason }, selection),
    }));
  // A referral code behind a hold: everything that came through it, in one confirmed step (e.g. a bot farm).
  const referralOptions = (referral: string | null) =>
    referral
      ? [
          { text: { type: 'plain_text' as const, text: clip(t(locale, 'slack.review.approve-referral', { referral }), 75) }, value: encodeRequest({ kind: 'approve' }, { referral }) },
          {
            text: { type: 'plain_text' as const, text: clip(t(locale, 'slack.review.invalidate-referral', { referral }), 75) },
            value: encodeRequest({ kind: 'invalidate', reason: 'automated', includeValid: true }, { referral }),
          },
        ]
      : [];
  for (const group of queue.groups) {
    const rule = { rule: group.rule };
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${t(locale, 'review:queue.group', { rule: t(locale, `review:rule.${group.rule}`), count: group.count, from: at(group.firstAt), to: at(group.lastAt) })}*`,
      },
    });
    for (const signature of group.sample) {
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: clip(sampleLine(core, render, locale, signature, at), 3_000) },
        accessory: {
          type: 'static_select',
          action_id: 'review_pick_one',
          placeholder: { type: 'plain_text', text: t(locale, 'slack.review.decide') },
          options: [
            { text: { type: 'plain_text', text: t(locale, 'slack.review.approve-one') }, value: encodeRequest({ kind: 'approve' }, { ids: [signature.id] }) },
            ...reasonOptions({ ids: [signature.id] }),
            ...referralOptions(signature.referral),
          ],
        },
      });
    }
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'review_pick_rule_approve',
          style: 'primary',
          text: { type: 'plain_text', text: clip(t(locale, 'slack.review.approve-all', { count: group.count, n: formatNumber(locale, group.count) }), 75) },
          value: encodeRequest({ kind: 'approve' }, rule),
        },
        {
          type: 'static_select',
          action_id: 'review_pick_rule_invalidate',
          placeholder: { type: 'plain_text', text: clip(t(locale, 'slack.review.invalidate-all', { count: group.count, n: formatNumber(locale, group.count) }), 150) },
          options: reasonOptions(rule),
        },
      ],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'slack.review.bulk-hint') }] });
  return { text, blocks };
}

function sampleLine(core: CampaignCore, render: Renderer, locale: Locale, s: ReviewedSignature, at: (d: Date) => string): string {
  const { t } = core;
  return t(locale, 'review:queue.sample', {
    id: s.id,
    name: s.displayName ? escapeMrkdwn(s.displayName) : t(locale, 'review:queue.anonymous'),
    country: escapeMrkdwn(countryName(s.country, locale)),
    platform: escapeMrkdwn(render.platformName(locale, s.platform)),
    at: at(s.signedAt),
  });
}

/**
 * `/petition review approve|invalidate --rule R --referral CODE --from T --to T --ids 1,2 --reason R --include-valid`:
 * times are read in the campaign's time zone. Null when the text does not parse.
 */
export function parseReviewCommand(core: CampaignCore, text: string): { decision: ReviewDecision; selection: ReviewSelection } | null {
  let parsed;
  try {
    parsed = parseArgs({ args: splitArguments(text), allowPositionals: true, strict: true, options: REVIEW_DECISION_OPTIONS });
  } catch {
    return null;
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) return null;
  return reviewRequest({ verb: positionals[0], values }, core.campaign.timeZone);
}

/** "Approve 12 held signatures?" with Confirm and Cancel, or "nothing matches". */
export async function confirmationMessage(
  core: CampaignCore,
  locale: Locale,
  request: { decision: ReviewDecision; selection: ReviewSelection },
): Promise<{ text: string; blocks?: types.KnownBlock[] }> {
  const { t } = core;
  const { count, selection } = await core.review.prepare(request.decision, request.selection);
  if (count === 0) return { text: t(locale, 'review:confirm.nothing') };
  const { decision } = request;
  const params = { count, n: formatNumber(locale, count) };
  const text =
    decision.kind === 'approve'
      ? t(locale, 'review:confirm.approve', params)
      : t(locale, 'review:confirm.invalidate', { ...params, reason: t(locale, `review:reason.${decision.reason}`) });
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: REVIEW_CONFIRM,
            style: decision.kind === 'approve' ? 'primary' : 'danger',
            text: { type: 'plain_text', text: t(locale, 'slack.review.confirm', params) },
            value: encodeRequest(decision, selection),
          },
          { type: 'button', action_id: REVIEW_CANCEL, text: { type: 'plain_text', text: t(locale, 'slack.review.cancel') }, value: 'cancel' },
        ],
      },
    ],
  };
}

/** The clicks of the review console: pick → confirmation → decision. */
export function registerReviewActions(app: App, ctx: ConsoleContext): void {
  const { core } = ctx;
  const { t } = core;

  app.action(REVIEW_PICK, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const locale = await ctx.locales.get(user);
    if (!(await staffOnly(ctx, body, locale, respond))) return;
    const value = (action as { value?: string; selected_option?: { value?: string } }).selected_option?.value ?? (action as { value?: string }).value;
    const request = decodeRequest(value);
    if (!request) return;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await ctx.afterAck('review pick', locale, tell, async () => {
      await respond({ response_type: 'ephemeral', replace_original: false, ...(await confirmationMessage(core, locale, request)) });
    });
  });

  app.action(REVIEW_CONFIRM, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const locale = await ctx.locales.get(user);
    if (!(await staffOnly(ctx, body, locale, respond))) return;
    const request = decodeRequest((action as { value?: string }).value);
    if (!request) return;
    const tell = (text: string) => respond({ replace_original: true, text });
    await ctx.afterAck('review decide', locale, tell, async () => {
      const { changed } = await core.review.decide(request.decision, request.selection, actorOf(user));
      const key = changed === 0 ? 'review:done.already' : request.decision.kind === 'approve' ? 'review:done.approved' : 'review:done.invalidated';
      await tell(t(locale, key, { count: changed, n: formatNumber(locale, changed) }));
    });
  });

  app.action(REVIEW_CANCEL, async ({ ack, body, respond }) => {
    await ack();
    const locale = await ctx.locales.get(body.user.id);
    await respond({ replace_original: true, text: t(locale, 'slack.review.cancelled') });
  });
}

/** Staff only; anyone else is told why, and nothing happens. */
export async function staffOnly(
  ctx: ConsoleContext,
  body: { user: { id: string; team_id?: string }; team?: { id: string } | null },
  locale: Locale,
  respond: (message: { text: string; replace_original: boolean }) => Promise<unknown>,
): Promise<boolean> {
  const verdict = await ctx.access.check(body.team?.id ?? body.user.team_id, body.user.id);
  if (verdict === 'ok') return true;
  await respond({ replace_original: false, text: ctx.core.t(locale, `slack.refused.${verdict}`) });
  return false;
}
