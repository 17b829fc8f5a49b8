import { DomainError } from '../core/errors.ts';
import { isCaseKind } from '../core/list-service.ts';
import { isLocale, localeFromTag, type Locale } from '../core/locale.ts';
import type { CaseKind } from '../core/ports.ts';
import { checkReferral } from '../core/referral.ts';
import type { SignerRef } from '../core/signer-key.ts';
import { videoLink } from '../core/video.ts';
import type { CampaignCore } from '../campaign-core.ts';
import { Action } from './actions.ts';
import type { Reply } from './render.ts';
import { SignDialogue } from './sign-dialogue.ts';

/** Who is talking to the bot and where, as the adapter knows it. */
export interface ChatUser {
  signer: SignerRef;
  /** Where the bot can reach this person later, e.g. `telegram:42`. */
  address: string;
  /** The platform's language tag (Telegram `language_code`), used until the person picks one. */
  languageTag?: string | undefined;
  platformName?: string | undefined;
  /** False in groups: personal data is never asked for or shown there. */
  isPrivate: boolean;
  /** Platform links: a deep link into the private chat, a share link for a referral code. */
  links?: { privateChat(payload: string): string; share?(code: string): string };
}

export const CHAT_COMMANDS = [
  'start', 'sign', 'withdraw', 'mydata', 'count', 'countdown', 'petition', 'list', 'case',
  'video', 'language', 'remind', 'share', 'cancel', 'help',
] as const;
export type ChatCommand = (typeof CHAT_COMMANDS)[number];

const PRIVATE_ONLY: ReadonlySet<string> = new Set(['sign', 'withdraw', 'mydata', 'remind', 'cancel']);
const REDIRECTS: ReadonlySet<string> = new Set(['sign', 'withdraw', 'mydata', 'remind']);
const MAX_INPUT_LENGTH = 2000;

/**
 * The supporter's conversation for chat platforms (terminal, Telegram): one
 * command, button or line of text in, replies out. Refusals become localized
 * replies here; anything else propagates to the adapter's error seam.
 */
export class ChatBot {
  private readonly dialogue: SignDialogue;

  constructor(private readonly core: CampaignCore) {
    this.dialogue = new SignDialogue(core.petition, core.dialogues, core.keyOf, core.render, core.t);
  }

  /** The person's chosen language, else their platform's, else English. */
  async localeOf(user: ChatUser): Promise<Locale> {
    return (await this.core.preferences.language(this.core.keyOf(user.signer))) ?? localeFromTag(user.languageTag);
  }

  /**
   * @example await bot.command(user, 'case', '3')
   */
  async command(user: ChatUser, name: string, args: string): Promise<Reply[]> {
    const locale = await this.localeOf(user);
    return this.guard(locale, () => this.runCommand(user, locale, name.toLowerCase(), args.trim()));
  }

  /** A button press, by its action payload. */
  async action(user: ChatUser, action: string): Promise<Reply[]> {
    const locale = await this.localeOf(user);
    return this.guard(locale, () => this.runAction(user, locale, action));
  }

  /** Text that is not a command: an answer in the signing dialogue, or a hint. */
  async text(user: ChatUser, text: string): Promise<Reply[]> {
    const locale = await this.localeOf(user);
    return this.guard(locale, async () => {
      if (text.length > MAX_INPUT_LENGTH) throw new DomainError('input.too-long');
      if (!user.isPrivate) return [];
      const replies = await this.dialogue.text(this.dialogueUser(user, locale), text);
      return replies ?? [{ text: this.core.t(locale, 'help.hint') }];
    });
  }

  apology(locale: Locale): Reply {
    return this.core.render.apology(locale);
  }

