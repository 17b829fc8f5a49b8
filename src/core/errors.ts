/**
 * A refusal the user can understand and act on. `code` is stable and is also
 * the translation key under `errors:` in every locale, so adding a code means
 * adding a message in en, ko and zh (a test checks that).
 *
 * @example throw new DomainError('country.unknown', { input: 'Kroea', suggestions: ['KR'] })
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const DOMAIN_ERROR_CODES = [
  'name.empty',
  'name.too-long',
  'name.invisible-characters',
  'name.link',
  'name.markup',
  'name.symbols',
  'name.look-alike',
  'country.unknown',
  'referral.invalid',
  'campaign.closed',
  'campaign.not-open',
  'campaign.still-open',
  'case.not-found',
  'case.invalid-number',
  'receipt.invalid',
  'mydata.unknown-format',
  'stay-in-touch.unknown-choice',
  'command.unknown',
  'command.private-only',
  'dialogue.expired',
  'input.too-long',
  'input.invalid-characters',
  'announcement.empty',
  'announcement.too-long',
  'pack.not-closed',
  'delivery.status-unknown',
  'delivery.note-invalid',
  'delivery.photo-invalid',
  'paper.count-invalid',
  'paper.event-invalid',
  'paper.not-found',
  'target.invalid',
  'review.empty-selection',
  'review.unknown-rule',
  'review.unknown-reason',
  'review.invalid-id',
  'review.bad-window',
  'flood.too-fast',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** The storage or another service we depend on failed; nothing was changed. */
export class ServiceUnavailableError extends Error {
  constructor(cause: unknown) {
    super('service unavailable', { cause });
    this.name = 'ServiceUnavailableError';
  }
}
