import type { Campaign } from '../core/index.ts';
import { localDate } from '../core/index.ts';
import type { DeliveryRelay } from '../core/index.ts';
import type { Clock, DeliveryStore } from '../core/index.ts';

/** The translation key of the relay message for each delivery status (locales/<lang>/pack.json). */
export const RELAY_TEMPLATES = {
  accepted: 'pack:relay.accepted',
  refused: 'pack:relay.refused',
  'no-answer': 'pack:relay.no-answer',
  postponed: 'pack:relay.postponed',
} as const;

/**
 * News from an embassy goes through the durable delivery queue like every
 * broadcast: the broadcast id `delivery:<campaign>:<record id>` is its
 * idempotency key, so each record reaches each subscriber who signed from
 * that country once, at the campaign's reminder hour in their zone (the
 * embassy's zone when theirs is unknown), in their language.
 */
export function createQueuedDeliveryRelay(deliveries: DeliveryStore, campaign: Pick<Campaign, 'id' | 'reminders'>, clock: Clock): DeliveryRelay {
  return {
    async relay(record, { defaultZone }) {
      const count = record.online + record.paper;
      const { recipients } = await deliveries.enqueue({
        id: `delivery:${campaign.id}:${record.id}`,
        campaignId: campaign.id,
        // Shown with announcements in the Slack delivery progress: it is news staff sent.
        kind: 'announcement',
        audience: 'signers-in-country',
        country: record.country,
        content: {
          template: RELAY_TEMPLATES[record.status],
          params: { count, total: count, online: record.online, paper: record.paper, country: record.country, date: localDate(record.recordedAt, defaultZone) },
        },
        requestedBy: record.recordedBy,
        notBefore: clock(),
        nextLocalHour: { hour: campaign.reminders.localHour, defaultZone },
      });
      return { recipients };
    },
  };
}

