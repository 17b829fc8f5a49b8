/**
 * Button payloads shared by every chat surface: one typed union, one encoder
 * and one decoder, so no adapter parses payloads itself. Encoded strings stay
 * short because Telegram allows 64 bytes of callback data (a test checks the
 * longest one), and they keep the shapes already on buttons in old messages.
 */
import { CASE_KINDS, isCountryCode, isLocale, type CaseKind, type Locale } from '../core/index.ts';

export type ChatAction =
  | { type: 'sign' }
  | { type: 'withdraw' }
  | { type: 'video' }
  | { type: 'list'; page: number; kind: CaseKind | 'all' }
  | { type: 'case'; number: number }
  | { type: 'language-menu' }
  | { type: 'language'; locale: Locale }
  | { type: 'remind'; on: boolean }
  /** Hear about the next campaign (a consent apart from the signature). */
  | { type: 'stay-in-touch'; on: boolean }
  | { type: 'confirm-withdraw' }
  | { type: 'keep-signature' }
  /** Signing: the name the platform knows, as is or as initials; or anonymous. */
  | { type: 'sign-name'; choice: 'platform' | 'initials' | 'anonymous' }
  | { type: 'sign-country'; country: string }
  | { type: 'sign-confirm' }
  | { type: 'sign-initials-only' }
  | { type: 'sign-cancel' };

/** Telegram's limit for callback data, in bytes. */
export const MAX_ACTION_BYTES = 64;

const NAME_CHOICES = { platform: 'platform', initials: 'initials', anon: 'anonymous' } as const;

/**
 * @example encodeAction({ type: 'list', page: 2, kind: 'refugee' }) // 'list:2:refugee'
 */
export function encodeAction(action: ChatAction): string {
  switch (action.type) {
    case 'sign':
    case 'withdraw':
    case 'video':
      return action.type;
    case 'list':
      return `list:${action.page}:${action.kind}`;
    case 'case':
      return `case:${action.number}`;
    case 'language-menu':
      return 'lang';
    case 'language':
      return `lang:${action.locale}`;
    case 'remind':
      return `remind:${action.on ? 'on' : 'off'}`;
    case 'stay-in-touch':
      return `stay:${action.on ? 'on' : 'off'}`;
    case 'confirm-withdraw':
      return 'wd:confirm';
    case 'keep-signature':
      return 'wd:keep';
    case 'sign-name':
      return `sd:name:${action.choice === 'anonymous' ? 'anon' : action.choice}`;
    case 'sign-country':
      return `sd:country:${action.country}`;
    case 'sign-confirm':
      return 'sd:confirm';
    case 'sign-initials-only':
      return 'sd:initials';
    case 'sign-cancel':
      return 'sd:cancel';
  }
}

/**
 * The action a payload stands for, or null for anything unknown or malformed
 * (a button from an old message, another bot's payload, a forged callback).
 *
 * @example decodeAction('case:3') // { type: 'case', number: 3 }
 */
export function decodeAction(payload: string): ChatAction | null {
  if (payload.length > MAX_ACTION_BYTES) return null;
  const [head, a, b, ...rest] = payload.split(':');
  if (rest.length > 0) return null;
  switch (head) {
    case 'sign':
    case 'withdraw':
    case 'video':
      return a === undefined ? { type: head } : null;
    case 'list': {
      const page = wholeNumber(a ?? '1');
      const kind = b ?? 'all';
      if (page === null || !(kind === 'all' || (CASE_KINDS as readonly string[]).includes(kind))) return null;
      return { type: 'list', page, kind: kind as CaseKind | 'all' };
    }
    case 'case': {
      const number = wholeNumber(a ?? '');
      return number === null || b !== undefined ? null : { type: 'case', number };
    }
    case 'lang':
      if (a === undefined) return { type: 'language-menu' };
      return isLocale(a) && b === undefined ? { type: 'language', locale: a } : null;
    case 'remind':
      return (a === 'on' || a === 'off') && b === undefined ? { type: 'remind', on: a === 'on' } : null;
    case 'stay':
      return (a === 'on' || a === 'off') && b === undefined ? { type: 'stay-in-touch', on: a === 'on' } : null;
    case 'wd':
      if (b !== undefined) return null;
      return a === 'confirm' ? { type: 'confirm-withdraw' } : a === 'keep' ? { type: 'keep-signature' } : null;
    case 'sd':
      return decodeSigning(a, b);
    default:
      return null;
  }
}

function decodeSigning(step: string | undefined, value: string | undefined): ChatAction | null {
  if (step === 'name' && value && value in NAME_CHOICES) return { type: 'sign-name', choice: NAME_CHOICES[value as keyof typeof NAME_CHOICES] };
  if (step === 'country' && value && isCountryCode(value)) return { type: 'sign-country', country: value };
  if (value !== undefined) return null;
  if (step === 'confirm') return { type: 'sign-confirm' };
  if (step === 'initials') return { type: 'sign-initials-only' };
  if (step === 'cancel') return { type: 'sign-cancel' };
  return null;
}

/** Page and case numbers: 1 to 9 digits, so a forged payload never reaches an integer column out of range. */
function wholeNumber(text: string): number | null {
  if (!/^[1-9]\d{0,8}$/.test(text)) return null;
  return Number(text);
}

/** Shorthands for renderers: the encoded payload of each button. */
export const Action = {
  sign: encodeAction({ type: 'sign' }),
  withdraw: encodeAction({ type: 'withdraw' }),
  video: encodeAction({ type: 'video' }),
  list: (page: number, kind: CaseKind | 'all' = 'all') => encodeAction({ type: 'list', page, kind }),
  case: (number: number) => encodeAction({ type: 'case', number }),
  languageMenu: encodeAction({ type: 'language-menu' }),
  language: (locale: Locale) => encodeAction({ type: 'language', locale }),
  nameFromPlatform: encodeAction({ type: 'sign-name', choice: 'platform' }),
  initialsFromPlatform: encodeAction({ type: 'sign-name', choice: 'initials' }),
  anonymous: encodeAction({ type: 'sign-name', choice: 'anonymous' }),
  country: (code: string) => encodeAction({ type: 'sign-country', country: code }),
  confirmSign: encodeAction({ type: 'sign-confirm' }),
  initialsOnly: encodeAction({ type: 'sign-initials-only' }),
  cancelSign: encodeAction({ type: 'sign-cancel' }),
  confirmWithdraw: encodeAction({ type: 'confirm-withdraw' }),
  keepSignature: encodeAction({ type: 'keep-signature' }),
  remind: (on: boolean) => encodeAction({ type: 'remind', on }),
  stayInTouch: (on: boolean) => encodeAction({ type: 'stay-in-touch', on }),
} as const;
