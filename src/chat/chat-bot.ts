import {
  checkReferral,
  requireValidText,
  DomainError,
  isCaseKind,
  isLocale,
  knownLocale,
  localeFromTag,
  normalizeReceiptCode,
  RecipientGoneError,
  videoLink,
  type CampaignCore,
  type CaseKind,
  type Locale,
  type OutgoingMessage,
  type PetitionSummary,
} from '../core/index.ts';
import { formatNumber } from '../i18n/format.ts';
import { Action, decodeAction, type ChatAction } from './actions.ts';
import type { ChatEvent, ChatInput, ChatUser } from './chat-event.ts';
import { SIGN_FORM } from './forms.ts';
import { compose, contextFor, type ChatContext, type ChatMiddleware } from './pipeline.ts';
import { Renderer } from './render.ts';
import type { Reply } from './reply.ts';
import { SignDialogue, type DialogueUser } from './sign-dialogue.ts';
import { signForm } from './sign-form.ts';

export const CHAT_COMMANDS = [
  'start', 'sign', 'withdraw', 'mydata', 'count', 'countdown', 'petition', 'list', 'case',
  'video', 'language', 'remind', 'stayintouch', 'share', 'receipt', 'privacy', 'cancel', 'help', 'channel',
] as const;
export type ChatCommand = (typeof CHAT_COMMANDS)[number];

/** Never shown or asked in a group: they concern one person's own data. */
const PRIVATE_ONLY: ReadonlySet<string> = new Set(['sign', 'withdraw', 'mydata', 'remind', 'stayintouch', 'receipt', 'cancel']);
/** Commands a group can send the person to the private chat for (deep-link payloads). */
const REDIRECTS: ReadonlySet<string> = new Set(['sign', 'withdraw', 'mydata', 'remind', 'stayintouch', 'receipt', 'share']);
/** Commands of the signing dialogue, whose answers touch the stores only (see `ChatBot.storageOnly`). */
const SIGNING_COMMANDS: ReadonlySet<string> = new Set(['sign', 'cancel']);
/** Buttons of the signing dialogue, likewise. */
const SIGNING_ACTIONS: ReadonlySet<ChatAction['type']> = new Set(['sign', 'sign-name', 'sign-country', 'sign-confirm', 'sign-initials-only', 'sign-cancel']);
/** Commands whose answer only reads (see `ChatBot.readsOnly`). */
const READ_ONLY: ReadonlySet<string> = new Set(['petition', 'privacy', 'count', 'countdown', 'list', 'case', 'video', 'help']);
/** Answers meant for the person who asked, not the whole channel (Discord: ephemeral). */
const PERSONAL: ReadonlySet<string> = new Set([...PRIVATE_ONLY, 'language', 'share', 'channel', 'privacy']);
const MAX_INPUT_LENGTH = 2000;

export interface ChatBotDeps {
  core: CampaignCore;
  /** Sends to any address (a first post in a community channel); routes by prefix. */
  send(address: string, message: OutgoingMessage): Promise<void>;
  /** The app's one handler for a person who blocked the bot or a channel the bot lost. */
  recipientGone(address: string, error: RecipientGoneError): Promise<unknown>;
  /** Where `/share` points, whatever the platform the person asks on; absent: only the platform's own link. */
  share?: ShareSettings;
}

/** The campaign's public ways in, from the configuration. */
export interface ShareSettings {
  /** The Telegram bot's username: personal links are `https://t.me/<bot>?start=<code>`. */
  telegramBotUsername?: string | null;
  /** "Sign on Discord": a server invite or the app's install link (it carries no code). */
  discordInviteUrl?: string | null;
  /** The public page, e.g. `https://petition.example.org`; its share card is `/share/<lang>.png`. */
  publicUrl?: string | null;
}

/** How long a referral code from a link or a group waits for the person to sign. */
const REFERRAL_TTL_SECONDS = 30 * 24 * 3600;

/**
 * The supporter's conversation for every chat surface (terminal, Telegram,
 * Discord, and any future one): one event in (a command, a button, a line of
 * text, a form), replies out, through the middleware pipeline given with
 * `use`. Refusals become localized replies here; anything else goes to the
 * pipeline's error seam.
 */
export class ChatBot {
  readonly render: Renderer;
  private readonly core: CampaignCore;
  private readonly dialogue: SignDialogue;
  private readonly middleware: ChatMiddleware[] = [];
  private run: (ctx: ChatContext) => Promise<void>;

