import type { AnnouncementQueue, Clock, DeliveryStore } from '../core/index.ts';

/**
 * Staff announcements go through the same durable queue as reminders: one
 * delivery per subscribed person and channel, each sent once.
 */
export function createQueuedAnnouncements(deliveries: DeliveryStore, campaignId: string, clock: Clock): AnnouncementQueue {
  return {
    async enqueue({ id, texts, requestedBy }) {
      const { recipients } = await deliveries.enqueue({
        id: `announcement:${id}`,
        campaignId,
        kind: 'announcement',
        audience: 'everyone',
        content: { texts },
        requestedBy,
        notBefore: clock(),
      });
      return { recipients };
    },
  };
}
