/**
 * A neutral form: fields with labels, limits and hints. A surface with forms
 * (Discord's modals) shows it at once and sends back all values together; on
 * surfaces without (Telegram, the terminal) the chat layer asks the same
 * fields as successive questions. The submission goes through the same checks
 * either way.
 */
export interface FormChoice {
  value: string;
  label: string;
}

export interface FormField {
  /** The key its value comes back under. */
  id: string;
  label: string;
  /** A line under the label: what to enter and what happens to it. */
  hint?: string;
  /** Greyed-out example inside an empty text box. */
  placeholder?: string;
  kind: 'text' | 'choice';
  required: boolean;
  /** For text fields, in characters. */
  maxLength?: number;
  /** For choice fields. */
  choices?: FormChoice[];
  /** Filled in already (a retry after a typo, a suggested country). */
  value?: string;
}

export interface FormSpec {
  /** Which form: its submission comes back with this id. */
  id: string;
  title: string;
  fields: FormField[];
}

/** The signing form's id and fields, as surfaces send them back. */
export const SIGN_FORM = 'sign';
export const SignField = { name: 'name', style: 'style', country: 'country' } as const;
