import { DomainError } from './errors.ts';
import type { Clock, SignatureStore, SubscriptionStore } from './ports/index.ts';

/**
 * After the petition is delivered, names and chat addresses have done their
 * job. Erasing them keeps every count (total, nations, per day) and removes
 * what could identify a signer if the database ever leaked.
 */
export class RetentionService {
  constructor(
    private readonly campaign: { id: string; closesAt: Date },
    private readonly signatures: SignatureStore,
    private readonly subscriptions: SubscriptionStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Refused with `campaign.still-open` while people can still sign.
   *
   * @example await retention.eraseAfterDelivery() // { namesErased: 8123, subscriptionsRemoved: 950 }
   */
  async eraseAfterDelivery(): Promise<{ namesErased: number; subscriptionsRemoved: number }> {
    if (this.clock() < this.campaign.closesAt) throw new DomainError('campaign.still-open');
    const namesErased = await this.signatures.eraseNames(this.campaign.id);
    const subscriptionsRemoved = await this.subscriptions.removeAll(this.campaign.id);
    return { namesErased, subscriptionsRemoved };
  }
}
