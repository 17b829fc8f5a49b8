import type { NewSignature } from '../../src/core/index.ts';

/** A made-up signature as the core hands it to storage: a full name from Korea, on Telegram, at 15:00 UTC on 29 November 2026. */
export function newSignature(overrides: Partial<NewSignature> = {}): NewSignature {
  return {
    displayName: 'Test Signer',
    nameStyle: 'full',
    country: 'KR',
    language: 'en',
    platform: 'telegram',
    referral: null,
    signedAt: new Date('2026-11-29T15:00:00Z'),
    signedOn: '2026-11-29',
    ...overrides,
  };
}
