import type { Locale } from './locale.ts';
import type { Subscription, SubscriptionStore } from './ports/index.ts';
import type { SignerKeyer, SignerRef } from './signer-key.ts';

/** Opting in and out of countdown reminders. */
export class ReminderService {
  constructor(
    private readonly campaignId: string,
    private readonly subscriptions: SubscriptionStore,
    private readonly keyOf: SignerKeyer,
  ) {}

  /**
   * Subscribes a person at the address where the bot can reach them.
   *
   * @example await reminders.subscribe(who, 'telegram:42', 'ko')
   */
  async subscribe(who: SignerRef, address: string, language: Locale, timeZone: string | null = null): Promise<void> {
    await this.subscriptions.subscribe(this.campaignId, { address, language, timeZone, signerKey: this.keyOf(who) });
  }

  /** Subscribes a channel (not a person), e.g. `discord:channel:456`, with its community's referral code when it has one. */
  async subscribeChannel(address: string, language: Locale, community: string | null = null): Promise<void> {
    await this.subscriptions.subscribe(this.campaignId, { address, language, timeZone: null, signerKey: null, community });
  }

  /** Stops every future reminder to the address; false when it was not subscribed. */
  unsubscribe(address: string): Promise<boolean> {
    return this.subscriptions.unsubscribe(this.campaignId, address);
  }

  forSigner(who: SignerRef): Promise<Subscription[]> {
    return this.subscriptions.forSigner(this.campaignId, this.keyOf(who));
  }
}
