/** What is kept about people beyond their signature: reminders, language, unfinished dialogues. */
import type { Locale } from '../locale.ts';

export interface Subscription {
  address: string;
  language: Locale;
  timeZone: string | null;
}

export interface SubscriptionStore {
  /**
   * Adds or updates a subscription by address.
   *
   * @example await subscriptions.subscribe('c', { address: 'telegram:42', language: 'ko', timeZone: null, signerKey: key })
   */
  subscribe(campaignId: string, subscription: Subscription & { signerKey: string | null; /** A community channel's referral code. */ community?: string | null }): Promise<void>;
  /**
   * Removes one address (and what is queued for it); false when it was not subscribed.
   *
   * @example await subscriptions.unsubscribe('c', 'telegram:42') // true
   */
  unsubscribe(campaignId: string, address: string): Promise<boolean>;
  /**
   * The person's own subscriptions (for "my data").
   *
   * @example await subscriptions.forSigner('c', key) // [{ address: 'telegram:42', language: 'ko', timeZone: null }]
   */
  forSigner(campaignId: string, signerKey: string): Promise<Subscription[]>;
  /**
   * Removes every subscription of the campaign (and so every address kept for it); returns how many.
   *
   * @example await subscriptions.removeAll('c') // 950
   */
  removeAll(campaignId: string): Promise<number>;
}

/** Consent to hear about the next campaign, kept apart from this campaign's data (and its erasure). */
export interface StayInTouchStore {
  /**
   * Records (or renews) the consent of an address, in a language, at an instant.
   *
   * @example await stayInTouch.optIn({ address: 'telegram:42', language: 'ko', consentedAt: now })
   */
  optIn(entry: { address: string; language: Locale; consentedAt: Date }): Promise<void>;
  /** Forgets the address; false when it had not opted in. */
  optOut(address: string): Promise<boolean>;
  /** When the address agreed, or null. */
  consentOf(address: string): Promise<Date | null>;
}

export interface PreferenceStore {
  /**
   * The language the person chose, or null.
   *
   * @example await preferences.language(key) // 'ko'
   */
  language(signerKey: string): Promise<Locale | null>;
  /**
   * Remembers the person's language.
   *
   * @example await preferences.setLanguage(key, 'zh')
   */
  setLanguage(signerKey: string, language: Locale): Promise<void>;
}

/** Short-lived state of a dialogue, kept outside the process so restarts do not lose it. */
export interface DialogueStore {
  /**
   * The state under a key, or null when absent or expired.
   *
   * @example await dialogues.get<SignDraft>('sign:abc')
   */
  get<T>(key: string): Promise<T | null>;
  /**
   * Stores state that expires after `ttlSeconds`.
   *
   * @example await dialogues.set('sign:abc', draft, 86_400)
   */
  set<T>(key: string, state: T, ttlSeconds: number): Promise<void>;
  /**
   * Forgets a key.
   *
   * @example await dialogues.delete('sign:abc')
   */
  delete(key: string): Promise<void>;
}