  private async guard(locale: Locale, run: () => Promise<Reply[]>): Promise<Reply[]> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DomainError) return [this.core.render.error(locale, error)];
      throw error;
    }
  }

  private dialogueUser(user: ChatUser, locale: Locale) {
    return { signer: user.signer, locale, platformName: user.platformName };
  }

  private async runCommand(user: ChatUser, locale: Locale, name: string, args: string): Promise<Reply[]> {
    const { render, t } = this.core;
    if (!user.isPrivate && PRIVATE_ONLY.has(name)) return [this.privateOnly(user, locale, name)];
    switch (name) {
      case 'start':
        return this.start(user, locale, args);
      case 'petition':
        return [{ text: render.petition(locale) }];
      case 'sign':
        return this.dialogue.start(this.dialogueUser(user, locale), await this.referralOf(user));
      case 'cancel':
        return this.dialogue.cancel(this.dialogueUser(user, locale));
      case 'withdraw':
        return [
          {
            text: t(locale, 'withdraw.confirm'),
            buttons: [[
              { label: t(locale, 'buttons.withdraw-yes'), action: Action.confirmWithdraw },
              { label: t(locale, 'buttons.withdraw-no'), action: Action.keepSignature },
            ]],
          },
        ];
      case 'mydata':
        return [await this.myData(user, locale)];
      case 'count':
        return [{ text: render.count(locale, await this.core.petition.summary()) }];
      case 'countdown':
        return [{ text: render.countdown(locale, this.core.petition.countdown()) }];
      case 'list':
        return [await this.listPage(locale, args)];
      case 'case': {
        if (!/^#?\d{1,9}$/.test(args)) throw new DomainError('case.invalid-number');
        return [render.caseDetail(locale, await this.core.list.get(Number(args.replace('#', ''))))];
      }
      case 'video':
        return [render.video(locale, videoLink(this.core.campaign.video, locale))];
      case 'language': {
        if (!args) return [render.languageMenu(locale)];
        return this.setLanguage(user, args.toLowerCase());
      }
      case 'remind':
        return this.remind(user, locale, args.toLowerCase());
      case 'share':
        return [this.share(user, locale)];
      case 'help':
        return [render.help(locale)];
      default:
        throw new DomainError('command.unknown', { command: name.slice(0, 32) });
    }
  }

  private async runAction(user: ChatUser, locale: Locale, action: string): Promise<Reply[]> {
    const { render, t } = this.core;
    const [head, ...rest] = action.split(':');
    switch (head) {
      case 'sign':
      case 'withdraw':
      case 'video':
        return this.runCommand(user, locale, head, '');
      case 'sd':
        if (!user.isPrivate) return [this.privateOnly(user, locale, 'sign')];
        return this.dialogue.action(this.dialogueUser(user, locale), action);
      case 'list': {
        const [page, kind] = rest;
        return [await this.listPage(locale, `${kind && kind !== 'all' ? kind : ''} ${page ?? ''}`)];
      }
      case 'case':
        return this.runCommand(user, locale, 'case', rest[0] ?? '');
      case 'lang':
        return rest[0] ? this.setLanguage(user, rest[0]) : [render.languageMenu(locale)];
      case 'remind':
        return this.runCommand(user, locale, 'remind', rest[0] ?? '');
      case 'wd': {
        if (!user.isPrivate) return [this.privateOnly(user, locale, 'withdraw')];
        if (rest[0] !== 'confirm') return [{ text: t(locale, 'withdraw.kept') }];
        const outcome = await this.core.petition.withdraw(user.signer);
        const subscribed = (await this.core.reminders.forSigner(user.signer)).length > 0;
        return [render.withdrawOutcome(locale, outcome, subscribed)];
      }
      default:
        throw new DomainError('dialogue.expired');
    }
  }

  private async start(user: ChatUser, locale: Locale, payload: string): Promise<Reply[]> {
    // Deep links carry either our own redirect from a group or a referral code.
    const redirect = REDIRECTS.has(payload) ? payload : null;
    if (payload && !redirect) {
      const referral = checkReferral(payload);
      if (referral) await this.core.dialogues.set(this.referralKey(user), referral, 30 * 24 * 3600);
    }
    const replies: Reply[] = [this.core.render.start(locale, await this.core.petition.summary(), this.core.petition.countdown())];
    if (redirect && user.isPrivate) replies.push(...(await this.runCommand(user, locale, redirect, '')));
    return replies;
  }

  private referralKey(user: ChatUser): string {
    return `referral:${this.core.keyOf(user.signer)}`;
  }

  private referralOf(user: ChatUser): Promise<string | null> {
    return this.core.dialogues.get<string>(this.referralKey(user));
  }

  private async myData(user: ChatUser, locale: Locale): Promise<Reply> {
    const key = this.core.keyOf(user.signer);
    const [signature, language, subscriptions, draft] = await Promise.all([
      this.core.petition.signatureOf(user.signer),
      this.core.preferences.language(key),
      this.core.reminders.forSigner(user.signer),
      this.dialogue.draftOf(user.signer),
    ]);
    return this.core.render.myData(locale, { signature, language, subscriptions, pendingSignature: draft !== null });
  }

  /** `/list`, `/list 2`, `/list refugee 2`, `/list <words to search>`. */
  private async listPage(locale: Locale, args: string) {
    const words = args.split(/\s+/).filter(Boolean);
    let page = 1;
    let kind: CaseKind | null = null;
    if (words.length > 0 && /^\d{1,6}$/.test(words.at(-1)!)) page = Number(words.pop());
    if (words.length > 0 && isCaseKind(words[0]!)) kind = words.shift() as CaseKind;
    const search = words.join(' ') || null;
    const result = await this.core.list.page({ page, kind, search });
    return this.core.render.listPage(locale, result);
  }

  private async setLanguage(user: ChatUser, value: string): Promise<Reply[]> {
    const current = await this.localeOf(user);
    if (!isLocale(value)) return [this.core.render.languageMenu(current)];
    await this.core.preferences.setLanguage(this.core.keyOf(user.signer), value);
    return [{ text: this.core.t(value, 'language.changed') }];
  }

  private async remind(user: ChatUser, locale: Locale, arg: string): Promise<Reply[]> {
    const { t } = this.core;
    if (arg === 'on') {
      await this.core.reminders.subscribe(user.signer, user.address, locale);
      return [{ text: t(locale, 'remind.on') }];
    }
    if (arg === 'off') {
      await this.core.reminders.unsubscribe(user.address);
      return [{ text: t(locale, 'remind.off') }];
    }
    const subscribed = (await this.core.reminders.forSigner(user.signer)).some((s) => s.address === user.address);
    return [
      {
        text: t(locale, subscribed ? 'remind.status-on' : 'remind.status-off'),
        buttons: [[{ label: t(locale, subscribed ? 'buttons.remind-off' : 'buttons.remind-on'), action: Action.remind(!subscribed) }]],
      },
    ];
  }

  private share(user: ChatUser, locale: Locale): Reply {
    const { t } = this.core;
    const code = this.core.referralCodeOf(user.signer);
    const link = user.links?.share?.(code);
    if (!link) return { text: t(locale, 'share.unavailable') };
    return { text: t(locale, 'share.text', { link }), buttons: [[{ label: t(locale, 'buttons.share'), url: link }]] };
  }

  private privateOnly(user: ChatUser, locale: Locale, command: string): Reply {
    const link = user.links?.privateChat(REDIRECTS.has(command) ? command : 'sign');
    const text = this.core.t(locale, 'errors:command.private-only');
    return link ? { text, buttons: [[{ label: this.core.t(locale, 'buttons.open-private'), url: link }]] } : { text };
  }
}
