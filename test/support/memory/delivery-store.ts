/**
 * DeliveryStore in memory, faithful to src/core/ports/delivery.ts and to what
 * the Postgres queue does: one delivery per (broadcast, address), the same
 * broadcast id twice is one broadcast, local hours per recipient zone (an
 * unknown zone counts as the default one), one message a second per chat
 * across workers, leases that run out come back in doubt.
 */
import { DateTime, Info } from 'luxon';
import { mainTimeZone, type ClaimedDelivery, type Clock, type DeliveryProgress, type DeliveryStore, type NewBroadcast } from '../../../src/core/index.ts';
import { copy, type DeliveryRow, type MemoryTables, type SubscriptionRow } from './tables.ts';

export function createMemoryDeliveryStore(tables: MemoryTables, clock: Clock): DeliveryStore {
  const subscribed = (d: DeliveryRow) => tables.subscriptions.has(tables.subscriptionKey(d.campaignId, d.address));
  const byId = (id: number) => tables.deliveries.find((d) => d.id === id);
  /** The reader's zone: the platform's when valid, else the main zone of the country they signed from. */
  const readerZone = (s: SubscriptionRow | undefined): string | null => {
    if (!s) return null;
    if (s.timeZone && Info.isValidIANAZone(s.timeZone)) return s.timeZone;
    const signed = s.signerKey === null ? undefined : tables.signatures.find((g) => g.campaignId === s.campaignId && g.signerKey === s.signerKey);
    return mainTimeZone(signed?.country);
  };

  function inAudience(b: NewBroadcast, s: SubscriptionRow): boolean {
    if (s.campaignId !== b.campaignId) return false;
    switch (b.audience) {
      case 'everyone':
        return true;
      case 'channels':
        return s.signerKey === null;
      case 'community':
        return s.signerKey === null && s.community === (b.community ?? '');
      case 'staff':
        return s.address.startsWith('slack:');
      case 'signers-in-country':
        return (
          s.signerKey !== null &&
          tables.signatures.some((g) => g.campaignId === s.campaignId && g.signerKey === s.signerKey && g.state === 'valid' && g.country === (b.country ?? ''))
        );
    }
  }

  return {
    async enqueue(b) {
      tables.check();
      if (tables.broadcasts.has(b.id)) return { created: false, recipients: tables.deliveries.filter((d) => d.broadcastId === b.id).length };
      const now = clock();
      tables.broadcasts.set(b.id, {
        id: b.id,
        campaignId: b.campaignId,
        kind: b.kind,
        audience: b.audience,
        content: copy(b.content),
        requestedBy: b.requestedBy ?? null,
        createdAt: now,
      });
      let recipients = 0;
      for (const s of tables.subscriptions.values()) {
        if (!inAudience(b, s) || tables.deliveries.some((d) => d.broadcastId === b.id && d.address === s.address)) continue;
        tables.deliveries.push({
          id: tables.nextId('deliveries'),
          broadcastId: b.id,
          campaignId: s.campaignId,
          address: s.address,
          platform: s.address.split(':')[0]!,
          language: s.language,
          notBefore: notBeforeFor(b, readerZone(s)),
          state: 'queued',
          attempts: 0,
          leaseUntil: null,
          sentAt: null,
          inDoubt: false,
          lastError: null,
          updatedAt: now,
        });
        recipients += 1;
      }
      return { created: true, recipients };
    },

    async claim(platform, limit, leaseMs) {
      tables.check();
      const at = clock();
      const secondAgo = at.getTime() - 1_000;
      // Decided on the rows as they are before this claim, as one statement sees them.
      const due = tables.deliveries
        .filter(
          (d) =>
            d.platform === platform &&
            d.state === 'queued' &&
            d.notBefore <= at &&
            subscribed(d) &&
            !tables.deliveries.some((r) => r.address === d.address && r.id !== d.id && (r.state === 'sending' || (r.sentAt !== null && r.sentAt.getTime() > secondAgo))),
        )
        .sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.id - b.id)
        .slice(0, limit);
      return due.map((d): ClaimedDelivery => {
        Object.assign(d, { state: 'sending', attempts: d.attempts + 1, leaseUntil: new Date(at.getTime() + leaseMs), updatedAt: at });
        const { content } = tables.broadcasts.get(d.broadcastId)!;
        const timeZone = readerZone(tables.subscriptions.get(tables.subscriptionKey(d.campaignId, d.address)));
        return { id: d.id, broadcastId: d.broadcastId, address: d.address, platform: d.platform, language: d.language, attempts: d.attempts, content: copy(content), timeZone };
      });
    },

    async markSent(id) {
      tables.check();
      const d = byId(id);
      if (d) Object.assign(d, { state: 'sent', sentAt: clock(), leaseUntil: null, updatedAt: clock() });
    },

    async retry(id, at, reason, countsAsAttempt) {
      tables.check();
      const d = byId(id);
      if (!d || d.state !== 'sending') return;
      Object.assign(d, {
        state: 'queued',
        notBefore: new Date(at),
        leaseUntil: null,
        lastError: reason.slice(0, 300),
        attempts: d.attempts - (countsAsAttempt ? 0 : 1),
        updatedAt: clock(),
      });
    },

    async markFailed(id, reason) {
      tables.check();
      const d = byId(id);
      if (d) Object.assign(d, { state: 'failed', leaseUntil: null, lastError: reason.slice(0, 300), updatedAt: clock() });
    },

    async markUnsubscribed(id) {
      tables.check();
      const d = byId(id);
      if (d) Object.assign(d, { state: 'unsubscribed', leaseUntil: null, updatedAt: clock() });
    },

    async recoverExpiredLeases() {
      tables.check();
      const at = clock();
      let recovered = 0;
      for (const d of tables.deliveries) {
        if (d.state !== 'sending' || d.leaseUntil === null || d.leaseUntil >= at) continue;
        Object.assign(d, { state: 'queued', inDoubt: true, leaseUntil: null, updatedAt: at });
        recovered += 1;
      }
      // Queued for someone who opted out meanwhile: recorded, not sent.
      for (const d of tables.deliveries) if (d.state === 'queued' && !subscribed(d)) Object.assign(d, { state: 'unsubscribed', updatedAt: at });
      return recovered;
    },

    async progress(limit) {
      tables.check();
      const minuteAgo = clock().getTime() - 60_000;
      return [...tables.broadcasts.values()]
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit)
        .map((b): DeliveryProgress => {
          const ds = tables.deliveries.filter((d) => d.broadcastId === b.id);
          const count = (test: (d: DeliveryRow) => boolean) => ds.filter(test).length;
          return {
            broadcastId: b.id,
            kind: b.kind,
            createdAt: new Date(b.createdAt),
            queued: count((d) => d.state === 'queued'),
            sending: count((d) => d.state === 'sending'),
            sent: count((d) => d.state === 'sent'),
            failed: count((d) => d.state === 'failed'),
            unsubscribed: count((d) => d.state === 'unsubscribed'),
            inDoubt: count((d) => d.inDoubt),
            sentLastMinute: count((d) => d.sentAt !== null && d.sentAt.getTime() >= minuteAgo),
          };
        });
    },
  };
}