  constructor(private readonly deps: ChatBotDeps) {
    this.core = deps.core;
    this.render = new Renderer(deps.core.t, deps.core.campaign);
    this.dialogue = new SignDialogue(deps.core.petition, deps.core.dialogues, deps.core.keyOf, this.render, deps.core.t);
    this.run = this.build();
  }

  /**
   * Adds middleware, outermost first: each wraps everything added after it
   * and the handler itself.
   *
   * @example chat.use(timing(observe), inOrder(), apologize(options), onceEach(journal))
   */
  use(...middleware: ChatMiddleware[]): this {
    this.middleware.push(...middleware);
    this.run = this.build();
    return this;
  }

  /**
   * Handles one event: the pipeline, then the replies through `event.respond`.
   * Rejects only when the platform should deliver the event again.
   */
  async handle(event: ChatEvent): Promise<void> {
    const ctx = contextFor(event);
    await this.run(ctx);
    await ctx.deliver();
  }

  /** The replies to one input, for surfaces that answer by return value (the terminal, tests). */
  async replies(user: ChatUser, input: ChatInput, id?: ChatEvent['id']): Promise<Reply[]> {
    const sent: Reply[] = [];
    await this.handle({ id, user, input, respond: async (replies) => void sent.push(...replies) });
    return sent;
  }

  /** @example await bot.command(user, 'case', '3') */
  command(user: ChatUser, name: string, args = ''): Promise<Reply[]> {
    return this.replies(user, { kind: 'command', name, args });
  }

  /** A button press, by its payload. */
  action(user: ChatUser, payload: string): Promise<Reply[]> {
    return this.replies(user, { kind: 'action', payload });
  }

  /** Text that is not a command: an answer in the signing dialogue, or a hint. */
  text(user: ChatUser, text: string): Promise<Reply[]> {
    return this.replies(user, { kind: 'text', text });
  }

  /**
   * The answer when it needs no storage at all, or null: a form to open (it
   * is checked on submission), a fixed prompt, the countdown, a refusal the
   * platform's own data decides. A surface with a short deadline (Discord
   * answers within 3 s) sends these at once and acknowledges anything else
   * first. Only where the language comes from the platform, and never for
   * anything with an effect.
   */
  async instant(user: ChatUser, input: ChatInput): Promise<Reply[] | null> {
    if (user.surface.storedLanguage) return null;
    const locale = localeFromTag(user.languageTag);
    const { t } = this.core;
    const action = input.kind === 'action' ? decodeAction(input.payload) : null;
    const command = input.kind === 'command' ? input.name.toLowerCase() : action && (action.type === 'sign' || action.type === 'withdraw' || action.type === 'video') ? action.type : null;
    if (user.surface.forms && (command === 'sign' || action?.type === 'sign-country')) {
      const form = signForm(t, locale, action?.type === 'sign-country' ? { country: action.country } : undefined);
      return [{ text: form.title, form, personal: true }];
    }
    switch (command) {
      case 'withdraw':
        return [this.withdrawPrompt(locale)];
      case 'video':
        return [{ ...this.render.video(locale, videoLink(this.core.campaign.video, locale)), personal: input.kind === 'action' }];
      case 'countdown':
        return [{ text: this.render.countdown(locale, this.core.petition.countdown()) }];
      case 'channel': {
        if (!user.community) return [{ text: t(locale, 'discord.campaign.guild-only'), personal: true }];
        if (!(await user.community.canManage())) return [{ text: t(locale, 'discord.campaign.not-allowed'), personal: true }];
        return null;
      }
      default:
        return null;
    }
  }

  /**
   * Who sees the answer to an input, known before handling it: `personal`
   * (the person only), `shared` (the channel), or `in-place` (it replaces the
   * message whose button was pressed). A surface acknowledging early uses it.
   */
  visibilityOf(input: ChatInput): 'personal' | 'shared' | 'in-place' {
    if (input.kind === 'command') return PERSONAL.has(input.name.toLowerCase()) ? 'personal' : 'shared';
    if (input.kind !== 'action') return 'personal';
    const action = decodeAction(input.payload);
    const inPlaceActions: ReadonlySet<string> = new Set(['list', 'remind', 'stay-in-touch', 'confirm-withdraw', 'keep-signature']);
    return action && inPlaceActions.has(action.type) ? 'in-place' : 'personal';
  }

