import { DomainError } from './errors.ts';
import type { Clock, SignatureStore, SubscriptionStore } from './ports/index.ts';

/** The part of the snapshot store retention needs: frozen packs keep names too. */
export interface SnapshotNames {
  eraseNames(campaignId: string): Promise<number>;
}

/**
 * After the petition is delivered, names and chat addresses have done their
 * job. Erasing them keeps every count (total, nations, per day) and removes
 * what could identify a signer if the database ever leaked, including the
 * names frozen into delivery-pack snapshots (so a final pack made again
 * afterwards shows everyone as anonymous: its byte-identity ends here, by design).
 */
export class RetentionService {
  constructor(
    private readonly campaign: { id: string; closesAt: Date },
    private readonly signatures: SignatureStore,
    private readonly subscriptions: SubscriptionStore,
    private readonly snapshots: SnapshotNames,
    private readonly clock: Clock,
  ) {}

  /**
   * Refused with `campaign.still-open` while people can still sign.
   *
   * @example await retention.eraseAfterDelivery() // { namesErased: 8123, subscriptionsRemoved: 950, snapshotNamesErased: 16020 }
   */
  async eraseAfterDelivery(): Promise<{ namesErased: number; subscriptionsRemoved: number; snapshotNamesErased: number }> {
    if (this.clock() < this.campaign.closesAt) throw new DomainError('campaign.still-open');
    const namesErased = await this.signatures.eraseNames(this.campaign.id);
    const subscriptionsRemoved = await this.subscriptions.removeAll(this.campaign.id);
    const snapshotNamesErased = await this.snapshots.eraseNames(this.campaign.id);
    return { namesErased, subscriptionsRemoved, snapshotNamesErased };
  }
}
