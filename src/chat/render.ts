/**
 * Platform-neutral replies: plain text plus buttons. Every chat surface draws
 * these natively (inline keyboard, action row, Block Kit, numbered options).
 */
import {
  countryName,
  DomainError,
  isAtRisk,
  mainTimeZone,
  localized,
  LOCALES,
  type Button,
  type Campaign,
  type Case,
  type CasePage,
  type Countdown,
  type Locale,
  type PetitionSummary,
  type ReceiptCheck,
  type SignatureRecord,
  type SignOutcome,
  type Subscription,
  type Translate,
  type WithdrawOutcome,
} from '../core/index.ts';
import { formatAlternatives, formatDate, formatDateTime, formatIsoDate, formatNumber, formatPartialDate, formatPercent, timeZoneName } from '../i18n/format.ts';
import { deadlineText } from '../i18n/deadline.ts';
import { privacyNotice } from '../privacy/privacy-notice.ts';
import { Action } from './actions.ts';
import type { Reply } from './reply.ts';

export type { Reply };

/**
 * The platform a reply is read on (`telegram`, `discord`, `terminal`), as in
 * `SignerRef.platform`. Texts that name commands have variants per platform
 * (i18next context, e.g. `help.text_telegram`), so a reader is only offered
 * commands their platform has; without one the generic text is used.
 */
export type Platform = string | undefined;

export class Renderer {
  constructor(
    private readonly t: Translate,
    private readonly campaign: Campaign,
  ) {}

  /** Where a signer's dates are told: their country's main zone, else the campaign's. */
  private zoneOf(country: string): string {
    return mainTimeZone(country) ?? this.campaign.timeZone;
  }

  /** Whether signers from this country are at risk in the campaign (a warning, anonymous first). */
  atRisk(country: string): boolean {
    return isAtRisk(this.campaign, country);
  }

  petition(locale: Locale): string {
    const c = this.campaign;
    return [
      c.title[locale],
      this.t(locale, 'petition.addressed-to', { addressee: c.addressee[locale] }),
      '',
      c.petition[locale],
      '',
      c.deliveryNote[locale],
    ].join('\n');
  }

  /**
   * "1,234 signatures from 28 nations, 12.3% of the goal of 10,000." and, once
   * staff have entered paper signatures, "online + on paper" on a second line
   * (the goal and nations stay online-only, as on the page and in the packs).
   */
  count(locale: Locale, stats: PetitionSummary, paper = 0): string {
    const online = this.t(locale, 'count.summary', {
      count: stats.total,
      total: formatNumber(locale, stats.total),
      nations: this.t(locale, 'count.nations', { count: stats.nations, n: formatNumber(locale, stats.nations) }),
      progress: formatPercent(locale, stats.progress),
      goal: formatNumber(locale, stats.goal),
    });
    if (paper <= 0) return online;
    const both = this.t(locale, 'pack:online-and-paper', { online: formatNumber(locale, stats.total), paper: formatNumber(locale, paper), total: formatNumber(locale, stats.total + paper) });
    return `${online}\n${this.t(locale, 'count.with-paper', { both })}`;
  }

  countdown(locale: Locale, state: Countdown): string {
    const zone = this.campaign.timeZone;
    switch (state.phase) {
      case 'not-open':
        return this.t(locale, 'countdown.not-open', { date: formatDate(locale, state.opensAt, zone), zone: timeZoneName(locale, zone, state.opensAt) });
      // The reader's zone is not known here: the deadline is a date and a time with its zone named, never "today".
      case 'open':
        return this.t(locale, 'countdown.open', {
          count: state.daysLeft,
          days: formatNumber(locale, state.daysLeft),
          deadline: deadlineText(this.t, locale, state.closesAt, { timeZone: zone }),
        });
      case 'last-day':
        return this.t(locale, 'countdown.last-day', {
          count: state.hoursLeft,
          hours: formatNumber(locale, state.hoursLeft),
          deadline: deadlineText(this.t, locale, state.closesAt, { timeZone: zone }),
        });
      case 'closed':
        return this.t(locale, 'countdown.closed', { date: formatIsoDate(locale, state.lastDay), zone: timeZoneName(locale, zone, state.closesAt) });
    }
  }

