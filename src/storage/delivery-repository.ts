import { sql } from 'drizzle-orm';
import { countryMainZones, isLocale, mainTimeZone, type Locale } from '../core/index.ts';
import type { AddressCipher, BroadcastContent, BroadcastKind, Clock, DeliveryProgress, DeliveryStore, NewBroadcast } from '../core/index.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';

/**
 * The delivery queue in Postgres. Times come from the injected clock, not the
 * server's, so tests (and a campaign replayed in a staging copy) can stand
 * anywhere in time. Addresses stay sealed in the queue (copied from the
 * subscription) and are opened only when a worker claims them to send.
 */
export function createDeliveryRepository(db: Db, clock: Clock, addresses: Pick<AddressCipher, 'open'>): DeliveryStore {
  const now = () => clock().toISOString();

  return {
    async enqueue(b: NewBroadcast) {
      return db.transaction(async (tx) => {
        const created = rowsOf(
          await tx.execute(sql`
            insert into broadcasts (id, campaign_id, kind, audience, content, requested_by, created_at)
            values (${b.id}, ${b.campaignId}, ${b.kind}, ${b.audience}, ${JSON.stringify(b.content)}::jsonb, ${b.requestedBy ?? null}, ${now()})
            on conflict (id) do nothing
            returning id`),
        ).length > 0;
        if (!created) {
          const [row] = rowsOf<{ n: string }>(await tx.execute(sql`select count(*)::text as n from deliveries where broadcast_id = ${b.id}`));
          return { created: false, recipients: Number(row?.n ?? 0) };
        }
        const local = b.localTime ?? null;
        const next = b.nextLocalHour ?? null;
        const before = b.lastLocalHourBefore ?? null;
        const earliest = sql`${b.notBefore.toISOString()}::timestamptz`;
        // Each recipient's local hour: in the zone their platform gave, else the
        // main zone of the country they signed from, else the default zone. A
        // zone Postgres does not know counts as unknown: `at time zone` would
        // fail the whole statement, and so everyone's reminder.
        let notBefore = earliest;
        if (local) {
          notBefore = sql`greatest(${earliest},
              ((${local.date}::date + make_interval(hours => ${local.hour}))::timestamp at time zone coalesce(z.name, cz.name, ${local.defaultZone})))`;
        } else if (next) {
          // Today at that hour in their zone if it is still to come, else tomorrow's (computed in local time, so DST days are right).
          const zone = sql`coalesce(z.name, cz.name, ${next.defaultZone})`;
          notBefore = sql`((((${earliest} at time zone ${zone})::date
              + (case when (${earliest} at time zone ${zone})::time <= make_time(${next.hour}, 0, 0) then 0 else 1 end))
              + make_interval(hours => ${next.hour}))::timestamp at time zone ${zone})`;
        } else if (before) {
          // The deadline in local time, less the margin; that day's hour if it is not later, else the day before's.
          const zone = sql`coalesce(z.name, cz.name, ${before.defaultZone})`;
          const latest = sql`((${before.instant.toISOString()}::timestamptz at time zone ${zone}) - make_interval(hours => ${before.marginHours}))`;
          notBefore = sql`greatest(${earliest}, ((${latest}::date
              - (case when ${latest}::time >= make_time(${before.hour}, 0, 0) then 0 else 1 end))
              + make_interval(hours => ${before.hour}))::timestamp at time zone ${zone})`;
        }
        const zones = local || next || before ? sql`with zones as materialized (select name from pg_timezone_names)` : sql``;
        // The country is already on the signature: nothing more is stored to know a signer's zone.
        const zoneJoin =
          local || next || before
            ? sql`left join zones z on z.name = s.time_zone
                left join signatures sg on s.signer_key is not null and sg.campaign_id = s.campaign_id and sg.signer_key = s.signer_key
                left join zones cz on cz.name = (${JSON.stringify(countryMainZones())}::jsonb ->> sg.country)`
            : sql``;
        const inserted = rowsOf(
          await tx.execute(sql`
            ${zones}
            insert into deliveries (broadcast_id, campaign_id, address, address_index, platform, language, not_before, updated_at)
            select ${b.id}, s.campaign_id, s.address, s.address_index, s.platform, s.language, ${notBefore}, ${now()}
            from subscriptions s ${zoneJoin}
            where s.campaign_id = ${b.campaignId}
              and (${b.audience} = 'everyone'
                or (${b.audience} = 'channels' and s.signer_key is null)
                or (${b.audience} = 'staff' and s.platform = 'slack')
                or (${b.audience} = 'community' and s.signer_key is null and s.community = ${b.community ?? ''})
                or (${b.audience} = 'signers-in-country' and s.signer_key is not null and exists (
                  select 1 from signatures g
                  where g.campaign_id = s.campaign_id and g.signer_key = s.signer_key and g.state = 'valid' and g.country = ${b.country ?? ''})))
            on conflict (broadcast_id, address_index) do nothing
            returning id`),
        );
        return { created: true, recipients: inserted.length };
      });
    },

    async claim(platform, limit, leaseMs) {
      const at = clock();
      const leaseUntil = new Date(at.getTime() + leaseMs).toISOString();
      const rows = rowsOf<{
        id: string;
        broadcast_id: string;
        address: string;
        platform: string;
        language: string;
        attempts: number;
        content: BroadcastContent;
        time_zone: string | null;
        country: string | null;
      }>(
        await db.execute(sql`
          with due as (
            select d.id from deliveries d
            where d.platform = ${platform} and d.state = 'queued' and d.not_before <= ${at.toISOString()}
              -- Opted out after it was queued: never sent (the sweep marks it).
              and exists (select 1 from subscriptions s where s.campaign_id = d.campaign_id and s.address_index = d.address_index)
              -- One message a second per chat, across workers: not while another
              -- delivery to the same chat is in flight or went out within a second.
              and not exists (
                select 1 from deliveries r
                where r.address_index = d.address_index and r.id <> d.id
                  and (r.state = 'sending' or r.sent_at > ${new Date(at.getTime() - 1_000).toISOString()}::timestamptz))
            -- Just the index's order (deliveries_due): a tie-break on id would
            -- sort every queued row of a broadcast on each claim.
            order by d.not_before
            limit ${limit}
            for update of d skip locked
          )
          update deliveries d
          set state = 'sending', attempts = d.attempts + 1, lease_until = ${leaseUntil}, updated_at = ${at.toISOString()}
          from due, broadcasts b
          where d.id = due.id and b.id = d.broadcast_id
          returning d.id, d.broadcast_id, d.address, d.platform, d.language, d.attempts, b.content,
            -- The reader's zone, for dates in their time: the platform's, else from their signature's country.
            (select s.time_zone from subscriptions s where s.campaign_id = d.campaign_id and s.address_index = d.address_index) as time_zone,
            (select g.country from subscriptions s join signatures g on g.campaign_id = s.campaign_id and g.signer_key = s.signer_key
             where s.campaign_id = d.campaign_id and s.address_index = d.address_index) as country`),
      );
      const claimed = [];
      for (const r of rows) {
        let address: string;
        try {
          address = addresses.open(r.address);
        } catch {
          // Sealed with a key no longer configured: it can never be sent.
          await db.execute(sql`update deliveries set state = 'failed', lease_until = null, last_error = 'address key unknown', updated_at = ${now()} where id = ${r.id}`);
          continue;
        }
        claimed.push({ r, address });
      }
      return claimed.map(({ r, address }) => ({
        id: Number(r.id),
        broadcastId: r.broadcast_id,
        address,
        platform: r.platform,
        language: (isLocale(r.language) ? r.language : 'en') as Locale,
        attempts: Number(r.attempts),
        content: typeof r.content === 'string' ? (JSON.parse(r.content) as BroadcastContent) : r.content,
        timeZone: (r.time_zone && isTimeZone(r.time_zone) ? r.time_zone : null) ?? mainTimeZone(r.country),
      }));
    },

    async markSent(id) {
      await db.execute(sql`update deliveries set state = 'sent', sent_at = ${now()}, lease_until = null, updated_at = ${now()} where id = ${id}`);
    },

    async retry(id, at, reason, countsAsAttempt) {
      await db.execute(sql`
        update deliveries
        set state = 'queued', not_before = ${at.toISOString()}, lease_until = null, last_error = ${reason.slice(0, 300)},
            attempts = attempts - ${countsAsAttempt ? 0 : 1}, updated_at = ${now()}
        where id = ${id} and state = 'sending'`);
    },

    async markFailed(id, reason) {
      await db.execute(sql`update deliveries set state = 'failed', lease_until = null, last_error = ${reason.slice(0, 300)}, updated_at = ${now()} where id = ${id}`);
    },

    async markUnsubscribed(id) {
      await db.execute(sql`update deliveries set state = 'unsubscribed', lease_until = null, updated_at = ${now()} where id = ${id}`);
    },

    async recoverExpiredLeases() {
      const at = now();
      const recovered = rowsOf(
        await db.execute(sql`
          update deliveries set state = 'queued', in_doubt = true, lease_until = null, updated_at = ${at}
          where state = 'sending' and lease_until < ${at}
          returning id`),
      );
      // Queued for someone who opted out meanwhile (a race with enqueue): record it, do not send.
      await db.execute(sql`
        update deliveries d set state = 'unsubscribed', updated_at = ${at}
        where d.state = 'queued'
          and not exists (select 1 from subscriptions s where s.campaign_id = d.campaign_id and s.address_index = d.address_index)`);
      return recovered.length;
    },

    async progress(limit) {
      const minuteAgo = new Date(clock().getTime() - 60_000).toISOString();
      const rows = rowsOf<Record<string, string | Date>>(
        await db.execute(sql`
          select b.id, b.kind, b.created_at,
            count(d.id) filter (where d.state = 'queued')::int as queued,
            count(d.id) filter (where d.state = 'sending')::int as sending,
            count(d.id) filter (where d.state = 'sent')::int as sent,
            count(d.id) filter (where d.state = 'failed')::int as failed,
            count(d.id) filter (where d.state = 'unsubscribed')::int as unsubscribed,
            count(d.id) filter (where d.in_doubt)::int as in_doubt,
            count(d.id) filter (where d.sent_at >= ${minuteAgo})::int as sent_last_minute
          from broadcasts b left join deliveries d on d.broadcast_id = b.id
          group by b.id order by b.created_at desc, b.id limit ${limit}`),
      );
      return rows.map(
        (r): DeliveryProgress => ({
          broadcastId: String(r.id),
          kind: r.kind as BroadcastKind,
          createdAt: new Date(r.created_at as string),
          queued: Number(r.queued),
          sending: Number(r.sending),
          sent: Number(r.sent),
          failed: Number(r.failed),
          unsubscribed: Number(r.unsubscribed),
          inDoubt: Number(r.in_doubt),
          sentLastMinute: Number(r.sent_last_minute),
        }),
      );
    },
  };
}

/** Whether `Intl` knows the zone (a platform may send one that no longer exists). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