/** The earliest send time for one recipient: `notBefore`, or a local hour in their zone (the default zone when theirs is unknown). */
function notBeforeFor(b: NewBroadcast, timeZone: string | null): Date {
  const zoneOf = (fallback: string) => (timeZone && Info.isValidIANAZone(timeZone) ? timeZone : fallback);
  // A wall-clock date and hour in a zone, as `(date + hours)::timestamp at time zone` reads it.
  const wall = (day: DateTime, hour: number, zone: string) => DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour }, { zone });
  if (b.localTime) {
    const { date, hour, defaultZone } = b.localTime;
    const zone = zoneOf(defaultZone);
    const local = wall(DateTime.fromISO(date, { zone }), hour, zone);
    return new Date(Math.max(b.notBefore.getTime(), local.toMillis()));
  }
  if (b.nextLocalHour) {
    const { hour, defaultZone } = b.nextLocalHour;
    const zone = zoneOf(defaultZone);
    const earliest = DateTime.fromJSDate(b.notBefore, { zone });
    const past = earliest.toFormat('HH:mm:ss.SSS') > `${String(hour).padStart(2, '0')}:00:00.000`;
    return wall(past ? earliest.plus({ days: 1 }) : earliest, hour, zone).toJSDate();
  }
  if (b.lastLocalHourBefore) {
    // The deadline in local time less the margin; that day's hour if not later, else the day before's.
    const { instant, hour, marginHours, defaultZone } = b.lastLocalHourBefore;
    const zone = zoneOf(defaultZone);
    const latest = DateTime.fromJSDate(instant, { zone }).minus({ hours: marginHours });
    const day = latest.hour >= hour ? latest : latest.minus({ days: 1 });
    return new Date(Math.max(b.notBefore.getTime(), wall(day, hour, zone).toMillis()));
  }
  return new Date(b.notBefore);
}