  start(locale: Locale, stats: PetitionSummary, paper: number, state: Countdown): Reply {
    return {
      text: [this.t(locale, 'start.welcome'), '', this.petition(locale), '', this.count(locale, stats, paper), this.countdown(locale, state)].join('\n'),
      buttons: [
        [{ label: this.t(locale, 'buttons.sign'), action: Action.sign }],
        [
          { label: this.t(locale, 'buttons.list'), action: Action.list(1) },
          { label: this.t(locale, 'buttons.video'), action: Action.video },
          { label: this.t(locale, 'buttons.language'), action: Action.languageMenu },
        ],
      ],
    };
  }

  signOutcome(locale: Locale, outcome: SignOutcome): Reply {
    switch (outcome.status) {
      case 'signed': {
        // Just signed, so the signature's platform is the one the reader is on.
        const context = outcome.signature.platform;
        return {
          text: [
            this.t(locale, 'sign.thanks', { name: this.shownName(locale, outcome.signature) }),
            this.t(locale, 'sign.now-total', { count: outcome.total, total: formatNumber(locale, outcome.total) }),
            // Held by a review rule: stored and signed for its signer, counted once staff confirm it.
            ...(outcome.signature.state === 'held' ? [this.t(locale, 'mydata.held')] : []),
            this.t(locale, 'pack:receipt.line', { code: outcome.receipt }),
            this.t(locale, 'sign.after', { context }),
            '',
            this.t(locale, 'sign.safety-tip', { context }),
          ].join('\n'),
        };
      }
      case 'already-signed':
        return { text: this.alreadySigned(locale, outcome.signature) };
      case 'closed':
        return {
          text: this.t(locale, 'errors:campaign.closed', {
            count: outcome.finalTotal,
            total: formatNumber(locale, outcome.finalTotal),
            nations: this.t(locale, 'count.nations', { count: outcome.nations, n: formatNumber(locale, outcome.nations) }),
          }),
        };
      case 'not-open':
        return {
          text: this.t(locale, 'errors:campaign.not-open', {
            date: formatDate(locale, outcome.opensAt, this.campaign.timeZone),
            zone: timeZoneName(locale, this.campaign.timeZone, outcome.opensAt),
          }),
        };
    }
  }

  /** `platform` is where the reader is now, which may not be where they signed. */
  alreadySigned(locale: Locale, signature: SignatureRecord, platform?: Platform): string {
    return this.t(locale, 'sign.already', { date: formatDate(locale, signature.signedAt, this.zoneOf(signature.country)), context: platform });
  }

  withdrawOutcome(locale: Locale, outcome: WithdrawOutcome, stillSubscribed: boolean, platform?: Platform): Reply {
    if (outcome.status === 'not-signed') return { text: this.t(locale, 'withdraw.not-signed') };
    const lines = [this.t(locale, 'withdraw.done', { count: outcome.total, total: formatNumber(locale, outcome.total) })];
    if (stillSubscribed) lines.push(this.t(locale, 'withdraw.still-subscribed', { context: platform }));
    return { text: lines.join('\n') };
  }

  shownName(locale: Locale, signature: Pick<SignatureRecord, 'displayName'>): string {
    return signature.displayName ?? this.t(locale, 'sign.anonymous');
  }