  /**
   * Whether answering this input writes nothing at all: it may then be
   * answered outside a transaction (see `onceEach`). Only commands whose
   * answer is read and rendered, in private or in a group; anything else
   * counts as writing. `test/chat/reads-only.test.ts` checks each against the
   * stores.
   */
  readsOnly(input: ChatInput): boolean {
    return input.kind === 'command' && READ_ONLY.has(input.name.toLowerCase());
  }

  /**
   * Whether answering this input affects nothing but the stores: no platform
   * call, no post elsewhere, so its handler may start before its event is
   * known to be new (see `onceEach`), and a redelivery's run rolls back
   * unseen. Only the signing dialogue, which a launch rush sends: its
   * commands, buttons, typed answers and form. Anything else is claimed
   * first. `test/chat/storage-only.test.ts` checks them against the platform.
   */
  storageOnly(input: ChatInput): boolean {
    switch (input.kind) {
      case 'command':
        return SIGNING_COMMANDS.has(input.name.toLowerCase());
      case 'action': {
        const action = decodeAction(input.payload);
        return action !== null && SIGNING_ACTIONS.has(action.type);
      }
      case 'text':
      case 'form':
        return true;
      case 'gone':
        return false;
    }
  }

  /** The person's chosen language, else their platform's, else English. */
  async localeOf(user: ChatUser): Promise<Locale> {
    if (!user.surface.storedLanguage) return localeFromTag(user.languageTag);
    return (await this.core.preferences.language(this.core.keyOf(user.signer))) ?? localeFromTag(user.languageTag);
  }

  /** The language for an apology: the stored one when storage answers, else the platform's. */
  localeForApology = (event: ChatEvent): Promise<Locale> => this.localeOf(event.user).catch(() => localeFromTag(event.user.languageTag));

  apology(locale: Locale): Reply {
    return { ...this.render.apology(locale), personal: true };
  }

  /** A refusal as a reply, in the person's language (for middleware such as flood limits). */
  async refusal(event: ChatEvent, error: DomainError): Promise<Reply> {
    return { ...this.render.error(await this.localeForApology(event), error, event.user.surface.platform), personal: true };
  }

  private build(): (ctx: ChatContext) => Promise<void> {
    return compose(this.middleware, async (ctx) => {
      ctx.replies = await this.answer(ctx.event, ctx.locale);
    });
  }

  /** The handler at the end of the pipeline: refusals become replies, the rest throws. */
  private async answer(event: ChatEvent, known?: Locale | Promise<Locale>): Promise<Reply[]> {
    const { user, input } = event;
    const locale = await (known ?? this.localeOf(user));
    try {
      checkInput(input);
      switch (input.kind) {
        case 'command':
          return await this.runCommand(user, locale, input.name.toLowerCase(), input.args.trim());
        case 'action':
          return await this.runAction(user, locale, input.payload);
        case 'text':
          if (!user.isPrivate) return [];
          return (await this.dialogue.text(this.dialogueUser(user, locale), input.text)) ?? [{ text: this.core.t(locale, 'help.hint') }];
        case 'gone':
          // The platform says the bot was blocked or removed: stop writing there (no reply possible).
          await this.deps.recipientGone(user.address, new RecipientGoneError(user.address, 'left the chat', user.isPrivate ? 'person' : 'channel'));
          return [];
        case 'form':
          if (input.form !== SIGN_FORM) throw new DomainError('dialogue.expired');
          return personal(await this.dialogue.submit(this.dialogueUser(user, locale), input.values, await this.referralOf(user)));
      }
    } catch (error) {
      if (error instanceof DomainError) return [{ ...this.render.error(locale, error, user.surface.platform), personal: true }];
      throw error;
    }
  }

  private dialogueUser(user: ChatUser, locale: Locale): DialogueUser {
    return { signer: user.signer, locale, platformName: user.platformName, forms: user.surface.forms, platform: user.surface.platform, signals: user.signals };
  }

  private async runCommand(user: ChatUser, locale: Locale, name: string, args: string): Promise<Reply[]> {
    if (!user.isPrivate && PRIVATE_ONLY.has(name)) return [await this.privateOnly(user, locale, name)];
    const replies = await this.command_(user, locale, name, args);
    return PERSONAL.has(name) ? personal(replies) : replies;
  }

