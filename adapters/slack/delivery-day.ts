import { parseArgs } from 'node:util';
import type { types } from '@slack/bolt';
import { formatDateTime, formatNumber } from '../../src/chat/index.ts';
import { countryName, DomainError, type CampaignCore, type DeliveryTarget, type Locale } from '../../src/core/index.ts';
import { clip, escapeMrkdwn, splitArguments } from './slack-text.ts';

/** A link as Slack may send it in command text (`<https://…|label>` or `<https://…>`), unwrapped. */
function unwrapLink(token: string): string {
  const wrapped = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(token);
  return wrapped ? wrapped[1]! : token;
}

/** Anything that looks like an address is taken as the photo link (and checked by the core). */
const LOOKS_LIKE_LINK = /^(<[^>]+>|[a-z][a-z0-9+.-]*:\/\/\S+|www\.\S+)$/i;

/**
 * `CC status [note…] [photo link]` → the core's delivery input; null when the
 * country or status is missing. The core checks every part before writing.
 *
 * @example parseDelivered('KR accepted "Received at the gate" https://example.org/p.jpg')
 */
export function parseDelivered(text: string): { country: string; status: string; note: string | null; photoUrl: string | null } | null {
  const args = splitArguments(text);
  if (args.length < 2) return null;
  const [country, status, ...rest] = args as [string, string, ...string[]];
  const last = rest[rest.length - 1];
  const photoUrl = last !== undefined && LOOKS_LIKE_LINK.test(last) ? unwrapLink(rest.pop()!) : null;
  const note = rest.join(' ').trim();
  return { country, status, note: note || null, photoUrl };
}

/** The confirmation after a delivery is recorded. */
export async function recordDelivery(core: CampaignCore, locale: Locale, text: string, actor: string): Promise<string | null> {
  const input = parseDelivered(text);
  if (!input) return null;
  const { t } = core;
  const { record, recipients } = await core.deliveryRecords.record(input, actor);
  const n = (value: number) => formatNumber(locale, value);
  return t(locale, 'slack.delivered.done', {
    country: escapeMrkdwn(countryName(record.country, locale)),
    status: t(locale, `slack.delivered.status.${record.status}`),
    count: record.online + record.paper,
    n: n(record.online + record.paper),
    online: n(record.online),
    paper: n(record.paper),
    recipients: n(recipients),
  });
}

/**
 * The latest news from each embassy, for `/petition stats` and the Home tab;
 * nothing before the first delivery is recorded.
 */
export async function embassyBlocks(core: CampaignCore, locale: Locale): Promise<types.KnownBlock[]> {
  const { t } = core;
  const latest = await core.deliveryRecords.byCountry();
  if (latest.length === 0) return [];
  const lines = latest.map((d) =>
    t(locale, 'slack.delivered.line', {
      country: escapeMrkdwn(countryName(d.country, locale)),
      code: d.country,
      status: t(locale, `slack.delivered.status.${d.status}`),
      n: formatNumber(locale, d.count),
      time: formatDateTime(locale, d.at, core.campaign.timeZone),
    }),
  );
  // One section holds up to 3,000 characters: about 40 embassies; the rest are still in open data.
  return [
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: clip(`*${t(locale, 'slack.delivered.title')}*\n${lines.join('\n')}`, 3_000) } },
  ];
}

/**
 * `/petition paper CC N --event "…"` adds a batch, `paper undo ID` reverses
 * one, `paper` lists them; null when the text fits none of these.
 */
