/**
 * The signing form: its fields, and the pure translation of a submission
 * into the core's sign input, checked before anything is written. Shared by
 * every surface with forms (Discord's modal today).
 */
import { checkCountry, checkNameChoice, type Locale, type NameChoice, type NameStyle, type SignInput, type Translate } from '../core/index.ts';
import { SIGN_FORM, SignField, type FormSpec } from './forms.ts';

/** What the person typed, kept for a few minutes so a retry after a typo starts from it. */
export interface TypedSignature {
  name: string;
  style: NameStyle;
  country: string;
}

export const NAME_STYLES: readonly NameStyle[] = ['full', 'initials', 'anonymous'];
export const NAME_MAX = 80;
export const COUNTRY_MAX = 60;

/**
 * The raw values of a submitted form, as the person typed them (an unknown style counts as the full name).
 *
 * @example typedFrom({ name: ' Kim ', style: 'initials', country: 'KR' }) // { name: 'Kim', style: 'initials', country: 'KR' }
 */
export function typedFrom(values: Record<string, string | undefined>): TypedSignature {
  const style = NAME_STYLES.find((s) => s === values[SignField.style]) ?? 'full';
  return { name: (values[SignField.name] ?? '').trim(), style, country: (values[SignField.country] ?? '').trim() };
}

/**
 * The core's sign input from what was typed. Checks the name and the country
 * first and throws their `DomainError` (nothing written) when either is wrong.
 *
 * @example signInputFrom({ name: 'Kim Min-jun', style: 'initials', country: 'Korea' }, 'ko')
 */
export function signInputFrom(typed: TypedSignature, language: Locale): SignInput {
  const name: NameChoice = typed.style === 'anonymous' ? { style: 'anonymous' } : { style: typed.style, name: typed.name };
  checkNameChoice(name);
  return { name, country: checkCountry(typed.country), language };
}

/**
 * The form in the person's language, optionally filled in from what they typed before.
 *
 * @example signForm(t, 'ko', { name: 'Kim', style: 'full', country: 'KR' })
 */
export function signForm(t: Translate, locale: Locale, typed?: Partial<TypedSignature>): FormSpec {
  const text = (key: string) => t(locale, key);
  return {
    id: SIGN_FORM,
    title: text('discord.sign-modal.title'),
    fields: [
      {
        id: SignField.name,
        kind: 'text',
        required: false,
        maxLength: NAME_MAX,
        label: text('discord.sign-modal.name'),
        hint: text('discord.sign-modal.name-hint'),
        ...(typed?.name ? { value: typed.name.slice(0, NAME_MAX) } : {}),
      },
      {
        id: SignField.style,
        kind: 'choice',
        required: true,
        label: text('discord.sign-modal.style'),
        choices: NAME_STYLES.map((s) => ({ value: s, label: text(`discord.sign-modal.style-${s}`) })),
        value: typed?.style ?? 'full',
      },
      {
        id: SignField.country,
        kind: 'text',
        required: true,
        maxLength: COUNTRY_MAX,
        label: text('discord.sign-modal.country'),
        placeholder: text('discord.sign-modal.country-hint'),
        ...(typed?.country ? { value: typed.country.slice(0, COUNTRY_MAX) } : {}),
      },
    ],
  };
}