  private async command_(user: ChatUser, locale: Locale, name: string, args: string): Promise<Reply[]> {
    const { t } = this.core;
    const render = this.render;
    switch (name) {
      case 'start':
        return this.start(user, locale, args);
      case 'petition':
        return [{ text: render.petition(locale) }];
      case 'sign':
        return this.dialogue.start(this.dialogueUser(user, locale), () => this.referralOf(user));
      case 'cancel':
        return this.dialogue.cancel(this.dialogueUser(user, locale));
      case 'withdraw':
        return [this.withdrawPrompt(locale)];
      case 'mydata': {
        if (args.toLowerCase() === 'json') return [await this.myDataFile(user, locale)];
        if (args) throw new DomainError('mydata.unknown-format');
        return [await this.myData(user, locale)];
      }
      case 'privacy':
        return [render.privacy(locale)];
      case 'count':
        return [{ text: render.count(locale, ...(await this.counts())) }];
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
      case 'stayintouch':
        return [await this.stayInTouch(user, locale, args.toLowerCase())];
      case 'share':
        return [await this.share(user, locale)];
      case 'receipt':
        return [await this.receipt(user, locale, args)];
      case 'help':
        return [render.help(locale, user.surface.platform)];
      case 'channel':
        return [await this.channel(user, locale, args.toLowerCase())];
      default:
        throw new DomainError('command.unknown', { command: name.slice(0, 32) });
    }
  }

  private async runAction(user: ChatUser, locale: Locale, payload: string): Promise<Reply[]> {
    const action = decodeAction(payload);
    if (!action) throw new DomainError('dialogue.expired');
    return personal(await this.action_(user, locale, action));
  }

  private async action_(user: ChatUser, locale: Locale, action: ChatAction): Promise<Reply[]> {
    switch (action.type) {
      case 'sign':
      case 'withdraw':
      case 'video':
        return this.runCommand(user, locale, action.type, '');
      case 'list': {
        // Paging edits the shared list in place; it is not a personal answer.
        const page = await this.listPage(locale, `${action.kind !== 'all' ? action.kind : ''} ${action.page}`);
        return [{ ...page, inPlace: true, personal: false }];
      }
      case 'case':
        return this.runCommand(user, locale, 'case', String(action.number));
      case 'language-menu':
        return [this.render.languageMenu(locale)];
      case 'language':
        return this.setLanguage(user, action.locale);
      case 'remind':
        return inPlace(await this.runCommand(user, locale, 'remind', action.on ? 'on' : 'off'));
      case 'stay-in-touch':
        return inPlace(await this.runCommand(user, locale, 'stayintouch', action.on ? 'on' : 'off'));
      case 'confirm-withdraw':
      case 'keep-signature': {
        if (!user.isPrivate) return [await this.privateOnly(user, locale, 'withdraw')];
        if (action.type === 'keep-signature') return inPlace([{ text: this.core.t(locale, 'withdraw.kept') }]);
        const outcome = await this.core.petition.withdraw(user.signer);
        const subscribed = (await this.core.reminders.forSigner(user.signer)).length > 0;
        return inPlace([this.render.withdrawOutcome(locale, outcome, subscribed, user.surface.platform)]);
      }
      default:
        if (!user.isPrivate) return [await this.privateOnly(user, locale, 'sign')];
        return this.dialogue.action(this.dialogueUser(user, locale), action);
    }
  }

  /** "Withdraw your signature?" with Yes/No buttons; nothing is deleted until Yes. */
  private withdrawPrompt(locale: Locale): Reply {
    const { t } = this.core;
    return {
      text: t(locale, 'withdraw.confirm'),
      personal: true,
      buttons: [[
        { label: t(locale, 'buttons.withdraw-yes'), action: Action.confirmWithdraw },
        { label: t(locale, 'buttons.withdraw-no'), action: Action.keepSignature },
      ]],
    };
  }

  private async start(user: ChatUser, locale: Locale, payload: string): Promise<Reply[]> {
    // Deep links carry either our own redirect from a group or a referral code.
    const redirect = REDIRECTS.has(payload) ? payload : null;
    if (payload && !redirect) {
      const referral = checkReferral(payload);
      if (referral) await this.core.dialogues.set(this.referralKey(user), referral, REFERRAL_TTL_SECONDS);
    }
    const replies: Reply[] = [this.render.start(locale, ...(await this.counts()), this.core.petition.countdown())];
    if (redirect && user.isPrivate) replies.push(...(await this.runCommand(user, locale, redirect, '')));
    return replies;
  }

