import { beforeAll, describe, expect, it } from 'vitest';
import { RecipientGoneError } from '../../src/core/index.ts';
import { handleRecipientGone } from '../../src/delivery/recipient-gone.ts';
import { planReminders, reminderDue } from '../../src/delivery/reminder-plan.ts';
import { renderBroadcast } from '../../src/delivery/render-broadcast.ts';
import { createMemoryCore, type MemoryApp } from '../support/memory/memory-core.ts';
import { testCampaign } from '../support/test-app.ts';

const campaign = testCampaign();
const plan = planReminders(campaign);

describe('the reminder plan', () => {
  it('expands the campaign plan into broadcasts at 10:00 New York time, oldest first', () => {
    expect(plan.map((r) => r.broadcast.id.split(':').at(-1))).toEqual(['days-30', 'days-14', 'days-7', 'days-3', 'days-1', 'last-day', 'closed']);
    const days7 = plan[2]!.broadcast;
    expect(days7.localTime).toEqual({ date: '2026-12-03', hour: 10, defaultZone: 'America/New_York' });
    expect(days7.content).toEqual({ template: 'reminder.days-left', params: { count: 7, days: 7, deadline: '2026-12-11T05:00:00.000Z' } });
    // 10:00 EST is 15:00 UTC; it is queued 20 hours ahead for zones east of New York (Seoul is 14 hours ahead).
    expect(plan[2]!.queueAt.toISOString()).toBe('2026-12-02T19:00:00.000Z');
    // The last day's morning is each reader's own: queued 30 hours before the close, sent at 10:00 local at least 3 hours before it.
    const lastDay = plan[5]!.broadcast;
    expect(lastDay.lastLocalHourBefore).toEqual({ instant: campaign.closesAt, hour: 10, marginHours: 3, defaultZone: 'America/New_York' });
    expect(plan[5]!.queueAt.toISOString()).toBe('2026-12-09T23:00:00.000Z');
    expect(plan.at(-1)!.queueAt.toISOString()).toBe('2026-12-11T05:00:00.000Z');
  });

  it('after downtime queues only the latest missed reminder, and nothing stale', () => {
    expect(reminderDue(plan, new Date('2026-11-01T00:00:00Z'))).toBeNull();
    expect(reminderDue(plan, new Date('2026-12-08T12:00:00Z'))!.broadcast.id).toMatch(/:days-3$/);
    expect(reminderDue(plan, new Date('2026-12-11T06:00:00Z'))!.broadcast.id).toMatch(/:closed$/);
    expect(reminderDue(plan, new Date('2026-12-20T00:00:00Z'))).toBeNull();
  });

  it('skips reminders that would fall before the campaign opens', () => {
    const short = planReminders(testCampaign({ opens: '2026-12-01T00:00' }));
    expect(short.map((r) => r.broadcast.id.split(':').at(-1))).toEqual(['days-7', 'days-3', 'days-1', 'last-day', 'closed']);
  });
});

// The queue's SQL is tested in test/delivery/delivery-store.test.ts and test/storage/port-contract.test.ts;
// what is here is logic around it, on the in-memory ports.
describe('rendering a broadcast for its recipient', () => {
  let app: MemoryApp;
  beforeAll(async () => {
    app = await createMemoryCore();
  });

  it('formats dates, countries, nations and numbers in the reader’s language', () => {
    const t = app.core.t;
    const deadline = '2026-12-11T05:00:00.000Z';
    expect(renderBroadcast(t, { template: 'reminder.days-left', params: { count: 7, days: 7, deadline } }, 'ko').text).toContain('7일 남았습니다');
    const newYork = { timeZone: 'America/New_York', now: new Date('2026-12-09T15:00:00Z') };
    expect(renderBroadcast(t, { template: 'reminder.days-left', params: { count: 1, days: 1, deadline } }, 'en', undefined, newYork).text).toMatch(
      /^⏳ 1 day left .* until tomorrow, December 10, 2026, at 23:59 \(Eastern Time\)\.$/,
    );
    expect(renderBroadcast(t, { template: 'milestone.new-nation', params: { country: 'KR' } }, 'zh').text).toBe('🌏 收到来自韩国的第一个签名！');
    expect(renderBroadcast(t, { template: 'reminder.closed', params: { count: 8123, total: 8123, nations: 28 } }, 'en').text).toBe(
      '🙏 The petition has closed with 8,123 signatures from 28 nations. Thank you for standing with North Korean refugees.',
    );
    expect(renderBroadcast(t, { texts: { en: 'Hello', ko: '안녕하세요', zh: '你好' } }, 'ko').text).toBe('안녕하세요');
  });

  it('renders Traditional Chinese and Spanish, and an announcement without them through the fallbacks', () => {
    const t = app.core.t;
    expect(renderBroadcast(t, { template: 'milestone.new-nation', params: { country: 'KR' } }, 'zh-Hant').text).toBe('🌏 收到來自南韓的第一個簽名！');
    // The deadline in the reader's own time: 23:59 in New York is 05:59 the next morning in Madrid, 12:59 in Taipei.
    const deadline = '2026-12-11T05:00:00.000Z';
    const madrid = { timeZone: 'Europe/Madrid', now: new Date('2026-12-03T09:00:00Z') };
    expect(renderBroadcast(t, { template: 'reminder.days-left', params: { count: 7, days: 7, deadline } }, 'es', undefined, madrid).text).toBe(
      '⏳ Quedan 7 días para firmar la petición para poner fin a la repatriación forzosa de los refugiados norcoreanos. Puede firmar hasta el 11 de diciembre de 2026 a las 05:59 (hora de Europa central).',
    );
    const taipei = { timeZone: 'Asia/Taipei', now: new Date('2026-12-10T02:00:00Z') };
    expect(renderBroadcast(t, { template: 'reminder.days-left', params: { count: 1, days: 1, deadline } }, 'zh-Hant', undefined, taipei).text).toBe(
      '⏳ 停止強制遣返北韓難民的請願距截止還有1天，簽名截止時間為明天（2026年12月11日）12:59（台北標準時間）。',
    );
    const texts = { en: 'Hello', ko: '안녕하세요', zh: '您好' };
    expect(renderBroadcast(t, { texts }, 'zh-Hant').text).toBe('您好');
    expect(renderBroadcast(t, { texts }, 'es').text).toBe('Hello');
    expect(renderBroadcast(t, { texts: { ...texts, es: 'Hola' } }, 'es').text).toBe('Hola');
    // Staff must write en, ko and zh; zh-Hant and es are theirs to add.
    expect(app.core.announcements.check({ ...texts, es: '  Hola ' })).toEqual({ ...texts, es: 'Hola' });
    expect(() => app.core.announcements.check({ en: 'Hello', ko: '안녕하세요', es: 'Hola' })).toThrow('announcement.empty');
  });
});

