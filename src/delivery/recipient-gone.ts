import type { CampaignCore } from '../campaign-core.ts';
import type { Clock, DeliveryStore, RecipientGoneError } from '../core/ports.ts';

/**
 * A recipient the platform refuses for good is unsubscribed, so it is not
 * retried forever. A lost channel (the bot was removed or lost its rights)
 * is also reported to the staff channel, once per channel.
 */
export function handleRecipientGone(core: CampaignCore, deliveries: DeliveryStore, clock: Clock) {
  return async (address: string, gone: RecipientGoneError): Promise<void> => {
    await core.reminders.unsubscribe(address);
    if (gone.recipient !== 'channel') return;
    await deliveries.enqueue({
      id: `notice:${core.campaign.id}:channel-lost:${address}`,
      campaignId: core.campaign.id,
      kind: 'milestone',
      audience: 'staff',
      content: { template: 'notice.channel-lost', params: { channel: address } },
      notBefore: clock(),
    });
  };
}
