import {
  checkCountry,
  checkNameChoice,
  checkSignerName,
  countryName,
  DomainError,
  initialsOf,
  likelyCountries,
  type Button,
  type DialogueStore,
  type Locale,
  type NameChoice,
  type PetitionService,
  type SignerKeyer,
  type SignerRef,
  type SigningFacts,
  type SigningSignals,
  type Translate,
} from '../core/index.ts';
import { Action, type ChatAction } from './actions.ts';
import type { Renderer } from './render.ts';
import type { Reply } from './reply.ts';
import { signForm, signInputFrom, typedFrom, type TypedSignature } from './sign-form.ts';

/**
 * Where a signer is: the answers so far. Stored, so a restart mid-way loses
 * nothing. `typed` keeps a form's raw values after a mistake, so "try again"
 * opens the form as it was filled in.
 */
export interface SignDraft {
  step: 'name' | 'country' | 'confirm';
  name?: NameChoice;
  country?: string;
  referral: string | null;
  typed?: TypedSignature;
}

/** Abandoned drafts (and the name typed into them) are deleted after a day. */
const DRAFT_TTL_SECONDS = 24 * 60 * 60;
/** A form kept after a mistake: long enough to fix a typo, short enough that a typed name does not linger. */
const FORM_DRAFT_TTL_SECONDS = 15 * 60;

export interface DialogueUser {
  signer: SignerRef;
  locale: Locale;
  /** The name the platform knows, offered as a one-tap choice. */
  platformName?: string | undefined;
  /** Whether the surface shows the whole form at once (else: one question at a time). */
  forms: boolean;
  /** Where the person is now, so replies name only commands it has. */
  platform: string;
  /** The platform's facts for the review rules (account age, community). */
  signals?: SigningSignals | undefined;
}

/**
 * Signing, once for every surface: the same draft, checks and final call.
 * Where a surface has forms, the name, how to show it and the country are
 * asked in one form and signed on submission (the form is the card to check);
 * elsewhere the same fields are asked one at a time, then confirmed. Nothing
 * is written to the signatures table before that last step.
 */
export class SignDialogue {
  constructor(
    private readonly petition: PetitionService,
    private readonly drafts: DialogueStore,
    private readonly keyOf: SignerKeyer,
    private readonly render: Renderer,
    private readonly t: Translate,
  ) {}

  private key(who: SignerRef): string {
    return `sign:${this.keyOf(who)}`;
  }

  draftOf(who: SignerRef): Promise<SignDraft | null> {
    return this.drafts.get<SignDraft>(this.key(who));
  }

  /** `/sign` or the Sign button: the form, or the first question. */
  async start(user: DialogueUser, referralOf: () => Promise<string | null>): Promise<Reply[]> {
    const { locale } = user;
    // Asked together: in the event's transaction both go to the database in one round trip.
    const [existing, referral] = await Promise.all([this.petition.signatureOf(user.signer), referralOf()]);
    if (existing) return [{ text: this.render.alreadySigned(locale, existing, user.platform) }];
    const refusal = await this.petition.notOpen();
    if (refusal) return [this.render.signOutcome(locale, refusal)];
    if (user.forms) {
      // A draft left by a form with a mistake opens the form as it was.
      const draft = await this.draftOf(user.signer);
      return [this.formReply(user, draft?.typed)];
    }
    const draft: SignDraft = { step: 'name', referral };
    await this.save(user.signer, draft);
    return [{ text: this.t(locale, 'sign.intro') }, this.prompt(user, draft)];
  }

  async cancel(user: DialogueUser): Promise<Reply[]> {
    await this.drafts.delete(this.key(user.signer));
    return [{ text: this.t(user.locale, 'sign.cancelled') }];
  }

  /** Handles typed text; null when no signing dialogue is under way. */
  async text(user: DialogueUser, text: string): Promise<Reply[] | null> {
    const draft = await this.draftOf(user.signer);
    if (!draft || user.forms) return null;
    switch (draft.step) {
      case 'name':
        return this.answer(user, draft, () => ({ ...draft, step: 'country', name: nameFrom({ style: 'full', name: text }) }));
      case 'country':
        return this.answer(user, draft, () => ({ ...draft, step: 'confirm', country: checkCountry(text) }));
      case 'confirm':
        return [{ text: this.t(user.locale, 'sign.use-buttons') }, this.prompt(user, draft)];
    }
  }

