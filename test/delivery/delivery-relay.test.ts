/**
 * Recording a delivery (issue 11, item 5). Marked test:
 *  - [relayed exactly once per subscriber, at their local morning]
 * Also: validation and audit of delivery records and paper signatures, and
 * what /api/stats.json publishes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { AuditEntry } from '../../src/core/index.ts';
import { DomainError } from '../../src/core/errors.ts';
import { renderBroadcast } from '../../src/delivery/render-broadcast.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { createTestApp, testClock } from '../support/test-app.ts';

for (const driver of DRIVERS) describe.skipIf(!driver.enabled)(`delivery records and paper signatures (${driver.name})`, () => {
  let app: App;
  let drop: () => Promise<void>;
  const audit: AuditEntry[] = [];
  const clock = testClock('2026-12-05T12:00:00Z');

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl(driver.name);
    drop = fresh.drop;
    app = await createTestApp({ url: fresh.url, clock, audit: { record: async (e) => void audit.push(e) } });
    const sign = (userId: string, country: string) =>
      app.core.petition.sign({ platform: 'telegram', userId }, { name: { style: 'anonymous' }, country, language: 'en' });
    const { reminders } = app.core;
    for (const [id, country] of [['1', 'KR'], ['2', 'KR'], ['3', 'KR'], ['4', 'US'], ['5', 'KR']] as const) await sign(id, country);
    await reminders.subscribe({ platform: 'telegram', userId: '1' }, 'telegram:1', 'ko', 'Asia/Seoul');
    await reminders.subscribe({ platform: 'telegram', userId: '2' }, 'telegram:2', 'zh', 'America/Los_Angeles');
    await reminders.subscribe({ platform: 'telegram', userId: '3' }, 'telegram:3', 'en', null); // zone unknown: the embassy's
    await reminders.subscribe({ platform: 'telegram', userId: '4' }, 'telegram:4', 'en', 'Asia/Seoul'); // signed from the US
    await reminders.subscribeChannel('discord:channel:9', 'en'); // a channel is not a signer
    // 5 signed from KR but asked for no reminders.
    await app.core.deliveryTargets.set('KR', { timeZone: 'Asia/Seoul', embassy: 'Embassy of the PRC in the Republic of Korea' }, 'slack:U1');
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('[relayed exactly once per subscriber, at their local morning] to those who signed from that country, in their language', async () => {
    await app.core.paper.add('KR', 40, 'Candlelight vigil, Seoul', 'slack:U1');
    clock.set('2026-12-10T03:00:00Z'); // noon in Seoul, the evening before in Los Angeles
    const { record, recipients } = await app.core.deliveryRecords.record({ country: 'south korea', status: 'Accepted', note: 'Received by a consular officer', photoUrl: 'https://example.org/p.jpg' }, 'slack:U7');
    expect(recipients).toBe(3);
    expect(record).toMatchObject({ country: 'KR', status: 'accepted', online: 4, paper: 40 });
    expect(audit.at(-1)).toMatchObject({ actor: 'slack:U7', action: 'delivery.record', detail: { country: 'KR', status: 'accepted' } });

    const claimAt = async (iso: string) => {
      clock.set(iso);
      const claimed = await app.deliveries.claim('telegram', 50, 60_000);
      for (const d of claimed) await app.deliveries.markSent(d.id);
      return claimed.map((d) => d.address).sort();
    };
    // Nothing before anyone's 10:00 (the campaign's reminder hour).
    expect(await claimAt('2026-12-10T17:59:00Z')).toEqual([]);
    // 10:00 in Los Angeles on the 10th.
    expect(await claimAt('2026-12-10T18:00:00Z')).toEqual(['telegram:2']);
    expect(await claimAt('2026-12-11T00:59:00Z')).toEqual([]);
    // 10:00 in Seoul on the 11th: the Seoul subscriber and the one whose zone is unknown (the embassy's zone).
    expect(await claimAt('2026-12-11T01:00:00Z')).toEqual(['telegram:1', 'telegram:3']);
    expect(await claimAt('2026-12-12T12:00:00Z')).toEqual([]);

    // Queuing the same record again adds nobody.
    const again = await app.deliveries.enqueue({ id: `delivery:${app.core.campaign.id}:${record.id}`, campaignId: app.core.campaign.id, kind: 'announcement', audience: 'signers-in-country', country: 'KR', content: { texts: { en: 'x', ko: 'x', zh: 'x' } }, notBefore: clock() });
    expect(again).toEqual({ created: false, recipients: 3 });
    const [progress] = (await app.deliveries.progress(10)).filter((p) => p.broadcastId.startsWith('delivery:'));
    expect(progress).toMatchObject({ sent: 3, queued: 0 });

    const content = { template: 'pack:relay.accepted', params: { count: 44, total: 44, country: 'KR', date: '2026-12-10' } };
    expect(renderBroadcast(app.core.t, content, 'en').text).toContain('44 signatures from South Korea');
    expect(renderBroadcast(app.core.t, content, 'ko').text).toContain('2026년 12월 10일');
    expect(renderBroadcast(app.core.t, content, 'zh').text).toContain('中国驻韩国大使馆');

    expect(await app.core.deliveryRecords.byCountry()).toEqual([{ country: 'KR', status: 'accepted', at: new Date('2026-12-10T03:00:00Z'), online: 4, paper: 40, count: 44 }]);
    expect(await app.core.deliveryRecords.embassiesDelivered()).toBe(1);
  });

  it('refuses bad input with a domain error and changes nothing', async () => {
    const before = (await app.core.deliveryRecords.all()).length;
    const bad: Array<[Parameters<typeof app.core.deliveryRecords.record>[0], string]> = [
      [{ country: 'Atlantis', status: 'accepted' }, 'country.unknown'],
      [{ country: 'KR', status: 'delivered; drop table' }, 'delivery.status-unknown'],
      [{ country: 'KR', status: 'refused', note: 'line\nbreak' }, 'delivery.note-invalid'],
      [{ country: 'KR', status: 'refused', note: 'nul\u0000' }, 'delivery.note-invalid'],
      [{ country: 'KR', status: 'refused', note: 'bidi \u202e override' }, 'delivery.note-invalid'],
      [{ country: 'KR', status: 'refused', note: 'x'.repeat(10_000) }, 'delivery.note-invalid'],
      [{ country: 'KR', status: 'refused', photoUrl: 'javascript:alert(1)' }, 'delivery.photo-invalid'],
    ];
    for (const [input, code] of bad) {
      await expect(app.core.deliveryRecords.record(input, 'slack:U1')).rejects.toMatchObject({ code });
    }
    expect(await app.core.deliveryRecords.all()).toHaveLength(before);

    await expect(app.core.paper.add('KR', 0, 'Vigil', 'slack:U1')).rejects.toEqual(new DomainError('paper.count-invalid', { max: 1_000_000 }));
    await expect(app.core.paper.add('KR', 1.5, 'Vigil', 'slack:U1')).rejects.toMatchObject({ code: 'paper.count-invalid' });
    await expect(app.core.paper.add('KR', 10, '   ', 'slack:U1')).rejects.toMatchObject({ code: 'paper.event-invalid' });
    await expect(app.core.paper.add('KR', 10, '<b>\u0007</b>', 'slack:U1')).rejects.toMatchObject({ code: 'paper.event-invalid' });
    await expect(app.core.paper.reverse(9999, 'slack:U1')).rejects.toMatchObject({ code: 'paper.not-found' });
    await expect(app.core.deliveryTargets.set('KR', { timeZone: 'Mars/Base' }, 'slack:U1')).rejects.toMatchObject({ code: 'target.invalid', params: { field: 'timeZone' } });
    await expect(app.core.deliveryTargets.set('KR', { visitAt: 'tomorrow' }, 'slack:U1')).rejects.toMatchObject({ code: 'target.invalid', params: { field: 'visitAt' } });
    expect(await app.core.paper.totals()).toEqual({ KR: 40 });
  });

  it('counts paper apart, and reversing a batch stops it counting (audited, kept)', async () => {
    const batch = await app.core.paper.add('US', 12, 'Vigil in Washington', 'slack:U2');
    expect(await app.core.paper.totals()).toEqual({ KR: 40, US: 12 });
    const reversed = await app.core.paper.reverse(batch.id, 'slack:U2');
    expect(reversed.reversedAt).toEqual(clock());
    expect(await app.core.paper.totals()).toEqual({ KR: 40 });
    expect((await app.core.paper.batches()).map((b) => b.id)).toContain(batch.id);
    expect(audit.filter((e) => e.action.startsWith('paper.')).map((e) => e.action)).toEqual(['paper.add', 'paper.add', 'paper.reverse']);
  });
});