  private referralKey(user: ChatUser): string {
    return `referral:${this.core.keyOf(user.signer)}`;
  }

  /**
   * The code a signature carries: the link the person came through, else the
   * community they sign from when it turned the campaign channel on (a Discord
   * server, known from the interaction).
   */
  private async referralOf(user: ChatUser): Promise<string | null> {
    return (await this.core.dialogues.get<string>(this.referralKey(user))) ?? (await this.core.referrals.communityReferral(user.signals?.community));
  }

  /**
   * Someone in a group that turned the campaign channel on is sent to the
   * private chat: their signature there counts for the group, unless they
   * already came through someone's link.
   */
  private async rememberCommunity(user: ChatUser): Promise<string | null> {
    if (user.isPrivate || !user.community) return null;
    const code = await this.core.referrals.communityReferral(user.community.key);
    if (code && !(await this.core.dialogues.get<string>(this.referralKey(user)))) {
      await this.core.dialogues.set(this.referralKey(user), code, REFERRAL_TTL_SECONDS);
    }
    return code;
  }

  /** The online summary and the paper signatures counted apart (issue 11: "online + on paper"). */
  private async counts(): Promise<[PetitionSummary, number]> {
    const [summary, paper] = await Promise.all([this.core.petition.summary(), this.core.paper.totals()]);
    return [summary, Object.values(paper).reduce((sum, n) => sum + n, 0)];
  }

  private async myData(user: ChatUser, locale: Locale): Promise<Reply> {
    const key = this.core.keyOf(user.signer);
    const [signature, language, subscriptions, draft, referred, stayInTouchSince] = await Promise.all([
      this.core.petition.signatureOf(user.signer),
      this.core.preferences.language(key),
      this.core.reminders.forSigner(user.signer),
      this.dialogue.draftOf(user.signer),
      this.core.referrals.signedThrough(this.core.referralCodeOf(user.signer)),
      this.core.stayInTouch.consentOf(user.address),
    ]);
    // The receipt is derived from the signer, never stored; shown only with a signature.
    const receipt = signature ? this.core.receiptOfKey(key) : null;
    return this.render.myData(locale, { signature, language, subscriptions, pendingSignature: draft !== null, receipt, referred, stayInTouchSince }, user.surface.platform);
  }

  /**
   * `/mydata json`: the same data as `/mydata`, machine-readable, as a file
   * where the platform takes files. Subscriptions name their platform, not
   * the chat address (it is kept encrypted, and this reply is journaled until sent).
   */
  private async myDataFile(user: ChatUser, locale: Locale): Promise<Reply> {
    const key = this.core.keyOf(user.signer);
    const [signature, language, subscriptions, draft, stayInTouchSince] = await Promise.all([
      this.core.petition.signatureOf(user.signer),
      this.core.preferences.language(key),
      this.core.reminders.forSigner(user.signer),
      this.dialogue.draftOf(user.signer),
      this.core.stayInTouch.consentOf(user.address),
    ]);
    const data = {
      campaign: this.core.campaign.id,
      exportedAt: this.core.clock().toISOString(),
      signature: signature
        ? {
            name: signature.displayName,
            nameStyle: signature.nameStyle,
            country: signature.country,
            language: signature.language,
            platform: signature.platform,
            referral: signature.referral,
            signedAt: signature.signedAt.toISOString(),
            state: signature.state,
            receipt: this.core.receiptOfKey(key),
          }
        : null,
      unfinishedSignature: draft !== null,
      chosenLanguage: language,
      reminders: subscriptions.map((s) => ({ platform: s.address.split(':', 1)[0], language: s.language, timeZone: s.timeZone })),
      nextCampaignContactSince: stayInTouchSince ? stayInTouchSince.toISOString() : null,
    };
    return {
      text: this.core.t(locale, 'mydata.json-caption'),
      file: { name: 'mydata.json', mimeType: 'application/json', content: `${JSON.stringify(data, null, 2)}\n` },
    };
  }