describe('a recipient the platform refuses for good', () => {
  let app: MemoryApp;
  beforeAll(async () => {
    app = await createMemoryCore();
    await app.core.reminders.subscribeChannel('slack:C0STAFF', 'en');
    await app.core.reminders.subscribeChannel('discord:channel:111', 'ko');
    await app.core.reminders.subscribe({ platform: 'telegram', userId: '42' }, 'telegram:42', 'en');
  });

  it('unsubscribes a person quietly', async () => {
    const gone = handleRecipientGone(app.core, app.deliveries, app.clock, app.addresses);
    await gone('telegram:42', new RecipientGoneError('telegram:42', 'blocked'));
    expect(await app.core.reminders.forSigner({ platform: 'telegram', userId: '42' })).toEqual([]);
    expect((await app.deliveries.progress(10)).filter((p) => p.broadcastId.includes('channel-lost'))).toEqual([]);
  });

  it('disables a lost channel and tells the staff channel once', async () => {
    const gone = handleRecipientGone(app.core, app.deliveries, app.clock, app.addresses);
    const error = new RecipientGoneError('discord:channel:111', 'discord 403 50001', 'channel');
    await gone('discord:channel:111', error);
    await gone('discord:channel:111', error);
    const notices = (await app.deliveries.progress(10)).filter((p) => p.broadcastId.includes('channel-lost'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ queued: 1 });
    const [claimed] = await app.deliveries.claim('slack', 10, 60_000);
    expect(claimed!.address).toBe('slack:C0STAFF');
    expect(renderBroadcast(app.core.t, claimed!.content, claimed!.language, 'slack', undefined, app.addresses.open).text).toContain('discord:channel:111');
    // Stored, the notice names the channel only sealed.
    expect(JSON.stringify(claimed!.content)).not.toContain('111');
    expect(claimed!.broadcastId).not.toContain('111');
  });
});

describe('one message a second per chat, across workers', () => {
  let now = new Date('2026-11-29T15:00:00Z');
  let app: MemoryApp;
  beforeAll(async () => {
    app = await createMemoryCore({ clock: () => now });
    await app.core.reminders.subscribe({ platform: 'telegram', userId: '7' }, 'telegram:7', 'en');
    await app.core.reminders.subscribe({ platform: 'telegram', userId: '8' }, 'telegram:8', 'en');
  });

  it('does not claim a second message for a chat while one is in flight or was sent within a second', async () => {
    const base = { campaignId: app.core.campaign.id, kind: 'announcement' as const, audience: 'everyone' as const, notBefore: now };
    await app.deliveries.enqueue({ ...base, id: 'announcement:a', content: { texts: { en: 'A', ko: 'A', zh: 'A' } } });
    const first = await app.deliveries.claim('telegram', 10, 60_000);
    expect(first.map((d) => d.address).sort()).toEqual(['telegram:7', 'telegram:8']);
    // (Two broadcasts queued for one chat in the same claim are paced by the worker itself.)
    await app.deliveries.enqueue({ ...base, id: 'announcement:b', content: { texts: { en: 'B', ko: 'B', zh: 'B' } } });
    // Another worker finds nothing while those two are being sent...
    expect(await app.deliveries.claim('telegram', 10, 60_000)).toEqual([]);
    for (const d of first) await app.deliveries.markSent(d.id);
    // ...nor in the same second after they went out...
    expect(await app.deliveries.claim('telegram', 10, 60_000)).toEqual([]);
    // ...and gets the second broadcast a second later.
    now = new Date(now.getTime() + 1_001);
    const second = await app.deliveries.claim('telegram', 10, 60_000);
    expect(second.map((d) => d.broadcastId)).toEqual(['announcement:b', 'announcement:b']);
  });
});
