import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { DEFAULT_CAMPAIGN_FILE } from '../../src/campaign/load-campaign.ts';
import { detectMilestones, parseCampaign, type Countdown, type MilestoneSnapshot } from '../../src/core/index.ts';
import { createScheduler } from '../../src/delivery/scheduler.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { createTestApp, testCampaign, testClock } from '../support/test-app.ts';
import { signFrom, startWebServer, type WebServer } from '../support/web-server.ts';

const silentLogger = { info() {}, warn() {}, error() {} };

describe('the campaign file lists at-risk countries', () => {
  it('defaults to mainland China and North Korea, and takes another list or none', () => {
    const { atRiskCountries: _shipped, ...withoutList } = JSON.parse(readFileSync(DEFAULT_CAMPAIGN_FILE, 'utf8')) as Record<string, unknown>;
    expect(parseCampaign(withoutList).atRiskCountries).toEqual(['CN', 'KP']);
    expect(testCampaign({ atRiskCountries: ['CN', 'KP', 'RU'] }).atRiskCountries).toEqual(['CN', 'KP', 'RU']);
    expect(testCampaign({ atRiskCountries: [] }).atRiskCountries).toEqual([]);
    expect(() => testCampaign({ atRiskCountries: ['china'] })).toThrow(
      'campaign.atRiskCountries.0: an at-risk country must be an ISO 3166-1 alpha-2 country code in capitals, such as CN, not "china"',
    );
  });
});

describe('"first signature from" is never news for an at-risk country', () => {
  const countdown: Countdown = { phase: 'open', daysLeft: 10, lastDay: '2026-12-10', closesAt: new Date('2026-12-11T05:00:00Z') };
  const snap = (byCountry: Record<string, number>): MilestoneSnapshot => ({ total: Object.values(byCountry).reduce((a, b) => a + b, 0), byCountry, goal: 10_000, countdown });
  it.each([1, 4, 5])('%i signatures from China at once: no milestone, while a first from Japan is one', (n) => {
    expect(detectMilestones(snap({ KR: 3 }), snap({ KR: 3, CN: n, JP: 1 }), ['CN', 'KP'])).toEqual([{ kind: 'new-nation', country: 'JP' }]);
    // Without the list it would have been announced.
    expect(detectMilestones(snap({ KR: 3 }), snap({ KR: 3, CN: n }))).toEqual([{ kind: 'new-nation', country: 'CN' }]);
  });
});

describe('public figures with 4 and then 5 signatures from China', () => {
  const clock = testClock('2026-11-29T15:00:00Z');
  let app: App;
  let web: WebServer;
  const openData = async () =>
    (await (await fetch(`${web.base}/api/stats.json`)).json()) as { byCountry: Record<string, unknown>; total: number; perDay: Array<Record<string, unknown>> };
  const milestoneIds = async () => rowsOf<{ id: string }>(await app.database.db.execute(sql`select id from broadcasts where kind = 'milestone' order by id`)).map((r) => r.id);
  const tick = () => createScheduler({ core: app.core, deliveries: app.deliveries, snapshots: app.snapshots, logger: silentLogger, clock }).tick();

  beforeAll(async () => {
    app = await createTestApp({ clock });
    await app.core.reminders.subscribeChannel('discord:channel:5550700001', 'en');
    await signFrom(app, ['KR', 'KR', 'KR', 'KR', 'KR', 'KR'], 'risk-base');
    // The scheduler's first look only remembers the figures.
    await tick();
    web = await startWebServer(app, { maxAgeMs: 0 });
  });
  afterAll(async () => {
    await web?.close();
    await app?.close();
  });

  it('4 from China: "fewer than 5" in open data, the page, the map and its table in every language; no milestone', async () => {
    await signFrom(app, ['CN', 'CN', 'CN', 'CN', 'JP'], 'risk-four');
    await tick();
    const open = await openData();
    expect(open.byCountry).toEqual({ KR: 6, CN: '<5', JP: 1 });
    expect(JSON.stringify(open)).not.toMatch(/"CN":4/);
    // The per-day series carries totals only, never a country.
    expect(open.perDay.every((d) => Object.keys(d).sort().join() === 'count,day')).toBe(true);
    const en = await (await fetch(`${web.base}/en`)).text();
    expect(en).toContain('<th scope="row">China</th><td class="n">fewer than 5</td>');
    expect(en).toContain('<title>China: fewer than 5</title>');
    expect(en).not.toMatch(/China<\/th><td class="n">4/);
    expect(await (await fetch(`${web.base}/ko`)).text()).toContain(app.core.t('ko', 'web:figures.fewer-than', { n: '5' }));
    expect(await (await fetch(`${web.base}/zh`)).text()).toContain(app.core.t('zh', 'web:figures.fewer-than', { n: '5' }));
    const milestones = await milestoneIds();
    expect(milestones).toContain(`milestone:${app.core.campaign.id}:nation:JP`);
    expect(milestones.filter((id) => id.endsWith(':CN'))).toEqual([]);
  });

  it('5 from China: the exact count is published, still with no "first signature" news', async () => {
    await signFrom(app, ['CN'], 'risk-fifth');
    await tick();
    expect((await openData()).byCountry).toEqual({ KR: 6, CN: 5, JP: 1 });
    expect(await (await fetch(`${web.base}/en`)).text()).toContain('<th scope="row">China</th><td class="n">5</td>');
    expect((await milestoneIds()).filter((id) => id.includes(':nation:CN'))).toEqual([]);
  });
});