  /**
   * `/receipt` checks the person's own receipt code, `/receipt CODE` any code
   * (one a friend was given, say), against the latest frozen snapshot: the same
   * answer as GET /api/receipts/CODE, in words.
   */
  private async receipt(user: ChatUser, locale: Locale, args: string): Promise<Reply> {
    let code = args;
    if (!code) {
      const signature = await this.core.petition.signatureOf(user.signer);
      if (!signature) return { text: this.core.t(locale, 'receipt.no-signature') };
      code = this.core.receiptOfKey(this.core.keyOf(user.signer));
    }
    const check = await this.core.snapshots.checkReceipt(code);
    if (check.status === 'invalid') throw new DomainError('receipt.invalid');
    return this.render.receiptCheck(locale, normalizeReceiptCode(code)!, check);
  }

  /** `/list`, `/list 2`, `/list refugee 2`, `/list <words to search>`. */
  private async listPage(locale: Locale, args: string) {
    const words = args.split(/\s+/).filter(Boolean);
    let page = 1;
    let kind: CaseKind | null = null;
    if (words.length > 0 && /^\d{1,6}$/.test(words.at(-1)!)) page = Number(words.pop());
    if (words[0] === 'all') words.shift();
    else if (words.length > 0 && isCaseKind(words[0]!)) kind = words.shift() as CaseKind;
    const search = words.join(' ') || null;
    const result = await this.core.list.page({ page, kind, search });
    return this.render.listPage(locale, result);
  }

  private async setLanguage(user: ChatUser, value: string): Promise<Reply[]> {
    const current = await this.localeOf(user);
    // A typed tag is read like a platform's: /language zh-TW gives Traditional Chinese, /language es-MX Spanish.
    const chosen = knownLocale(value.trim());
    if (!chosen) return [this.render.languageMenu(current)];
    await this.core.preferences.setLanguage(this.core.keyOf(user.signer), chosen);
    return [{ text: this.core.t(chosen, 'language.changed') }];
  }

