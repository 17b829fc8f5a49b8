/**
 * The signing form: one modal asks for the name, how to show it and the
 * country. Reading a submission is a pure translation into the core's
 * `SignInput`, checked before anything is written.
 */
import { LabelBuilder, ModalBuilder, StringSelectMenuBuilder, StringSelectMenuOptionBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { Locale } from '../../src/core/locale.ts';
import { checkCountry, checkNameChoice, type NameChoice, type SignInput } from '../../src/core/petition-service.ts';
import type { NameStyle } from '../../src/core/ports.ts';
import type { Translate } from '../../src/i18n/i18n.ts';

export const SIGN_MODAL_ID = 'sign:modal';
export const SignField = { name: 'name', style: 'style', country: 'country' } as const;

/** What the person typed, kept for a few minutes so a retry after a typo starts from it. */
export interface SignDraft {
  name: string;
  style: NameStyle;
  country: string;
}

const NAME_STYLES: readonly NameStyle[] = ['full', 'initials', 'anonymous'];
const NAME_MAX = 80;
const COUNTRY_MAX = 60;

/**
 * The modal, in the person's language, optionally filled in from a draft.
 *
 * @example await interaction.showModal(signModal(core.t, 'ko'))
 */
export function signModal(t: Translate, locale: Locale, draft?: Partial<SignDraft>): ModalBuilder {
  const name = new TextInputBuilder()
    .setCustomId(SignField.name)
    .setStyle(TextInputStyle.Short)
    .setRequired(false)
    .setMaxLength(NAME_MAX);
  if (draft?.name) name.setValue(draft.name.slice(0, NAME_MAX));

  const style = new StringSelectMenuBuilder()
    .setCustomId(SignField.style)
    .setMinValues(1)
    .setMaxValues(1)
    .addOptions(
      NAME_STYLES.map((s) =>
        new StringSelectMenuOptionBuilder()
          .setValue(s)
          .setLabel(t(locale, `discord.sign-modal.style-${s}`))
          .setDefault(s === (draft?.style ?? 'full')),
      ),
    );

  const country = new TextInputBuilder()
    .setCustomId(SignField.country)
    .setStyle(TextInputStyle.Short)
    .setRequired(true)
    .setMaxLength(COUNTRY_MAX)
    .setPlaceholder(t(locale, 'discord.sign-modal.country-hint'));
  if (draft?.country) country.setValue(draft.country.slice(0, COUNTRY_MAX));

  return new ModalBuilder()
    .setCustomId(SIGN_MODAL_ID)
    .setTitle(t(locale, 'discord.sign-modal.title'))
    .addLabelComponents(
      new LabelBuilder().setLabel(t(locale, 'discord.sign-modal.name')).setDescription(t(locale, 'discord.sign-modal.name-hint')).setTextInputComponent(name),
      new LabelBuilder().setLabel(t(locale, 'discord.sign-modal.style')).setStringSelectMenuComponent(style),
      new LabelBuilder().setLabel(t(locale, 'discord.sign-modal.country')).setTextInputComponent(country),
    );
}

/** The raw values of a submitted form, as the person typed them. */
export function draftFrom(values: { name: string; style: string | undefined; country: string }): SignDraft {
  const style = NAME_STYLES.find((s) => s === values.style) ?? 'full';
  return { name: values.name.trim(), style, country: values.country.trim() };
}

/**
 * The core's sign input from a draft. Checks the name and the country first
 * and throws their `DomainError` (nothing written) when either is wrong.
 *
 * @example signInputFrom({ name: 'Kim Min-jun', style: 'initials', country: 'Korea' }, 'ko')
 */
export function signInputFrom(draft: SignDraft, language: Locale): SignInput {
  const name: NameChoice = draft.style === 'anonymous' ? { style: 'anonymous' } : { style: draft.style, name: draft.name };
  checkNameChoice(name);
  return { name, country: checkCountry(draft.country), language };
}
