/**
 * Platform-neutral replies: plain text plus buttons. Every chat surface draws
 * these natively (inline keyboard, action row, Block Kit, numbered options).
 */
import type { Campaign } from '../campaign/campaign.ts';
import { countryName } from '../core/country.ts';
import type { Countdown } from '../core/countdown.ts';
import { DomainError } from '../core/errors.ts';
import type { CasePage } from '../core/list-service.ts';
import type { Locale } from '../core/locale.ts';
import type { PetitionSummary, SignOutcome, WithdrawOutcome } from '../core/petition-service.ts';
import type { Button, Case, OutgoingMessage, SignatureRecord, Subscription } from '../core/ports.ts';
import { formatDate, formatIsoDate, formatNumber, formatPercent } from '../i18n/format.ts';
import type { Translate } from '../i18n/i18n.ts';
import { Action } from './actions.ts';

export type Reply = OutgoingMessage;

export class Renderer {
  constructor(
    private readonly t: Translate,
    private readonly campaign: Campaign,
  ) {}

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

  /** "1,234 signatures from 28 nations, 12.3% of the goal of 10,000." */
  count(locale: Locale, stats: PetitionSummary): string {
    return this.t(locale, 'count.summary', {
      count: stats.total,
      total: formatNumber(locale, stats.total),
      nations: this.t(locale, 'count.nations', { count: stats.nations, n: formatNumber(locale, stats.nations) }),
      progress: formatPercent(locale, stats.progress),
      goal: formatNumber(locale, stats.goal),
    });
  }

  countdown(locale: Locale, state: Countdown): string {
    const zone = this.campaign.timeZone;
    switch (state.phase) {
      case 'not-open':
        return this.t(locale, 'countdown.not-open', { date: formatDate(locale, state.opensAt, zone) });
      case 'open':
        return this.t(locale, 'countdown.open', {
          count: state.daysLeft,
          days: formatNumber(locale, state.daysLeft),
          date: formatIsoDate(locale, state.lastDay),
        });
      case 'last-day':
        return this.t(locale, 'countdown.last-day', { count: state.hoursLeft, hours: formatNumber(locale, state.hoursLeft) });
      case 'closed':
        return this.t(locale, 'countdown.closed', { date: formatIsoDate(locale, state.lastDay) });
    }
  }

  start(locale: Locale, stats: PetitionSummary, state: Countdown): Reply {
    return {
      text: [this.t(locale, 'start.welcome'), '', this.petition(locale), '', this.count(locale, stats), this.countdown(locale, state)].join('\n'),
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
      case 'signed':
        return {
          text: [
            this.t(locale, 'sign.thanks', { name: this.shownName(locale, outcome.signature) }),
            this.t(locale, 'sign.now-total', { count: outcome.total, total: formatNumber(locale, outcome.total) }),
            this.t(locale, 'sign.after'),
          ].join('\n'),
        };
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
        return { text: this.t(locale, 'errors:campaign.not-open', { date: formatDate(locale, outcome.opensAt, this.campaign.timeZone) }) };
    }
  }

  alreadySigned(locale: Locale, signature: SignatureRecord): string {
    return this.t(locale, 'sign.already', { date: formatDate(locale, signature.signedAt, this.campaign.timeZone) });
  }

  withdrawOutcome(locale: Locale, outcome: WithdrawOutcome, stillSubscribed: boolean): Reply {
    if (outcome.status === 'not-signed') return { text: this.t(locale, 'withdraw.not-signed') };
    const lines = [this.t(locale, 'withdraw.done', { count: outcome.total, total: formatNumber(locale, outcome.total) })];
    if (stillSubscribed) lines.push(this.t(locale, 'withdraw.still-subscribed'));
    return { text: lines.join('\n') };
  }

  shownName(locale: Locale, signature: Pick<SignatureRecord, 'displayName'>): string {
    return signature.displayName ?? this.t(locale, 'sign.anonymous');
  }

  /** Everything stored about a person, in words. */
  myData(
    locale: Locale,
    data: { signature: SignatureRecord | null; language: Locale | null; subscriptions: Subscription[]; pendingSignature: boolean },
  ): Reply {
    const lines = [this.t(locale, 'mydata.title')];
    const s = data.signature;
    if (s) {
      lines.push(
        this.t(locale, 'mydata.signature', {
          name: this.shownName(locale, s),
          style: this.t(locale, `mydata.style.${s.nameStyle}`),
          country: `${countryName(s.country, locale)} (${s.country})`,
          language: this.t(locale, `language.name.${s.language}`),
          platform: s.platform,
          referral: s.referral ?? '—',
          date: formatDate(locale, s.signedAt, this.campaign.timeZone),
        }),
      );
      // A held signature is stored and still "signed" for its signer, but not counted until staff confirm it.
      if (s.state !== 'valid') lines.push(this.t(locale, `mydata.${s.state}`));
    } else {
      lines.push(this.t(locale, 'mydata.no-signature'));
    }
    if (data.language) lines.push(this.t(locale, 'mydata.language', { language: this.t(locale, `language.name.${data.language}`) }));
    lines.push(data.subscriptions.length > 0 ? this.t(locale, 'mydata.subscribed') : this.t(locale, 'mydata.not-subscribed'));
    if (data.pendingSignature) lines.push(this.t(locale, 'mydata.pending'));
    lines.push('', this.t(locale, 'mydata.privacy'));
    const buttons: Button[][] = s ? [[{ label: this.t(locale, 'buttons.withdraw'), action: 'withdraw' }]] : [];
    return buttons.length ? { text: lines.join('\n'), buttons } : { text: lines.join('\n') };
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

  private caseLine(locale: Locale, c: Case): string {
    const name = c.name ?? this.t(locale, 'case.name-withheld');
    const sample = c.isSample ? `${this.t(locale, 'case.sample-tag')} ` : '';
    return `#${c.number} ${sample}${name} · ${this.t(locale, `list.kind.${c.kind}`)}${c.date ? ` · ${c.date}` : ''}\n   ${c.summary[locale]}`;
  }

  caseDetail(locale: Locale, c: Case): Reply {
    const lines = [
      `#${c.number} ${c.name ?? this.t(locale, 'case.name-withheld')}`,
      this.t(locale, `list.kind.${c.kind}`) + (c.date ? ` · ${c.date}` : '') + (c.place ? ` · ${c.place}` : ''),
      '',
      c.summary[locale],
    ];
    const story = c.story[locale] ?? c.story.en;
    if (story) lines.push('', story);
    if (c.source) lines.push('', this.t(locale, 'case.source', { source: c.source }));
    if (c.isSample) lines.push('', this.t(locale, 'case.sample-note'));
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
      buttons: [(['en', 'ko', 'zh'] as const).map((l) => ({ label: this.t(l, `language.name.${l}`), action: Action.language(l) }))],
    };
  }

  help(locale: Locale): Reply {
    return { text: this.t(locale, 'help.text') };
  }

  /** A refusal, in words that say what to do. */
  error(locale: Locale, error: DomainError): Reply {
    const suggestions = (error.params.suggestions as string[] | undefined) ?? [];
    const text = this.t(locale, `errors:${error.code}`, {
      ...error.params,
      suggestion: suggestions.map((code) => countryName(code, locale)).join(', '),
      context: suggestions.length > 0 ? 'suggest' : undefined,
    });
    if (suggestions.length === 0) return { text };
    return {
      text,
      buttons: [suggestions.map((code) => ({ label: countryName(code, locale), action: Action.country(code) }))],
    };
  }

  apology(locale: Locale): Reply {
    return { text: this.t(locale, 'errors:unexpected') };
  }
}
