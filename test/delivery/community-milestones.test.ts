/**
 * A community's own milestones: "this server brought 10 signatures from 4
 * nations", detected by the scheduler from the signatures that carry the
 * community's code and delivered, through the existing milestone queue, to
 * that community's channel only.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { communityStep, detectCommunityMilestones, type Messenger, type OutgoingMessage } from '../../src/core/index.ts';
import { createDeliveryRuntime } from '../../src/delivery/runtime.ts';
import { createScheduler } from '../../src/delivery/scheduler.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { createTestApp, testClock } from '../support/test-app.ts';

const silentLogger = { info() {}, warn() {}, error() {} };

function recordingMessenger(prefix: string) {
  const sent: Array<{ address: string; message: OutgoingMessage }> = [];
  const messenger = { prefix, async send(address: string, message: OutgoingMessage) { sent.push({ address, message }); } } satisfies Messenger;
  return { messenger, sent };
}

describe('community milestone steps', () => {
  it('steps at 10, 50, 100, 250, 500, then every 500', () => {
    expect([9, 10, 49, 50, 99, 100, 249, 250, 499, 500, 999, 1000, 1499, 1500].map(communityStep)).toEqual([
      0, 10, 10, 50, 50, 100, 100, 250, 250, 500, 500, 1000, 1000, 1500,
    ]);
  });

  it('announces nothing without a previous snapshot, once per step passed, and a new community from zero', () => {
    expect(detectCommunityMilestones(null, { cA: { count: 12, nations: 2 } })).toEqual([]);
    expect(detectCommunityMilestones({ cA: { count: 9, nations: 2 } }, { cA: { count: 10, nations: 3 } })).toEqual([{ code: 'cA', step: 10, count: 10, nations: 3 }]);
    expect(detectCommunityMilestones({ cA: { count: 10, nations: 3 } }, { cA: { count: 49, nations: 3 } })).toEqual([]);
    // A jump over several steps: one milestone, for the highest.
    expect(detectCommunityMilestones({ cA: { count: 40, nations: 3 } }, { cA: { count: 312, nations: 12 } })).toEqual([{ code: 'cA', step: 250, count: 312, nations: 12 }]);
    expect(detectCommunityMilestones({}, { cB: { count: 10, nations: 1 }, cC: { count: 9, nations: 1 } })).toEqual([{ code: 'cB', step: 10, count: 10, nations: 1 }]);
    // Falling below a step is not news (passing it again later is queued under the same broadcast id: sent once).
    expect(detectCommunityMilestones({ cA: { count: 10, nations: 1 } }, { cA: { count: 9, nations: 1 } })).toEqual([]);
  });
});

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`a community's own milestones, on ${driver.name}`, () => {
    const clock = testClock('2026-11-29T15:00:00Z');
    let app: App;
    let drop: () => Promise<void>;
    const telegram = recordingMessenger('telegram');
    const discord = recordingMessenger('discord');
    let seoul: string;
    let toronto: string;
    let n = 0;

    const tick = () => createScheduler({ core: app.core, deliveries: app.deliveries, snapshots: app.snapshots, logger: silentLogger, clock }).tick();
    /** Sends everything queued; the clock moves on between rounds, as one chat gets at most a message a second. */
    const drain = async () => {
      for (let round = 0; round < 10; round += 1) {
        const { worker } = createDeliveryRuntime({ ...app, messengers: [telegram.messenger, discord.messenger], logger: silentLogger, worker: { idleMs: 20 }, schedule: false });
        worker.start();
        await worker.idle();
        await worker.stop();
        clock.set(new Date(clock().getTime() + 2_000).toISOString());
        const [queued] = rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from deliveries where state = 'queued'`));
        if (queued!.n === 0) return;
      }
      throw new Error('deliveries still queued');
    };
    const sign = (country: string, referral: string | null) =>
      app.core.petition.sign({ platform: 'discord', userId: `5550600${String(++n).padStart(3, '0')}` }, { name: { style: 'anonymous' }, country, language: 'en', referral });
    const communityBroadcasts = async () =>
      rowsOf<{ id: string }>(await app.database.db.execute(sql`select id from broadcasts where audience = 'community' order by id`)).map((r) => r.id);

    beforeAll(async () => {
      const fresh = await freshDatabaseUrl(driver.name);
      drop = fresh.drop;
      app = await createTestApp({ url: fresh.url, clock });
      seoul = await app.core.referrals.enableCommunity({ key: 'discord:guild:1300000000000006001', platform: 'discord', name: 'Seoul volunteers' });
      toronto = await app.core.referrals.enableCommunity({ key: 'telegram:-1006002', platform: 'telegram', name: 'Toronto vigil' });
      await app.core.reminders.subscribeChannel('discord:channel:1200000000000006001', 'ko', seoul);
      await app.core.reminders.subscribeChannel('telegram:-1006002', 'en', toronto);
      // A channel of no community, and a person: neither hears another community's news.
      await app.core.reminders.subscribeChannel('discord:channel:1200000000000006009', 'en');
      await app.core.reminders.subscribe({ platform: 'telegram', userId: '5550600999' }, 'telegram:5550600999', 'en');
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('tells only that community, in its channel language and platform words, once per step', async () => {
      await tick(); // the first look only records where things stand
      for (const country of ['KR', 'KR', 'KR', 'KR', 'KR', 'JP', 'JP', 'US', 'US']) await sign(country, seoul);
      await sign('CA', toronto);
      await sign('FR', null);
      await tick();
      expect(await communityBroadcasts()).toEqual([]);

      await sign('CA', seoul); // the tenth through Seoul's code
      await tick();
      await tick(); // a second look (another instance, a restart) queues nothing more
      expect(await communityBroadcasts()).toEqual([`milestone:${app.core.campaign.id}:community:${seoul}:10`]);
      const recipients = rowsOf<{ address: string }>(
        await app.database.db.execute(sql`select address from deliveries where broadcast_id = ${`milestone:${app.core.campaign.id}:community:${seoul}:10`}`),
      ).map((r) => app.addresses.open(r.address));
      expect(recipients).toEqual(['discord:channel:1200000000000006001']);

      await drain();
      const news = discord.sent.filter((s) => s.message.text.includes('이 서버에서'));
      expect(news).toEqual([{ address: 'discord:channel:1200000000000006001', message: { text: '🎉 이 서버에서 4개국의 10명이 서명했습니다. 감사합니다!' } }]);
      expect(telegram.sent.filter((s) => s.message.text.includes('This group'))).toEqual([]);
    });

    it('words it for a Telegram group in English', async () => {
      for (const country of ['CA', 'CA', 'US', 'US', 'US', 'GB', 'GB', 'GB', 'AU']) await sign(country, toronto);
      await tick();
      await drain();
      const news = telegram.sent.filter((s) => s.message.text.startsWith('🎉 This group'));
      expect(news).toEqual([{ address: 'telegram:-1006002', message: { text: '🎉 This group has brought 10 signatures from 4 nations. Thank you!' } }]);
      expect(discord.sent.filter((s) => s.address === 'discord:channel:1200000000000006009' && s.message.text.includes('This'))).toEqual([]);
    });
  });
}
