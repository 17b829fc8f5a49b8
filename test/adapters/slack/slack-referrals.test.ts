/**
 * `/petition referrals` over signed HTTP requests against the fake Slack API:
 * top sources, per community and per day, from the core's referral report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import type { App } from '../../../src/app.ts';
import { createLogger } from '../../../src/logger.ts';
import { FakeSlackApi } from '../../support/fake-slack-api.ts';
import { serveRoutes } from '../../support/serve-routes.ts';
import { postSigned } from '../../support/slack-requests.ts';
import { createTestApp, testClock } from '../../support/test-app.ts';

const SECRET = 'test-signing-secret-0123456789';
const TEAM = 'T0TEAM';
const STAFF = 'U0STAFF';

describe('/petition referrals', () => {
  const fake = new FakeSlackApi();
  const clock = testClock('2026-11-27T15:00:00Z');
  let app: App;
  let slack: SlackAdapter;
  let served: Awaited<ReturnType<typeof serveRoutes>>;
  let events: string;
  let trigger = 0;

  beforeAll(async () => {
    await fake.start();
    fake.members = [STAFF];
    app = await createTestApp({ clock });
    slack = createSlackAdapter({
      chat: app.chat,
      core: app.core,
      clock: app.clock,
      logger: createLogger('silent'),
      config: { botToken: 'xoxb-test-token', signingSecret: SECRET, appToken: null, apiUrl: fake.apiUrl, teamId: TEAM, staffChannel: 'C0STAFF' },
    });
    await slack.start();
    served = await serveRoutes(slack.routes ?? []);
    events = `${served.url}/slack/events`;
  });

  afterAll(async () => {
    await served?.close();
    await slack?.stop();
    await app?.close();
    await fake.stop();
  });

  /** Sends `/petition <text>`; returns the ack and the response URL's name. */
  async function send(text: string) {
    const name = `cmd-${++trigger}`;
    const ack = await postSigned(
      events,
      { token: 'legacy', team_id: TEAM, channel_id: 'C0STAFF', user_id: STAFF, command: '/petition', text, response_url: fake.responseUrl(name), trigger_id: `trigger-${name}`, api_app_id: 'A0APP' },
      { secret: SECRET, now: app.clock },
    );
    expect(ack.status).toBe(200);
    return { ack, name };
  }

  /** Sends `/petition <text>` and waits for the answer posted to its response URL. */
  async function petition(text: string): Promise<string> {
    const { name } = await send(text);
    const reply = await fake.waitFor(`/response/${name}`);
    return String(reply.body.text);
  }

  let n = 0;
  const sign = (country: string, referral: string | null) =>
    app.core.petition.sign({ platform: 'telegram', userId: `made-up-${++n}` }, { name: { style: 'anonymous' }, country, language: 'en', referral });

  it('says so when nothing came through a code yet, and lists no communities', async () => {
    await sign('KR', null);
    const text = await petition('referrals');
    expect(text).toContain(app.core.t('en', 'slack.referrals.none'));
    expect(text).toContain(app.core.t('en', 'slack.referrals.no-communities'));
  });

  it('shows top sources, every community and the days, naming no supporter', async () => {
    const seoul = await app.core.referrals.enableCommunity({ key: 'discord:guild:1300000000000009001', platform: 'discord', name: 'Seoul volunteers' });
    const toronto = await app.core.referrals.enableCommunity({ key: 'telegram:-1009009', platform: 'telegram', name: 'Toronto <vigil> & friends' });
    const quiet = await app.core.referrals.enableCommunity({ key: 'telegram:-1009010', platform: 'telegram', name: null });
    const supporter = app.core.referralCodeOf({ platform: 'telegram', userId: '5550009001' });

    await sign('KR', seoul);
    await sign('JP', seoul);
    await sign('US', supporter);
    clock.set('2026-11-28T15:00:00Z');
    await sign('KR', seoul);
    await sign('US', supporter);
    await sign('CA', toronto);
    await sign('GB', 'web');
    await sign('FR', null);

    const text = await petition('referrals');
    const lines = text.split('\n');
    expect(lines[0]).toBe('*Referrals*: 7 valid signatures came through an invitation link or a community.');
    const top = lines.slice(lines.indexOf('*Top sources*') + 1, lines.indexOf('*Per community*') - 1);
    expect(top).toEqual([
      '• Seoul volunteers (Discord community): 3 · 2 nations',
      `• A supporter's link \`${supporter}\`: 2 · 1 nation`,
      ...[
        [toronto, '• Toronto &lt;vigil&gt; &amp; friends (Telegram community): 1 · 1 nation'],
        ['web', '• Code `web`: 1 · 1 nation'],
      ]
        .sort(([a], [b]) => a!.localeCompare(b!))
        .map(([, line]) => line),
    ]);
    const perCommunity = lines.slice(lines.indexOf('*Per community*') + 1, lines.indexOf('*Per day*') - 1);
    expect(perCommunity).toEqual([
      '• Seoul volunteers (Discord): 3 · 2 nations',
      '• Toronto &lt;vigil&gt; &amp; friends (Telegram): 1 · 1 nation',
      `• unnamed, code \`${quiet}\` (Telegram): 0 · 0 nations`,
    ]);
    expect(lines.slice(lines.indexOf('*Per day*') + 1)).toEqual(['• November 27, 2026: 3', '• November 28, 2026: 4']);
    expect(text).not.toContain('5550009001');
  });

  it('answers in the staff member\'s language', async () => {
    expect(await petition('language ko')).toBe(app.core.t('ko', 'slack.language.set'));
    const text = await petition('referrals');
    expect(text.split('\n')[0]).toBe('*초대 현황*: 초대 링크나 커뮤니티를 통해 유효 서명 7건이 들어왔습니다.');
    expect(text).toContain('• Seoul volunteers(디스코드): 3건 · 2개국');
  });
});
