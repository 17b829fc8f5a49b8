import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { createTestApp, testCampaign } from '../../support/test-app.ts';
import { STAFF, startSlackConsole } from './slack-support.ts';

describe('Slack delivery day console: /petition paper, delivered and targets', () => {
  let app: App;
  let slack: Awaited<ReturnType<typeof startSlackConsole>>;
  const audited = async (action: string) => (await app.core.auditHistory.latest(100)).filter((e) => e.action === action);
  /** Sends a command and returns the one reply it gets after the ack. */
  const answer = async (text: string, name: string) => {
    const ack = await slack.command(text, { name });
    expect(ack.status).toBe(200);
    return String((await slack.reply(name)).body.text);
  };

  beforeAll(async () => {
    app = await createTestApp();
    slack = await startSlackConsole(app);
    for (const [userId, country] of [['made-up-kr-1', 'KR'], ['made-up-kr-2', 'KR'], ['made-up-us-1', 'US']] as const) {
      await app.core.petition.sign({ platform: 'telegram', userId }, { name: { style: 'anonymous' }, country, language: 'en' });
    }
  });

  afterAll(async () => {
    await slack?.close();
    await app?.close();
  });

  it('adds paper signatures for an event, lists them, and reverses a batch; each audited', async () => {
    expect(await answer('paper KR 120 --event “Candlelight vigil, Seoul”', 'paper-add')).toBe(
      'Batch 1: 120 paper signatures from South Korea (Candlelight vigil, Seoul) now count. Reverse them with `/petition paper undo 1`.',
    );
    expect(await app.core.paper.totals()).toEqual({ KR: 120 });
    expect((await audited('paper.add'))[0]).toMatchObject({ actor: `slack:${STAFF}`, detail: { batch: 1, country: 'KR', count: 120 } });

    const list = await answer('paper', 'paper-list');
    expect(list).toContain('*Paper signatures*');
    expect(list).toMatch(/^1 · South Korea · 120 · Candlelight vigil, Seoul · /m);

    expect(await answer('paper undo 1', 'paper-undo')).toBe('Batch 1 (120 paper signatures from South Korea) no longer count. The record stays.');
    expect(await app.core.paper.totals()).toEqual({});
    expect(await audited('paper.reverse')).toHaveLength(1);
    expect(await answer('paper', 'paper-list-2')).toMatch(/^~1 · South Korea · 120 · .*~ \(reversed\)$/m);
  });

  it('refuses bad paper input with a clear message and changes nothing', async () => {
    const before = (await app.core.paper.batches()).length;
    expect(await answer('paper XQ 5 --event "Vigil"', 'paper-country')).toMatch(/^We don't recognize that country or region/);
    expect(await answer('paper KR 0 --event "Vigil"', 'paper-zero')).toBe('The number of paper signatures must be a whole number from 1 to 1000000.');
    expect(await answer('paper KR many --event "Vigil"', 'paper-many')).toMatch(/^The number of paper signatures must be a whole number/);
    expect(await answer('paper KR 5', 'paper-no-event')).toMatch(/^Give the event as plain text on one line/);
    expect(await answer('paper KR 5 --colour red', 'paper-unknown-option')).toMatch(/^Add paper signatures like this/);
    expect(await answer('paper undo 99', 'paper-undo-missing')).toBe('There is no paper batch 99.');
    expect(await answer('paper undo last', 'paper-undo-bad')).toBe('There is no paper batch last.');
    expect((await app.core.paper.batches()).length).toBe(before);
    expect(await audited('paper.add')).toHaveLength(1);
  });

  it('records a delivery with a note and a photo link, audits it, and shows it on the dashboard and the Home tab', async () => {
    await answer('paper KR 80 --event "Vigil"', 'paper-again');
    const text = await answer('delivered kr accepted "Received by a consular officer" <https://example.org/photo.jpg|photo.jpg>', 'delivered');
    expect(text).toBe(
      'Recorded for South Korea: accepted, 82 signatures (2 online + 80 on paper). Supporters from there who asked for reminders will hear of it at their local morning (0 messages queued).',
    );
    const [record] = await app.core.deliveryRecords.all();
    expect(record).toMatchObject({ country: 'KR', status: 'accepted', note: 'Received by a consular officer', photoUrl: 'https://example.org/photo.jpg', online: 2, paper: 80 });
    expect((await audited('delivery.record'))[0]).toMatchObject({ actor: `slack:${STAFF}`, detail: { country: 'KR', status: 'accepted', online: 2, paper: 80 } });

    await slack.command('stats', { name: 'stats' });
    const stats = JSON.stringify((await slack.reply('stats')).body.blocks);
    expect(stats).toContain('*Embassy deliveries*\\n*South Korea* (KR): accepted · 82 signatures · ');
    await slack.homeOpened(STAFF);
    const home = await slack.fake.waitFor('views.publish', (c) => c.body.user_id === STAFF);
    expect(JSON.stringify(home.body.view)).toContain('*South Korea* (KR): accepted · 82 signatures');
  });

  it('refuses a delivery with an unknown country, a bad status or a bad link, clearly and in the staff language, changing nothing', async () => {
    expect(await answer('delivered XQ accepted', 'bad-country')).toMatch(/^We don't recognize that country or region/);
    expect(await answer('delivered US lost', 'bad-status')).toBe('Unknown delivery status. Use one of: accepted, refused, no-answer, postponed.');
    expect(await answer('delivered US refused "Closed gate" ftp://example.org/photo.jpg', 'bad-link')).toBe('The photo link must be an http(s) web address.');
    expect(await answer('delivered US refused javascript://example.org/x', 'bad-link-2')).toBe('The photo link must be an http(s) web address.');
    expect((await slack.command('delivered', { name: 'usage' })).text).toMatch(/^Record a delivery like this/);
    expect(await answer('delivered US', 'usage-2')).toMatch(/^Record a delivery like this/);
    await slack.command('language ko', { name: 'ko' });
    expect(await answer('delivered US lost', 'bad-status-ko')).toMatch(/accepted, refused, no-answer, postponed/);
    expect(await answer('delivered US lost', 'bad-status-ko-2')).not.toMatch(/Unknown delivery status/);
    await slack.command('language en', { name: 'en' });
    expect(await app.core.deliveryRecords.all()).toHaveLength(1);
    expect(await audited('delivery.record')).toHaveLength(1);
  });

  it('sets a delivery target with quoted fields, audited; a bad time changes nothing', async () => {
    const text = await answer('targets KR "Embassy of the PRC in the Republic of Korea" "27 Myeongdong 2-gil, Seoul" "Made-up Member Org" "2026-12-10T11:00" Asia/Seoul', 'target');
    expect(text).toBe(
      'Delivery target for South Korea saved: Embassy of the PRC in the Republic of Korea, 27 Myeongdong 2-gil, Seoul, carried by Made-up Member Org at 2026-12-10T11:00 (Asia/Seoul).',
    );
    expect((await app.core.deliveryTargets.all()).KR).toMatchObject({ embassy: 'Embassy of the PRC in the Republic of Korea', organisation: 'Made-up Member Org', visitAt: '2026-12-10T11:00', timeZone: 'Asia/Seoul' });
    expect((await audited('delivery.target.set'))[0]).toMatchObject({ actor: `slack:${STAFF}`, detail: { country: 'KR' } });

    expect(await answer('targets US "Embassy in Washington" "Somewhere" "Org" "tomorrow at noon"', 'target-bad')).toMatch(/^The delivery target's visitAt is not valid/);
    expect((await app.core.deliveryTargets.all()).US).toBeUndefined();
    expect((await app.core.auditHistory.latest(100)).filter((e) => e.action.startsWith('delivery.target'))).toHaveLength(1);
  });

  it('shows how to use targets when the arguments fit no form', async () => {
    expect(await answer('targets KR', 'target-usage')).toMatch(/^Set a delivery target like this/);
    expect(await answer('targets remove', 'target-remove-usage')).toMatch(/^Set a delivery target like this.*`\/petition targets remove KR`/s);
  });
});

describe('Slack delivery day console: listing and removing delivery targets', () => {
  let app: App;
  let slack: Awaited<ReturnType<typeof startSlackConsole>>;
  const answer = async (text: string, name: string) => {
    expect((await slack.command(text, { name })).status).toBe(200);
    return String((await slack.reply(name)).body.text);
  };

  beforeAll(async () => {
    app = await createTestApp({
      campaign: testCampaign({
        deliveryTargets: { JP: { embassy: 'Embassy of the PRC in Japan', address: '3-4-33 Moto-Azabu, Tokyo', organisation: 'Made-up Tokyo Group', visitAt: '2026-12-10T10:00', timeZone: 'Asia/Tokyo' } },
      }),
    });
    slack = await startSlackConsole(app);
  });

  afterAll(async () => {
    await slack?.close();
    await app?.close();
  });

  it('lists every target with where it comes from; removing a Slack setting brings the file back, audited once', async () => {
    const before = await answer('targets', 'list-1');
    expect(before.split('\n')).toEqual([
      expect.stringMatching(/^\*Delivery targets\*/),
      '• Japan (JP): Embassy of the PRC in Japan, 3-4-33 Moto-Azabu, Tokyo, carried by Made-up Tokyo Group at 2026-12-10T10:00 (Asia/Tokyo) – from the campaign file',
    ]);

    await answer('targets JP "Embassy of the PRC in Japan, consular section" "Tokyo" "Made-up Osaka Group"', 'set-jp');
    await answer('targets KR "Embassy of the PRC in the Republic of Korea"', 'set-kr');
    expect((await answer('targets', 'list-2')).split('\n').slice(1)).toEqual([
      '• Japan (JP): Embassy of the PRC in Japan, consular section, Tokyo, carried by Made-up Osaka Group at not given – set in Slack',
      '• South Korea (KR): Embassy of the PRC in the Republic of Korea, not given, carried by not given at not given – set in Slack',
    ]);

    expect(await answer('targets remove jp', 'remove-jp')).toBe("The Slack setting for Japan is removed; the campaign file's target applies again where it has one.");
    expect(await answer('targets remove JP', 'remove-jp-again')).toBe('Japan has no delivery target set in Slack, so nothing was removed.');
    expect((await app.core.deliveryTargets.all()).JP).toMatchObject({ organisation: 'Made-up Tokyo Group' });
    expect((await app.core.auditHistory.latest(100)).filter((e) => e.action === 'delivery.target.remove')).toHaveLength(1);

    expect(await answer('targets remove XX', 'remove-unknown')).toMatch(/country/i);
    expect(Object.keys(await app.core.deliveryTargets.all()).sort()).toEqual(['JP', 'KR']);
  });

  it('says so when no target is set anywhere', async () => {
    const empty = await createTestApp();
    const console_ = await startSlackConsole(empty);
    try {
      expect((await console_.command('targets', { name: 'none' })).status).toBe(200);
      expect(String((await console_.reply('none')).body.text)).toMatch(/^No delivery target is set: every pack is addressed to the Embassy/);
    } finally {
      await console_.close();
      await empty.close();
    }
  });
});