  /** Handles a signing button. */
  async action(user: DialogueUser, action: Extract<ChatAction, { type: `sign-${string}` }>): Promise<Reply[]> {
    if (action.type === 'sign-cancel') return this.cancel(user);
    // A confirm is answered from what is read with its draft, so its signature can go with COMMIT (see `sign`).
    const [draft, facts] = await Promise.all([
      this.draftOf(user.signer),
      action.type === 'sign-confirm' ? this.petition.signingFacts(user.signer) : undefined,
    ]);
    if (user.forms) {
      // A suggested country reopens the form with it filled in.
      if (action.type === 'sign-country' && draft?.typed) return [this.formReply(user, { ...draft.typed, country: action.country })];
      // Only the at-risk card after a form waits for a button.
      if (draft?.step !== 'confirm') throw new DomainError('dialogue.expired');
    }
    if (!draft) throw new DomainError('dialogue.expired');
    const platformName = user.platformName ?? '';
    if (draft.step === 'name' && action.type === 'sign-name') {
      const name: NameChoice = action.choice === 'anonymous' ? { style: 'anonymous' } : { style: action.choice === 'platform' ? 'full' : 'initials', name: platformName };
      return this.answer(user, draft, () => ({ ...draft, step: 'country', name: nameFrom(name) }));
    }
    if (draft.step === 'country' && action.type === 'sign-country') {
      return this.answer(user, draft, () => ({ ...draft, step: 'confirm', country: action.country }));
    }
    if (draft.step === 'confirm' && draft.name && draft.country) {
      const name = draft.name;
      // "Sign anonymously" on the card of a signer from an at-risk country.
      if (action.type === 'sign-name' && action.choice === 'anonymous' && name.style !== 'anonymous') {
        return this.answer(user, draft, () => ({ ...draft, name: { style: 'anonymous' } }));
      }
      if (action.type === 'sign-initials-only' && name.style === 'full') {
        return this.answer(user, draft, () => ({ ...draft, name: { style: 'initials', name: name.name } }));
      }
      if (action.type === 'sign-confirm') return this.sign(user, draft.name, draft.country, draft.referral, facts);
    }
    // A button from an earlier question: show the current one again.
    return [this.prompt(user, draft)];
  }

  /**
   * A whole form sent back: every field checked, then signed at once; on a
   * mistake nothing is signed, the values are kept, and the refusal offers
   * the form again.
   */
  async submit(user: DialogueUser, values: Record<string, string>, referral: string | null): Promise<Reply[]> {
    const typed = typedFrom(values);
    let input;
    try {
      input = signInputFrom(typed, user.locale);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.save(user.signer, { step: 'name', referral, typed }, FORM_DRAFT_TTL_SECONDS);
      const refusal = this.render.error(user.locale, error, user.platform);
      // Suggested countries reopen the form with that country; the Sign button reopens it as typed.
      const buttons = [...(refusal.buttons ?? []), [{ label: this.t(user.locale, 'buttons.sign'), action: Action.sign }]];
      return [{ text: refusal.text, buttons }];
    }
    if (input.name.style !== 'anonymous' && this.render.atRisk(input.country)) {
      // A name from an at-risk country is not signed at once: the warning card offers anonymous first.
      const draft: SignDraft = { step: 'confirm', name: input.name, country: input.country, referral };
      await this.save(user.signer, draft, FORM_DRAFT_TTL_SECONDS);
      return [{ ...this.prompt(user, draft), personal: true }];
    }
    return this.sign(user, input.name, input.country, referral, await this.petition.signingFacts(user.signer));
  }

