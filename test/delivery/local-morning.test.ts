import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { mainTimeZone, type Locale, type Messenger, type OutgoingMessage } from '../../src/core/index.ts';
import { createDeliveryRuntime } from '../../src/delivery/runtime.ts';
import { createScheduler } from '../../src/delivery/scheduler.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { createTestApp, testClock } from '../support/test-app.ts';

const silentLogger = { info() {}, warn() {}, error() {} };

describe("a country's main time zone comes from maintained tz data", () => {
  it.each([
    ['KR', 'Asia/Seoul'],
    ['US', 'America/New_York'],
    ['CN', 'Asia/Shanghai'],
    ['RU', 'Europe/Moscow'],
    ['AU', 'Australia/Sydney'],
    ['CA', 'America/Toronto'],
    ['BR', 'America/Sao_Paulo'],
    ['JP', 'Asia/Tokyo'],
    ['FR', 'Europe/Paris'],
  ])('%s: %s', (country, zone) => {
    expect(mainTimeZone(country)).toBe(zone);
  });
  it('knows no zone for what is not a country', () => {
    expect(mainTimeZone('XX')).toBeNull();
    expect(mainTimeZone(null)).toBeNull();
  });
});

for (const driver of DRIVERS) describe.skipIf(!driver.enabled)(`reminders in the reader’s morning and the reader’s time, on ${driver.name}`, () => {
  const clock = testClock('2026-12-05T00:00:00Z');
  let app: App;
  let drop: () => Promise<void>;
  const sent: Array<{ address: string; message: OutgoingMessage; at: string }> = [];
  const messenger = {
    prefix: 'telegram',
    async send(address: string, message: OutgoingMessage) {
      sent.push({ address, message, at: clock().toISOString() });
    },
  } satisfies Messenger;
  // Telegram gives no time zone: only the country signed from says where the morning is.
  const people: Array<{ id: string; country: string; language: Locale; zone: string | null }> = [
    { id: '5550800001', country: 'US', language: 'en', zone: null },
    { id: '5550800002', country: 'KR', language: 'en', zone: null },
    { id: '5550800003', country: 'KR', language: 'ko', zone: null },
    { id: '5550800004', country: 'FR', language: 'zh', zone: null },
    // A platform that gives a zone wins over the country.
    { id: '5550800005', country: 'KR', language: 'en', zone: 'America/Los_Angeles' },
  ];
  const addressOf = (id: string) => `telegram:${id}`;

  const dueTimes = async (broadcast: string) =>
    Object.fromEntries(
      rowsOf<{ address: string; not_before: string | Date }>(
        await app.database.db.execute(sql`select address, not_before from deliveries where broadcast_id = ${broadcast}`),
      ).map((r) => [app.addresses.open(r.address), new Date(r.not_before).toISOString()]),
    );
  const tick = () => createScheduler({ core: app.core, deliveries: app.deliveries, snapshots: app.snapshots, logger: silentLogger, clock }).tick();
  const drainAt = async (iso: string) => {
    clock.set(iso);
    const { worker } = createDeliveryRuntime({ ...app, messengers: [messenger], logger: silentLogger, worker: { idleMs: 20 }, schedule: false });
    worker.start();
    await worker.idle();
    await worker.stop();
  };
  const textTo = (id: string) => sent.filter((s) => s.address === addressOf(id)).at(-1)?.message.text;

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl(driver.name);
    drop = fresh.drop;
    app = await createTestApp({ url: fresh.url, clock });
    for (const p of people) {
      const who = { platform: 'telegram', userId: p.id };
      await app.core.petition.sign(who, { name: { style: 'anonymous' }, country: p.country, language: p.language });
      await app.core.reminders.subscribe(who, addressOf(p.id), p.language, p.zone);
    }
    // Subscribed without signing: no country, so the campaign's zone.
    await app.core.reminders.subscribe({ platform: 'telegram', userId: '5550800006' }, addressOf('5550800006'), 'en', null);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('"3 days left" comes at 10:00 local: Seoul’s morning, not New York’s', async () => {
    clock.set('2026-12-06T20:00:00Z');
    await tick();
    const due = await dueTimes(`reminder:${app.core.campaign.id}:days-3`);
    expect(due).toEqual({
      [addressOf('5550800001')]: '2026-12-07T15:00:00.000Z', // 10:00 New York
      [addressOf('5550800002')]: '2026-12-07T01:00:00.000Z', // 10:00 Seoul
      [addressOf('5550800003')]: '2026-12-07T01:00:00.000Z',
      [addressOf('5550800004')]: '2026-12-07T09:00:00.000Z', // 10:00 Paris
      [addressOf('5550800005')]: '2026-12-07T18:00:00.000Z', // 10:00 Los Angeles
      [addressOf('5550800006')]: '2026-12-07T15:00:00.000Z', // the campaign's zone
    });
    await drainAt('2026-12-07T01:00:00Z');
    expect(sent.map((s) => s.address).sort()).toEqual([addressOf('5550800002'), addressOf('5550800003')]);
    expect(textTo('5550800002')).toBe(
      '⏳ 3 days left to sign the petition to end the forced repatriation of North Korean refugees. You can sign until December 11, 2026 at 13:59 (Korean Standard Time). Send /sign if you have not signed yet, and /share to invite a friend. (/remind off stops these reminders.)',
    );
    expect(textTo('5550800003')).toContain('2026년 12월 11일 13:59(한국 표준시)까지 서명하실 수 있습니다');
    // By Los Angeles' morning everyone has had theirs, once.
    await drainAt('2026-12-07T18:00:00Z');
    expect(sent).toHaveLength(people.length + 1);
    expect(textTo('5550800001')).toContain('You can sign until December 10, 2026 at 23:59 (Eastern Time).');
  });

  it('the last-day reminder reads right in Seoul and in New York', async () => {
    sent.length = 0;
    clock.set('2026-12-10T00:00:00Z');
    await tick();
    const due = await dueTimes(`reminder:${app.core.campaign.id}:last-day`);
    // New York: 10:00 on 10 December (signing ends at midnight). Seoul: 10:00 on 11 December, four hours
    // before signing ends there at 14:00 (never at midnight on the 11th). Paris: 10:00 on the 10th (it ends at 06:00).
    expect(due[addressOf('5550800001')]).toBe('2026-12-10T15:00:00.000Z');
    expect(due[addressOf('5550800002')]).toBe('2026-12-11T01:00:00.000Z');
    expect(due[addressOf('5550800004')]).toBe('2026-12-10T09:00:00.000Z');
    expect(due[addressOf('5550800005')]).toBe('2026-12-10T18:00:00.000Z');

    // Midnight in Seoul on the 11th (10:00 in New York): New York's reminder goes, Seoul's does not.
    await drainAt('2026-12-10T15:00:00Z');
    expect(sent.map((s) => s.address).sort()).toEqual([addressOf('5550800001'), addressOf('5550800004'), addressOf('5550800006')]);
    expect(textTo('5550800001')).toBe(
      '📣 Last call: you can sign until today at 23:59 (Eastern Time). The petition is delivered to Chinese embassies on International Human Rights Day. Send /sign if you have not signed yet. (/remind off stops these reminders.)',
    );
    // Paris: signing ends at 05:59 on the 11th there, so "tomorrow".
    expect(textTo('5550800004')).toContain('截止时间为明天（2026年12月11日）05:59（中欧时间）');
    // Without a zone or a country: the campaign's zone, named.
    expect(textTo('5550800006')).toContain('until today at 23:59 (Eastern Time)');

    expect(textTo('5550800005')).toBeUndefined();
    await drainAt('2026-12-10T18:00:00Z');
    expect(textTo('5550800005')).toContain('until today at 20:59 (Pacific Time)');
    expect(textTo('5550800002')).toBeUndefined();

    await drainAt('2026-12-11T01:00:00Z');
    expect(textTo('5550800002')).toBe(
      '📣 Last call: you can sign until today at 13:59 (Korean Standard Time). The petition is delivered to Chinese embassies on International Human Rights Day. Send /sign if you have not signed yet. (/remind off stops these reminders.)',
    );
    expect(textTo('5550800003')).toContain('오늘 13:59(한국 표준시)까지 서명하실 수 있으며');
    expect(sent).toHaveLength(people.length + 1);
  });
});