  /**
   * Everything stored about a person, in words, each fact once: the reply
   * language is listed only when it is not the signature's own.
   */
  myData(
    locale: Locale,
    data: {
      signature: SignatureRecord | null;
      language: Locale | null;
      subscriptions: Subscription[];
      pendingSignature: boolean;
      /** From `petition.receiptOf`. */
      receipt?: string | null;
      /** Valid signatures through the person's own link. */
      referred?: number;
      /** When the person agreed to hear about the next campaign, or null. */
      stayInTouchSince?: Date | null;
    },
    platform?: Platform,
  ): Reply {
    const lines = [this.t(locale, 'mydata.title')];
    const s = data.signature;
    if (s) {
      lines.push(
        this.t(locale, 'mydata.signature', {
          name: this.t(locale, `mydata.name.${s.nameStyle}`, { name: s.displayName ?? '' }),
          country: this.t(locale, 'mydata.country', { name: countryName(s.country, locale), code: s.country }),
          language: this.t(locale, `language.name.${s.language}`),
          platform: this.platformName(locale, s.platform),
          date: formatDate(locale, s.signedAt, this.zoneOf(s.country)),
        }),
      );
      // A held signature is stored and still "signed" for its signer, but not counted until staff confirm it.
      if (s.state !== 'valid') lines.push(this.t(locale, `mydata.${s.state}`));
      if (s.referral) lines.push(this.t(locale, 'mydata.referral', { referral: s.referral }));
      if (data.receipt) lines.push(this.t(locale, 'pack:receipt.line', { code: data.receipt }));
    } else {
      lines.push(this.t(locale, 'mydata.no-signature'));
    }
    if (data.language && data.language !== s?.language) {
      lines.push(this.t(locale, 'mydata.language', { language: this.t(locale, `language.name.${data.language}`) }));
    }
    lines.push(data.subscriptions.length > 0 ? this.t(locale, 'mydata.subscribed', { context: platform }) : this.t(locale, 'mydata.not-subscribed'));
    if (data.stayInTouchSince) lines.push(this.t(locale, 'mydata.stay-in-touch', { date: formatDate(locale, data.stayInTouchSince, this.campaign.timeZone) }));
    if (data.pendingSignature) lines.push(this.t(locale, 'mydata.pending', { context: platform }));
    if (data.referred !== undefined) lines.push(this.t(locale, 'mydata.referred', { count: data.referred, n: formatNumber(locale, data.referred) }));
    lines.push('', this.t(locale, 'mydata.privacy'));
    const buttons: Button[][] = s ? [[{ label: this.t(locale, 'buttons.withdraw'), action: 'withdraw' }]] : [];
    return buttons.length ? { text: lines.join('\n'), buttons } : { text: lines.join('\n') };
  }

  /**
   * A receipt code checked against the latest snapshot, in words: in it or
   * not, interim or final, frozen when (UTC, as the packs print it), and the
   * fingerprint to compare with the one printed in every pack.
   */
  receiptCheck(locale: Locale, code: string, check: Exclude<ReceiptCheck, { status: 'invalid' }>): Reply {
    if (check.status === 'no-snapshot') return { text: this.t(locale, 'receipt.no-snapshot', { code }) };
    const kind = check.final ? 'final' : 'interim';
    const time = formatDateTime(locale, check.frozenAt, 'UTC');
    const verdict = this.t(locale, check.included ? `receipt.included_${kind}` : `receipt.not-included_${kind}`, { code, time });
    const fingerprint = this.t(locale, 'receipt.fingerprint', { count: check.treeSize, total: formatNumber(locale, check.treeSize), root: check.root });
    return { text: [verdict, '', fingerprint].join('\n') };
  }

  /**
   * "Telegram" / "텔레그램" / "终端"; a platform without a name in the locales shows as stored.
   *
   * @example render.platformName('ko', 'telegram') // '텔레그램'
   */
  platformName(locale: Locale, platform: string): string {
    return this.t(locale, `platform.${platform}`, { defaultValue: platform });
  }

  listPage(locale: Locale, page: CasePage): Reply {
    if (page.total === 0) return { text: this.t(locale, page.search ? 'list.no-match' : 'list.empty', { search: page.search }) };
    const header = this.t(locale, 'list.header', { page: page.page, pages: page.pages, count: page.total, total: formatNumber(locale, page.total) });
    const lines = [header, ''];
    for (const c of page.cases) lines.push(this.caseLine(locale, c));
    lines.push('', this.t(locale, 'list.hint'));
    const kind = page.kind ?? 'all';
    const nav: Button[] = [];
    // Paging buttons cannot carry a search; searching is by command.
    if (!page.search) {
      if (page.page > 1) nav.push({ label: this.t(locale, 'buttons.previous'), action: Action.list(page.page - 1, kind) });
      if (page.page < page.pages) nav.push({ label: this.t(locale, 'buttons.next'), action: Action.list(page.page + 1, kind) });
    }
    const open: Button[] = page.cases.map((c) => ({ label: `#${c.number}`, action: Action.case(c.number) }));
    const filters: Button[] = (['all', 'refugee', 'humanitarian-worker'] as const)
      .filter((k) => k !== kind || page.search)
      .map((k) => ({ label: this.t(locale, `list.kind.${k}`), action: Action.list(1, k) }));
    return { text: lines.join('\n'), buttons: [open, nav, filters].filter((row) => row.length > 0) };
  }

  /** One line of THE LIST; a sample is tagged once, in the reader's language. */
  private caseLine(locale: Locale, c: Case): string {
    const name = c.name ?? this.t(locale, 'case.name-withheld');
    const sample = c.isSample ? `${this.t(locale, 'case.sample-tag')} ` : '';
    const facts = [name, this.t(locale, `case.kind.${c.kind}`), ...(c.date ? [formatPartialDate(locale, c.date)] : [])];
    return `#${c.number} ${sample}${facts.join(' · ')}\n   ${localized(c.summary, locale)}`;
  }