  /**
   * Signs and says so. With `facts` read before (the step's first round
   * trip), the outcome is told from them and the signature goes with the
   * event's COMMIT, checked against that guess (see `PetitionService.sign`).
   */
  private async sign(user: DialogueUser, name: NameChoice, country: string, referral: string | null, facts?: SigningFacts): Promise<Reply[]> {
    const input = { name, country, language: user.locale, referral, ...(user.signals ? { signals: user.signals } : {}) };
    const outcome = await this.petition.sign(user.signer, input, facts);
    await this.drafts.delete(this.key(user.signer));
    return [this.render.signOutcome(user.locale, outcome)];
  }

  /** Applies one answer; on a refusal, says why and asks the same question again. */
  private async answer(user: DialogueUser, draft: SignDraft, next: () => SignDraft): Promise<Reply[]> {
    let updated: SignDraft;
    try {
      updated = next();
    } catch (error) {
      // One message: the reason and the same question again, its options numbered once.
      if (error instanceof DomainError) return [this.render.refusalWithQuestion(user.locale, error, this.prompt(user, draft), user.platform)];
      throw error;
    }
    await this.save(user.signer, updated);
    return [this.prompt(user, updated)];
  }

  private save(who: SignerRef, draft: SignDraft, ttlSeconds = DRAFT_TTL_SECONDS): Promise<void> {
    return this.drafts.set(this.key(who), draft, ttlSeconds);
  }

  /** The signing form, in the person's language, filled in from what they typed before. */
  private formReply(user: DialogueUser, typed?: Partial<TypedSignature>): Reply {
    const form = signForm(this.t, user.locale, typed);
    return { text: form.title, form, personal: true };
  }

  /** The question for the draft's current step. */
  prompt(user: DialogueUser, draft: SignDraft): Reply {
    const { locale } = user;
    const cancel: Button = { label: this.t(locale, 'buttons.cancel'), action: Action.cancelSign };
    if (draft.step === 'name') {
      const buttons: Button[][] = [];
      const platformName = user.platformName && checkSignerName(user.platformName);
      if (platformName && platformName.ok) {
        buttons.push([{ label: platformName.name, action: Action.nameFromPlatform }]);
        buttons.push([{ label: this.t(locale, 'sign.initials-button', { initials: initialsOf(platformName.name) }), action: Action.initialsFromPlatform }]);
      }
      buttons.push([{ label: this.t(locale, 'sign.anonymous-button'), action: Action.anonymous }], [cancel]);
      return { text: this.t(locale, platformName && platformName.ok ? 'sign.ask-name-with-platform' : 'sign.ask-name'), buttons };
    }
    if (draft.step === 'country') {
      const likely = likelyCountries(locale).map((code) => ({ label: countryName(code, locale), action: Action.country(code) }));
      return { text: this.t(locale, 'sign.ask-country'), buttons: [likely.slice(0, 2), likely.slice(2), [cancel]].filter((r) => r.length) };
    }
    const name = checkNameChoice(draft.name!);
    const country = countryName(draft.country!, locale);
    // A name beside an at-risk country can endanger the signer: say so first, and make anonymous the first choice.
    const warn = name.nameStyle !== 'anonymous' && this.render.atRisk(draft.country!);
    const buttons: Button[][] = warn ? [[{ label: this.t(locale, 'sign.anonymous-button'), action: Action.anonymous }]] : [];
    buttons.push([{ label: this.t(locale, warn ? 'sign.keep-name-button' : 'buttons.confirm-sign'), action: Action.confirmSign }]);
    if (name.nameStyle === 'full') buttons.push([{ label: this.t(locale, 'sign.initials-only-button'), action: Action.initialsOnly }]);
    buttons.push([cancel]);
    const card = this.t(locale, 'sign.confirm-card', {
      context: name.nameStyle,
      name: name.displayName ?? this.t(locale, 'sign.anonymous'),
      country,
      language: this.t(locale, `language.name.${locale}`),
    });
    return { text: warn ? `${this.t(locale, 'sign.at-risk-warning', { country })}\n\n${card}` : card, buttons };
  }
}

/** Checks a name now, so a bad one is refused at the name question, not at the end. */
function nameFrom(choice: NameChoice): NameChoice {
  checkNameChoice(choice);
  if (choice.style === 'anonymous') return choice;
  const checked = checkSignerName(choice.name);
  return checked.ok ? { style: choice.style, name: checked.name } : choice;
}