  private async remind(user: ChatUser, locale: Locale, arg: string): Promise<Reply[]> {
    const { t } = this.core;
    if (arg === 'on') {
      await this.core.reminders.subscribe(user.signer, user.address, locale);
      return [{ text: t(locale, 'remind.on', { context: user.surface.platform }) }];
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

  /**
   * `/stayintouch on|off`: a consent of its own, apart from the signature and
   * the reminders, to hear about the coalition's next campaign at this
   * address. Kept when this campaign's data is erased; off forgets it.
   */
  private async stayInTouch(user: ChatUser, locale: Locale, arg: string): Promise<Reply> {
    const { t } = this.core;
    if (arg === 'on') {
      await this.core.stayInTouch.optIn({ address: user.address, language: locale, consentedAt: this.core.clock() });
      return { text: t(locale, 'stay-in-touch.on') };
    }
    if (arg === 'off') {
      const removed = await this.core.stayInTouch.optOut(user.address);
      return { text: t(locale, removed ? 'stay-in-touch.off' : 'stay-in-touch.off-none') };
    }
    if (arg) throw new DomainError('stay-in-touch.unknown-choice');
    const on = (await this.core.stayInTouch.consentOf(user.address)) !== null;
    return {
      text: t(locale, on ? 'stay-in-touch.status-on' : 'stay-in-touch.status-off'),
      buttons: [[{ label: t(locale, on ? 'buttons.stay-in-touch-off' : 'buttons.stay-in-touch-on'), action: Action.stayInTouch(!on) }]],
    };
  }

  /**
   * "Send the campaign's reminders and milestones to this channel": a group
   * or server admin turns it `on [language]` or `off`. The platform says who
   * is an admin; a first post proves the bot may write there.
   */
  private async channel(user: ChatUser, locale: Locale, args: string): Promise<Reply> {
    const { t } = this.core;
    const community = user.community;
    if (!community) return { text: t(locale, 'discord.campaign.guild-only') };
    if (!(await community.canManage())) return { text: t(locale, 'discord.campaign.not-allowed') };
    const [verb = '', chosen = ''] = args.split(/\s+/);
    if (verb === 'off') {
      const removed = await this.core.reminders.unsubscribe(community.address);
      return { text: t(locale, removed ? 'discord.campaign.channel-off' : 'discord.campaign.channel-off-none', { channel: community.label }) };
    }
    const language: Locale = isLocale(chosen) ? chosen : locale;
    // Asked in the channel itself, this reply is the first post; elsewhere post once to be sure.
    if (community.address !== user.address) {
      try {
        await this.deps.send(community.address, { text: t(language, 'discord.campaign.channel-welcome') });
      } catch (error) {
        if (error instanceof RecipientGoneError) return { text: t(locale, 'discord.campaign.cannot-post', { channel: community.label }) };
        throw error;
      }
    }
    // The community gets its own referral code: signatures through it, and its own milestones in this channel.
    const code = await this.core.referrals.enableCommunity({ key: community.key, platform: user.surface.platform, name: community.name });
    await this.core.reminders.subscribeChannel(community.address, language, code);
    const on = t(locale, 'discord.campaign.channel-on', { channel: community.label, language: t(locale, `language.name.${language}`) });
    // A platform with deep links (Telegram) gives the group its link; elsewhere signing in the server is what counts.
    const link = user.links?.share?.(code) ?? null;
    const referral = t(locale, 'share.community-on', { context: link ? 'link' : user.surface.platform, link });
    return { text: `${on}\n\n${referral}` };
  }

  /** A Telegram deep link that starts the private chat with `code`, from the platform or the configuration; null when neither knows the bot. */
  private telegramLink(user: ChatUser, code: string): string | null {
    const bot = this.deps.share?.telegramBotUsername;
    return user.links?.share?.(code) ?? (bot ? `https://t.me/${bot}?start=${code}` : null);
  }

  /**
   * `/share`: the person's own links (the Telegram deep link carries their
   * code; the Discord link and the page carry none), how many signed through
   * theirs, and a warning about posting a personal link where it may be
   * watched. In a group, the group's own link instead, never a person's.
   */
  private async share(user: ChatUser, locale: Locale): Promise<Reply> {
    const { t } = this.core;
    if (!user.isPrivate) {
      const code = await this.rememberCommunity(user);
      const link = code ? this.telegramLink(user, code) : null;
      if (!link) return this.privateOnly(user, locale, 'share');
      return { text: t(locale, 'share.community', { link }), buttons: [[{ label: t(locale, 'buttons.share'), url: link }]] };
    }
    const code = this.core.referralCodeOf(user.signer);
    const telegram = this.telegramLink(user, code);
    const discord = this.deps.share?.discordInviteUrl ?? null;
    const publicUrl = this.deps.share?.publicUrl ?? null;
    const page = publicUrl ? `${publicUrl}/${locale}` : null;
    if (!telegram && !discord && !page) return { text: t(locale, 'share.unavailable') };
    const lines = [t(locale, 'share.intro')];
    if (telegram) lines.push(t(locale, 'share.link-telegram', { link: telegram }));
    if (discord) lines.push(t(locale, 'share.link-discord', { link: discord }));
    if (page) lines.push(t(locale, 'share.link-page', { link: page }), t(locale, 'share.card', { link: `${publicUrl}/share/${locale}.png` }));
    const through = await this.core.referrals.signedThrough(code);
    if (telegram) lines.push('', t(locale, 'share.through', { count: through, n: formatNumber(locale, through) }), '', t(locale, 'share.warning'));
    const buttons = [
      telegram && { label: t(locale, 'buttons.share-telegram'), url: telegram },
      discord && { label: t(locale, 'buttons.share-discord'), url: discord },
      page && { label: t(locale, 'buttons.share-page'), url: page },
    ].filter((b): b is { label: string; url: string } => Boolean(b));
    return { text: lines.join('\n'), buttons: buttons.map((b) => [b]) };
  }

  private async privateOnly(user: ChatUser, locale: Locale, command: string): Promise<Reply> {
    await this.rememberCommunity(user);
    const link = user.links?.privateChat(REDIRECTS.has(command) ? command : 'sign');
    const text = this.core.t(locale, 'errors:command.private-only');
    return { personal: true, ...(link ? { text, buttons: [[{ label: this.core.t(locale, 'buttons.open-private'), url: link }]] } : { text }) };
  }
}

/** Oversized or unstorable input (NUL, lone surrogates) is refused before it reaches anything. */
function checkInput(input: ChatInput): void {
  const texts = input.kind === 'command' ? [input.args] : input.kind === 'text' ? [input.text] : input.kind === 'form' ? Object.values(input.values) : [];
  for (const text of texts) {
    if (text.length > MAX_INPUT_LENGTH) throw new DomainError('input.too-long');
    requireValidText(text);
  }
}

function personal(replies: Reply[]): Reply[] {
  return replies.map((r) => ('personal' in r ? r : { ...r, personal: true }));
}

function inPlace(replies: Reply[]): Reply[] {
  return replies.map((r) => ({ ...r, inPlace: true }));
}
