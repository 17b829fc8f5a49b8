import type { AddressCipher, CampaignCore, Clock, DeliveryStore, RecipientGoneError } from '../core/index.ts';

/**
 * The one place for a recipient the platform refuses for good (a person who
 * blocked the bot, a channel the bot lost), whether a reminder, a reply or
 * the platform itself found out: it is unsubscribed, so it is not retried
 * forever. A lost channel that was receiving the campaign's posts is also
 * reported to the staff channel, once per channel. The notice names the
 * channel by its sealed address (opened only to render it for staff) and is
 * keyed by its blind index, so no raw channel id is stored.
 */
export function handleRecipientGone(core: CampaignCore, deliveries: DeliveryStore, clock: Clock, addresses: Pick<AddressCipher, 'seal' | 'index'>) {
  return async (address: string, gone: RecipientGoneError): Promise<void> => {
    const removed = await core.reminders.unsubscribe(address);
    if (!removed || gone.recipient !== 'channel') return;
    await deliveries.enqueue({
      id: `notice:${core.campaign.id}:channel-lost:${addresses.index(address)}`,
      campaignId: core.campaign.id,
      kind: 'milestone',
      audience: 'staff',
      content: { template: 'notice.channel-lost', params: { channel: addresses.seal(address) } },
      notBefore: clock(),
    });
  };
}