  /**
   * One case. A sample says so once, right under its heading, so the note is
   * never the part a platform cuts from a long story.
   */
  caseDetail(locale: Locale, c: Case): Reply {
    const facts = [this.t(locale, `case.kind.${c.kind}`), ...(c.date ? [formatPartialDate(locale, c.date)] : []), ...(c.place ? [c.place] : [])];
    const lines = [`#${c.number} ${c.name ?? this.t(locale, 'case.name-withheld')}`, facts.join(' · ')];
    if (c.isSample) lines.push(this.t(locale, 'case.sample-note'));
    lines.push('', localized(c.summary, locale));
    const story = localized(c.story, locale);
    if (story) lines.push('', story);
    if (c.source) lines.push('', this.t(locale, 'case.source', { source: c.source }));
    const nav: Button[] = [{ label: this.t(locale, 'buttons.back-to-list'), action: Action.list(1) }];
    return { text: lines.join('\n'), buttons: [nav] };
  }

  video(locale: Locale, link: string | null): Reply {
    if (!link) return { text: this.t(locale, 'video.unavailable') };
    return {
      text: this.t(locale, 'video.text'),
      buttons: [[{ label: this.t(locale, 'buttons.watch'), url: link }]],
    };
  }

  languageMenu(locale: Locale): Reply {
    return {
      text: this.t(locale, 'language.choose'),
      // Every language, each named in itself, three to a row so none is cut on a narrow screen.
      buttons: chunk(LOCALES, 3).map((row) => row.map((l) => ({ label: this.t(l, `language.name.${l}`), action: Action.language(l) }))),
    };
  }

  /**
   * The commands of the reader's platform (`help.text_telegram` lists /share, which needs a share link).
   *
   * @example render.help('ko', user.signer.platform)
   */
  help(locale: Locale, platform?: Platform): Reply {
    return { text: this.t(locale, 'help.text', { context: platform }) };
  }

  /**
   * `/privacy`: the same notice as the web page's privacy page (who is
   * responsible, what is stored and why, the legal basis, erasure,
   * withdrawal, contact), as plain text.
   */
  privacy(locale: Locale): Reply {
    const notice = privacyNotice(this.t, this.campaign, locale);
    const sections = notice.sections.map((s) => [s.heading, ...s.paragraphs].join('\n'));
    return { text: [notice.title, notice.intro, ...sections].join('\n\n') };
  }

  /** A refusal, in words that say what to do. */
  error(locale: Locale, error: DomainError, platform?: Platform): Reply {
    const suggestions = (error.params.suggestions as string[] | undefined) ?? [];
    const text = this.t(locale, `errors:${error.code}`, {
      ...error.params,
      suggestion: formatAlternatives(locale, suggestions.map((code) => countryName(code, locale))),
      context: suggestions.length > 0 ? 'suggest' : platform,
    });
    if (suggestions.length === 0) return { text };
    return {
      text,
      buttons: [suggestions.map((code) => ({ label: countryName(code, locale), action: Action.country(code) }))],
    };
  }

  /**
   * A refusal and the question asked again, as one message: the refusal's
   * choices (e.g. a suggested country) come first and the question's follow
   * without repeating them, so a numbered surface (the terminal) numbers the
   * options of one message from 1.
   *
   * @example render.refusalWithQuestion('en', new DomainError('country.unknown', { suggestions: ['KR'] }), countryQuestion)
   */
  refusalWithQuestion(locale: Locale, error: DomainError, question: Reply, platform?: Platform): Reply {
    const refusal = this.error(locale, error, platform);
    const offered = new Set((refusal.buttons ?? []).flat().map((b) => ('action' in b ? b.action : b.url)));
    const rest = (question.buttons ?? [])
      .map((row) => row.filter((b) => !offered.has('action' in b ? b.action : b.url)))
      .filter((row) => row.length > 0);
    const buttons = [...(refusal.buttons ?? []), ...rest];
    const text = `${refusal.text}\n\n${question.text}`;
    return buttons.length > 0 ? { text, buttons } : { text };
  }

  apology(locale: Locale): Reply {
    return { text: this.t(locale, 'errors:unexpected') };
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}