export async function paperCommand(core: CampaignCore, locale: Locale, text: string, actor: string): Promise<string | null> {
  const { t } = core;
  let parsed;
  try {
    parsed = parseArgs({ args: splitArguments(text), allowPositionals: true, strict: true, options: { event: { type: 'string' } } });
  } catch {
    return null;
  }
  const { positionals, values } = parsed;
  const n = (value: number) => formatNumber(locale, value);
  const zone = core.campaign.timeZone;
  if (positionals.length === 0 && values.event === undefined) {
    const batches = (await core.paper.batches()).slice(0, 40);
    if (batches.length === 0) return t(locale, 'slack.paper.none');
    const lines = batches.map((b) =>
      t(locale, b.reversedAt ? 'slack.paper.line-reversed' : 'slack.paper.line', {
        id: b.id,
        country: escapeMrkdwn(countryName(b.country, locale)),
        n: n(b.count),
        event: escapeMrkdwn(b.event),
        time: formatDateTime(locale, b.addedAt, zone),
      }),
    );
    return clip(`*${t(locale, 'slack.paper.title')}*\n${lines.join('\n')}`, 3_000);
  }
  if (positionals[0]?.toLowerCase() === 'undo') {
    if (positionals.length !== 2 || values.event !== undefined) return null;
    if (!/^#?\d{1,9}$/.test(positionals[1]!)) throw new DomainError('paper.not-found', { id: positionals[1]!.slice(0, 20) });
    const batch = await core.paper.reverse(Number(positionals[1]!.replace('#', '')), actor);
    return t(locale, 'slack.paper.reversed', { id: batch.id, count: batch.count, n: n(batch.count), country: escapeMrkdwn(countryName(batch.country, locale)) });
  }
  if (positionals.length !== 2) return null;
  const [country, countText] = positionals as [string, string];
  const count = /^\d{1,9}$/.test(countText.replace(/[,_]/g, '')) ? Number(countText.replace(/[,_]/g, '')) : Number.NaN;
  const batch = await core.paper.add(country, count, values.event ?? '', actor);
  return t(locale, 'slack.paper.added', {
    id: batch.id,
    count: batch.count,
    n: n(batch.count),
    country: escapeMrkdwn(countryName(batch.country, locale)),
    event: escapeMrkdwn(batch.event),
  });
}

/**
 * `/petition targets` lists every country's target; `targets remove CC`
 * drops the Slack setting (the campaign file's applies again);
 * `targets CC "embassy" "address" "member organisation" "YYYY-MM-DDTHH:mm" [zone]`
 * sets one. Null when the arguments fit none of these. ("remove" is never a
 * country code, so it cannot be mistaken for one.)
 */
export async function targetsCommand(core: CampaignCore, locale: Locale, text: string, actor: string): Promise<string | null> {
  const args = splitArguments(text);
  const { t } = core;
  if (args.length === 0) return listTargets(core, locale);
  if (args[0]!.toLowerCase() === 'remove') {
    if (args.length !== 2) return null;
    const removed = await core.deliveryTargets.remove(args[1]!, actor);
    return t(locale, removed ? 'slack.targets.removed' : 'slack.targets.not-set', { country: escapeMrkdwn(countryName(args[1]!.toUpperCase(), locale)) });
  }
  if (args.length < 2 || args.length > 6) return null;
  const [country, embassy, address, organisation, visitAt, timeZone] = args as [string, string, ...Array<string | undefined>];
  const { country: code, target } = await core.deliveryTargets.set(country, { embassy, address, organisation, visitAt, timeZone }, actor);
  return t(locale, 'slack.targets.done', { country: escapeMrkdwn(countryName(code, locale)), ...targetFields(core, locale, target) });
}

async function listTargets(core: CampaignCore, locale: Locale): Promise<string> {
  const { t } = core;
  const targets = await core.deliveryTargets.list();
  if (targets.length === 0) return t(locale, 'slack.targets.none');
  const lines = targets.map(({ country, target, source }) =>
    t(locale, 'slack.targets.item', {
      country: escapeMrkdwn(countryName(country, locale)),
      code: country,
      source: t(locale, `slack.targets.source-${source}`),
      ...targetFields(core, locale, target),
    }),
  );
  return [t(locale, 'slack.targets.title'), ...lines].join('\n');
}

/** A target's fields as shown to staff: escaped, "not given" where missing. */
function targetFields(core: CampaignCore, locale: Locale, target: DeliveryTarget): Record<'embassy' | 'address' | 'organisation' | 'time', string> {
  const missing = core.t(locale, 'slack.targets.missing');
  const shown = (value: string | null) => (value ? escapeMrkdwn(value) : missing);
  return {
    embassy: shown(target.embassy),
    address: shown(target.address),
    organisation: shown(target.organisation),
    time: target.visitAt ? `${escapeMrkdwn(target.visitAt)}${target.timeZone ? ` (${escapeMrkdwn(target.timeZone)})` : ''}` : missing,
  };
}
