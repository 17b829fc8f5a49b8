/**
 * What the core needs from the outside world, by context. Storage implements
 * the stores and the journal; each platform adapter implements `Messenger`.
 * The core imports none of them.
 */
export * from './signatures.ts';
export * from './list.ts';
export * from './people.ts';
export * from './messaging.ts';
export * from './delivery.ts';
export * from './staff.ts';
export * from './events.ts';
export type { Clock } from '../clock.ts';
export type { Logger } from '../logger.ts';
export type { Translate } from '../translate.ts';
export * from './delivery-day.ts';
export * from './review.ts';
export * from './referrals.ts';
