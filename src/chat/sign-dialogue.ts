import { countryName, isCountryCode, likelyCountries } from '../core/country.ts';
import { DomainError } from '../core/errors.ts';
import type { Locale } from '../core/locale.ts';
import { checkCountry, checkNameChoice, type NameChoice, type PetitionService } from '../core/petition-service.ts';
import type { Button, DialogueStore } from '../core/ports.ts';
import { checkSignerName, initialsOf } from '../core/signer-name.ts';
import type { SignerKeyer, SignerRef } from '../core/signer-key.ts';
import type { Translate } from '../i18n/i18n.ts';
import { Action } from './actions.ts';
import type { Renderer, Reply } from './render.ts';

/** Where a signer is in the questions; stored, so a restart mid-way loses nothing. */
export interface SignDraft {
  step: 'name' | 'country' | 'confirm';
  name?: NameChoice;
  country?: string;
  referral: string | null;
}

/** Abandoned drafts (and the name typed into them) are deleted after a day. */
const DRAFT_TTL_SECONDS = 24 * 60 * 60;

export interface DialogueUser {
  signer: SignerRef;
  locale: Locale;
  /** The name the platform knows, offered as a one-tap choice. */
  platformName?: string | undefined;
}

/**
 * The signing questions: name, country, confirmation. Input is either text
 * or a button action; every answer is checked before the next question, and
 * nothing is written to the signatures table before the final confirmation.
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

  async start(user: DialogueUser, referral: string | null): Promise<Reply[]> {
    const { locale } = user;
    const existing = await this.petition.signatureOf(user.signer);
    if (existing) return [{ text: this.render.alreadySigned(locale, existing) }];
    const refusal = await this.petition.notOpen();
    if (refusal) return [this.render.signOutcome(locale, refusal)];
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
    if (!draft) return null;
    switch (draft.step) {
      case 'name':
        return this.answer(user, draft, () => ({ ...draft, step: 'country', name: nameFrom({ style: 'full', name: text }) }));
      case 'country':
        return this.answer(user, draft, () => ({ ...draft, step: 'confirm', country: checkCountry(text) }));
      case 'confirm':
        return [{ text: this.t(user.locale, 'sign.use-buttons') }, this.prompt(user, draft)];
    }
  }

  /** Handles a `sd:*` button. */
  async action(user: DialogueUser, action: string): Promise<Reply[]> {
    if (action === Action.cancelSign) return this.cancel(user);
    const draft = await this.draftOf(user.signer);
    if (!draft) throw new DomainError('dialogue.expired');
    const platformName = user.platformName ?? '';
    if (draft.step === 'name') {
      if (action === Action.anonymous) return this.answer(user, draft, () => ({ ...draft, step: 'country', name: { style: 'anonymous' } }));
      if (action === Action.nameFromPlatform) return this.answer(user, draft, () => ({ ...draft, step: 'country', name: nameFrom({ style: 'full', name: platformName }) }));
      if (action === Action.initialsFromPlatform) return this.answer(user, draft, () => ({ ...draft, step: 'country', name: nameFrom({ style: 'initials', name: platformName }) }));
    }
    if (draft.step === 'country' && action.startsWith('sd:country:')) {
      const code = action.slice('sd:country:'.length);
      if (isCountryCode(code)) return this.answer(user, draft, () => ({ ...draft, step: 'confirm', country: code }));
    }
    if (draft.step === 'confirm' && draft.name && draft.country) {
      const name = draft.name;
      if (action === Action.initialsOnly && name.style === 'full') {
        return this.answer(user, draft, () => ({ ...draft, name: { style: 'initials', name: name.name } }));
      }
      if (action === Action.confirmSign) {
        const outcome = await this.petition.sign(user.signer, {
          name: draft.name,
          country: draft.country,
          language: user.locale,
          referral: draft.referral,
        });
        await this.drafts.delete(this.key(user.signer));
        return [this.render.signOutcome(user.locale, outcome)];
      }
    }
    // A button from an earlier question: show the current one again.
    return [this.prompt(user, draft)];
  }

  /** Applies one answer; on a refusal, says why and asks the same question again. */
  private async answer(user: DialogueUser, draft: SignDraft, next: () => SignDraft): Promise<Reply[]> {
    let updated: SignDraft;
    try {
      updated = next();
    } catch (error) {
      if (error instanceof DomainError) return [this.render.error(user.locale, error), this.prompt(user, draft)];
      throw error;
    }
    await this.save(user.signer, updated);
    return [this.prompt(user, updated)];
  }

  private save(who: SignerRef, draft: SignDraft): Promise<void> {
    return this.drafts.set(this.key(who), draft, DRAFT_TTL_SECONDS);
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
    const buttons: Button[][] = [[{ label: this.t(locale, 'buttons.confirm-sign'), action: Action.confirmSign }]];
    if (name.nameStyle === 'full') buttons.push([{ label: this.t(locale, 'sign.initials-only-button'), action: Action.initialsOnly }]);
    buttons.push([cancel]);
    return {
      text: this.t(locale, 'sign.confirm-card', {
        name: name.displayName ?? this.t(locale, 'sign.anonymous'),
        country: countryName(draft.country!, locale),
        language: this.t(locale, `language.name.${locale}`),
      }),
      buttons,
    };
  }
}

/** Checks a name now, so a bad one is refused at the name question, not at the end. */
function nameFrom(choice: NameChoice): NameChoice {
  checkNameChoice(choice);
  if (choice.style === 'anonymous') return choice;
  const checked = checkSignerName(choice.name);
  return checked.ok ? { style: choice.style, name: checked.name } : choice;
}
