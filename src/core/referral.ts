import { DomainError } from './errors.ts';

// The alphabet and length Telegram allows for a deep-link start payload;
// other platforms' referral codes follow the same rule.
const REFERRAL = /^[A-Za-z0-9_-]{1,64}$/;

/** Returns the referral code, null when absent, or throws `referral.invalid`. */
export function checkReferral(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (!REFERRAL.test(raw)) throw new DomainError('referral.invalid');
  return raw;
}
