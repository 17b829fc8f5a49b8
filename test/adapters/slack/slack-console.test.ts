import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import type { App } from '../../../src/app.ts';
import type { AuditEntry } from '../../../src/core/index.ts';
import { createLogger } from '../../../src/logger.ts';
import { cases } from '../../../src/storage/schema.ts';
import { FakeSlackApi } from '../../support/fake-slack-api.ts';
import { serveRoutes } from '../../support/serve-routes.ts';
import { postSigned, postSignedJson } from '../../support/slack-requests.ts';
import { createTestApp } from '../../support/test-app.ts';

const SECRET = 'test-signing-secret-0123456789';
const TEAM = 'T0TEAM';
const STAFF = 'U0STAFF';
const OUTSIDER = 'U0OUTSIDER';

describe('Slack staff console over signed HTTP requests', () => {
  const fake = new FakeSlackApi();
  const audit: AuditEntry[] = [];
  let app: App;
  let slack: SlackAdapter;
  let served: Awaited<ReturnType<typeof serveRoutes>>;
  let events: string;
  let trigger = 0;

  beforeAll(async () => {
    await fake.start();
    fake.members = [STAFF, 'U0OTHERSTAFF'];
    app = await createTestApp({ audit: { record: async (e) => void audit.push(e) } });
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

  afterEach(() => {
    // The fake refuses what Slack refuses (platform-limits.ts): nothing the console sent was refused.
    expect(fake.refused.map((r) => `${r.path}: ${r.problems.join('; ')}`)).toEqual([]);
  });

  afterAll(async () => {
    await served?.close();
    await slack?.stop();
    await app?.close();
    await fake.stop();
  });

  /** A signed `/petition` slash command, as Slack sends it. */
  function command(text: string, options: { user?: string; team?: string; name?: string } = {}) {
    const name = options.name ?? `cmd-${++trigger}`;
    return {
      responseUrl: fake.responseUrl(name),
      send: () =>
        postSigned(
          events,
          {
            token: 'legacy',
            team_id: options.team ?? TEAM,
            channel_id: 'C0STAFF',
            user_id: options.user ?? STAFF,
            command: '/petition',
            text,
            response_url: fake.responseUrl(name),
            trigger_id: `trigger-${name}`,
            api_app_id: 'A0APP',
          },
          { secret: SECRET, now: app.clock },
        ),
    };
  }

  /** A signed interaction (button click or modal submission). */
  function interaction(payload: Record<string, unknown>) {
    return postSigned(events, { payload: JSON.stringify(payload) }, { secret: SECRET, now: app.clock });
  }

  const sent = (name: string) => fake.calls.filter((c) => c.path === `/response/${name}`);
  /** A text sent to a command's response_url: the ack is empty, every answer comes after it. */
  const answer = async (name: string, pattern: RegExp = /./) => String((await fake.waitFor(`/response/${name}`, (c) => pattern.test(String(c.body.text)))).body.text);
  /** The form a loading modal was filled with (views.update), found by the response_url it carries. */
  const formFor = async (name: string) =>
    (await fake.waitFor('views.update', (c) => String((c.body.view as { private_metadata?: string }).private_metadata ?? '').includes(`/response/${name}"`))).body.view as {
      callback_id: string;
      private_metadata: string;
      blocks: Array<{ block_id?: string; element?: { initial_value?: string; max_length?: number } }>;
    };

  it('answers 401 to a bad signature, to a stale timestamp and to one from the future, and does nothing', async () => {
    const before = fake.calls.length;
    const form = { team_id: TEAM, user_id: STAFF, command: '/petition', text: 'stats', response_url: fake.responseUrl('x'), trigger_id: 't' };
    expect((await postSigned(events, form, { secret: SECRET, now: app.clock, signature: 'v0=' + '0'.repeat(64) })).status).toBe(401);
    expect((await postSigned(events, form, { secret: 'another-secret', now: app.clock })).status).toBe(401);
    const now = Math.floor(app.clock().getTime() / 1000);
    expect((await postSigned(events, form, { secret: SECRET, now: app.clock, timestamp: now - 10 * 60 })).status).toBe(401);
    // Signed "ten minutes from now": Bolt alone would accept it (and it could be replayed for fifteen).
    expect((await postSigned(events, form, { secret: SECRET, now: app.clock, timestamp: now + 10 * 60 })).status).toBe(401);
    expect(fake.calls.length).toBe(before);
    // Just inside the five minutes either way is Slack's own clock drifting: accepted.
    expect((await postSigned(events, { ...form, text: 'help' }, { secret: SECRET, now: app.clock, timestamp: now + 4 * 60 })).status).toBe(200);
  });

  it('shows the dashboard for /petition stats after acking', async () => {
    await app.core.petition.sign({ platform: 'telegram', userId: 'made-up-1' }, { name: { style: 'full', name: 'Mina Test' }, country: 'KR', language: 'ko' });
    await app.core.petition.sign({ platform: 'discord', userId: 'made-up-2' }, { name: { style: 'anonymous' }, country: 'US', language: 'en' });
    const cmd = command('stats', { name: 'stats' });
    const ack = await cmd.send();
    expect(ack.status).toBe(200);
    const reply = await fake.waitFor('/response/stats');
    const text = JSON.stringify(reply.body.blocks);
    expect(text).toContain('Petition dashboard');
    expect(text).toContain('*Signatures*\\n2');
    expect(text).toContain('South Korea (KR) 1');
    expect(text).toContain('Telegram 1');
    expect(text).toContain('*Nations*\\n2');
  });

  it('refuses another workspace and a non-staff member politely, and does nothing', async () => {
    const other = await command('export', { team: 'T0ELSEWHERE', name: 'elsewhere' }).send();
    expect(other).toEqual({ status: 200, text: '' });
    expect(await answer('elsewhere')).toMatch(/only in the coalition's own Slack workspace/);
    await command('export', { user: OUTSIDER, name: 'outsider' }).send();
    expect(await answer('outsider')).toMatch(/only members of the coalition's staff channel/);
    await command('announce', { user: OUTSIDER, name: 'outsider-announce' }).send();
    expect(await answer('outsider-announce')).toMatch(/only members/);
    // The modal opened at once (the trigger lives 3 s) says the same and holds no form.
    const opened = await fake.waitFor('views.open', (c) => c.body.trigger_id === 'trigger-outsider-announce');
    expect(JSON.stringify(opened.body.view)).not.toContain('announce_form');
    const refusedView = await fake.waitFor('views.update', (c) => JSON.stringify(c.body.view).includes('only members'));
    expect(JSON.stringify(refusedView.body.view)).not.toContain('announce_form');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    expect(sent('elsewhere')).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'export')).toHaveLength(0);
  });

  it('exports the delivery file and the per-country summary with the three upload steps, and audits it', async () => {
    await command('export', { name: 'export' }).send();
    expect(await answer('export')).toMatch(/Preparing the delivery file/);
    const complete = await fake.waitFor('files.completeUploadExternal');
    const uploads = fake.callsTo('files.getUploadURLExternal');
    expect(uploads).toHaveLength(2);
    expect(complete.body.channel_id).toBe('C0STAFF');
    const files = complete.body.files as Array<{ id: string; title: string }>;
    expect(files.map((f) => f.id)).toEqual(['F0UPLOAD1', 'F0UPLOAD2']);
    const csv = fake.uploaded('F0UPLOAD1');
    expect(csv.trim().split('\n')).toEqual(['Name,Country,Code,Signed on', 'Mina Test,South Korea,KR,2026-11-29', 'Anonymous,United States,US,2026-11-29']);
    expect(Number(uploads[0]!.body.length)).toBe(Buffer.byteLength(csv));
    expect(csv).not.toMatch(/telegram|discord/);
    const summary = fake.uploaded('F0UPLOAD2');
    expect(summary).toContain('South Korea,KR,1');
    expect(summary).toContain('Total,,2');
    expect(audit.find((e) => e.action === 'export')).toMatchObject({ actor: `slack:${STAFF}` });
    expect(JSON.stringify(audit)).not.toContain('Mina');
  });

  it('adds a case through the modal, checked with the import rules, and records who did it', async () => {
    await command('add', { name: 'add' }).send();
    await fake.waitFor('views.open', (c) => c.body.trigger_id === 'trigger-add');
    const view = await formFor('add');
    expect(view.callback_id).toBe('case_form');
    const values = (over: Record<string, string>) => {
      const text = { number: '901', name: '', date: '2024-02', place: 'Made-up Place', summary_en: 'A made-up test case.', summary_ko: '시험용 사례.', summary_zh: '测试案例。', story_en: '', story_ko: '', story_zh: '', source: '', ...over };
      return {
        kind: { value: { type: 'static_select', selected_option: { value: 'refugee' } } },
        ...Object.fromEntries(Object.entries(text).map(([k, v]) => [k, { value: { type: 'plain_text_input', value: v || null } }])),
      };
    };
    const submit = (over: Record<string, string>) =>
      interaction({ type: 'view_submission', team: { id: TEAM }, user: { id: STAFF, team_id: TEAM }, view: { id: 'V1', callback_id: 'case_form', private_metadata: view.private_metadata, state: { values: values(over) } } });

    const bad = await submit({ date: '24/02/2024' });
    expect(JSON.parse(bad.text)).toMatchObject({ response_action: 'errors', errors: { date: expect.stringContaining('YYYY') } });
    expect((await app.core.list.page({ search: 'Made-up Place' })).total).toBe(0);

    // Traditional Chinese and Spanish are optional fields of the same form.
    const blockIds = (view as unknown as { blocks: Array<{ block_id: string; optional?: boolean }> }).blocks;
    expect(blockIds.filter((b) => ['summary_zh-Hant', 'summary_es', 'story_zh-Hant', 'story_es'].includes(b.block_id)).map((b) => b.optional)).toEqual([true, true, true, true]);
    const good = await submit({ summary_es: 'Un caso de prueba inventado.' });
    expect(good.status).toBe(200);
    await fake.waitFor('/response/add');
    expect((await app.core.list.get(901)).place).toBe('Made-up Place');
    expect((await app.core.list.get(901)).summary).toEqual({ en: 'A made-up test case.', ko: '시험용 사례.', zh: '测试案例。', es: 'Un caso de prueba inventado.' });
    const [row] = await app.database.db.select({ by: cases.updatedBy }).from(cases).where(eq(cases.number, 901));
    expect(row!.by).toBe(`slack:${STAFF}`);

    const again = await submit({});
    expect(JSON.parse(again.text).errors.number).toMatch(/already exists/);
  });

  it('removes a case only after the confirming click', async () => {
    await command('remove 901', { name: 'remove' }).send();
    const prompt = await fake.waitFor('/response/remove');
    expect(JSON.stringify(prompt.body.blocks)).toContain('case_remove');
    expect((await app.core.list.get(901)).number).toBe(901);
    await interaction({
      type: 'block_actions',
      team: { id: TEAM },
      user: { id: STAFF, team_id: TEAM },
      response_url: fake.responseUrl('remove-click'),
      actions: [{ type: 'button', action_id: 'case_remove', value: '901' }],
    });
    const done = await fake.waitFor('/response/remove-click');
    expect(done.body.text).toBe('Case 901 was removed from THE LIST.');
    await expect(app.core.list.get(901)).rejects.toThrow('case.not-found');
    expect(audit.find((e) => e.action === 'list.remove')).toMatchObject({ actor: `slack:${STAFF}`, detail: { case: 901 } });
  });

  it('imports THE LIST from a file uploaded to Slack and reports rejected rows', async () => {
    fake.files.set('F0IMPORT01', {
      name: 'cases.csv',
      content: 'number,kind,summary_en,summary_ko,summary_zh\n950,refugee,Made-up one,가짜 하나,假的一\n951,nobody,Bad kind,나쁨,坏\n',
    });
    await command('import https://example.slack.com/files/U0STAFF/F0IMPORT01/cases.csv', { name: 'import' }).send();
    expect(await answer('import')).toMatch(/Importing/);
    const report = await fake.waitFor('/response/import', (c) => String(c.body.text).startsWith('Import finished'));
    expect(report.body.text).toMatch(/Cases saved: 1\. Rows rejected: 1\./);
    expect(report.body.text).toMatch(/Row 2: kind/);
    expect((await app.core.list.get(950)).summary.en).toBe('Made-up one');
  });

  it('composes, previews and confirms an announcement, which is queued once for every subscriber and audited', async () => {
    const signer = (userId: string) => ({ platform: 'telegram', userId });
    await app.core.reminders.subscribe(signer('made-up-sub-1'), 'telegram:9000001', 'en');
    await app.core.reminders.subscribe(signer('made-up-sub-2'), 'telegram:9000002', 'ko');
    await app.core.reminders.subscribeChannel('discord:channel:9000003', 'zh');
    const before = await app.deliveries.progress(10);

    await command('announce', { name: 'announce' }).send();
    await fake.waitFor('views.open', (c) => c.body.trigger_id === 'trigger-announce');
    const view = await formFor('announce');
    const submit = (en: string) =>
      interaction({
        type: 'view_submission',
        team: { id: TEAM },
        user: { id: STAFF, team_id: TEAM },
        view: {
          id: 'V2',
          callback_id: 'announce_form',
          private_metadata: view.private_metadata,
          state: { values: { en: { value: { value: en } }, ko: { value: { value: '열흘 남았습니다' } }, zh: { value: { value: '还剩十天' } } } },
        },
      });
    const empty = await submit('   ');
    expect(JSON.parse(empty.text)).toMatchObject({ response_action: 'errors', errors: { en: expect.stringContaining('English') } });

    await submit('Ten days left');
    const preview = await fake.waitFor('/response/announce');
    const blocks = JSON.stringify(preview.body.blocks);
    expect(blocks).toContain('Ten days left');
    expect(blocks).toContain('열흘 남았습니다');
    const id = /"action_id":"announce_send"[^}]*?"value":"([^"]+)"/.exec(blocks)?.[1] ?? /"value":"([0-9a-f-]{36})"/.exec(blocks)?.[1];
    expect(id).toBeTruthy();
    // A preview queues nothing.
    expect(await app.deliveries.progress(10)).toEqual(before);

    await interaction({
      type: 'block_actions',
      team: { id: TEAM },
      user: { id: STAFF, team_id: TEAM },
      response_url: fake.responseUrl('announce-send'),
      actions: [{ type: 'button', action_id: 'announce_send', value: id }],
    });
    const done = await fake.waitFor('/response/announce-send');
    expect(done.body.text).toBe(`Announcement ${id} is queued for 3 recipients. Watch its progress with \`/petition deliveries\` or on the bot's Home tab.`);
    const queued = (await app.deliveries.progress(10)).filter((p) => p.kind === 'announcement');
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ broadcastId: `announcement:${id}`, queued: 3, sending: 0, sent: 0, failed: 0 });
    expect(audit.find((e) => e.action === 'announce')).toMatchObject({ actor: `slack:${STAFF}`, detail: { announcement: id, recipients: 3 } });

    // A second click finds no draft: nothing is enqueued twice.
    await interaction({ type: 'block_actions', team: { id: TEAM }, user: { id: STAFF, team_id: TEAM }, response_url: fake.responseUrl('announce-again'), actions: [{ type: 'button', action_id: 'announce_send', value: id }] });
    expect((await fake.waitFor('/response/announce-again')).body.text).toMatch(/expired/);
    const after = await app.deliveries.progress(10);
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((p) => p.broadcastId === `announcement:${id}`)?.queued).toBe(3);
  });

  it('shows delivery progress for /petition deliveries, and refuses a non-staff member', async () => {
    const { recipients } = await app.deliveries.enqueue({
      id: 'reminder:test:made-up',
      campaignId: app.core.campaign.id,
      kind: 'reminder',
      audience: 'everyone',
      content: { template: 'reminder.last-day' },
      notBefore: new Date('2026-11-29T14:00:00Z'),
    });
    expect(recipients).toBe(3);
    // Due before the announcement's rows, so the claim takes one of this reminder's.
    const [claimed] = await app.deliveries.claim('telegram', 1, 60_000);
    expect(claimed?.broadcastId).toBe('reminder:test:made-up');
    await app.deliveries.markSent(claimed!.id);

    await command('deliveries', { user: OUTSIDER, name: 'outsider-deliveries' }).send();
    expect(await answer('outsider-deliveries')).toMatch(/only members/);

    const ack = await command('deliveries', { name: 'deliveries' }).send();
    expect(ack.status).toBe(200);
    const reply = await fake.waitFor('/response/deliveries');
    expect(reply.body.text).toBe('Deliveries');
    const progress = await app.deliveries.progress(10);
    const mine = progress.find((p) => p.broadcastId === claimed!.broadcastId)!;
    expect(mine).toMatchObject({ sent: 1, sentLastMinute: 1, queued: recipients - 1 });
    const sections = (reply.body.blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections).toHaveLength(progress.length);
    const line = sections.find((text) => text.includes(claimed!.broadcastId))!;
    expect(line).toContain(`Queued ${recipients - 1} · Sending 0 · Sent 1 · Failed 0 · Unsubscribed 0 · In doubt 0`);
    expect(line).toContain('Rate: 0.02/s (1 sent in the last minute)');
    expect(sections.some((text) => text.startsWith('*Reminder*') && text.includes('reminder:test:made-up'))).toBe(true);
    expect(sent('outsider-deliveries')).toHaveLength(1);
  });

  it('refuses a non-staff click on a button', async () => {
    await interaction({ type: 'block_actions', team: { id: TEAM }, user: { id: OUTSIDER, team_id: TEAM }, response_url: fake.responseUrl('outsider-click'), actions: [{ type: 'button', action_id: 'case_remove', value: '950' }] });
    expect((await fake.waitFor('/response/outsider-click')).body.text).toMatch(/only members/);
    expect((await app.core.list.get(950)).number).toBe(950);
  });

  it('replies in Korean after a staff member chooses it', async () => {
    await command('language ko', { name: 'lang' }).send();
    expect(await answer('lang')).toBe('이제 한국어로 답합니다.');
    await command('help', { name: 'help-ko' }).send();
    expect(await answer('help-ko')).toContain('명령어');
    await command('language en', { name: 'lang-en' }).send();
    expect(await answer('lang-en')).toBe('Replies are now in English.');
  });

  it('publishes the dashboard on the App Home tab for staff only', async () => {
    const event = (user: string) => ({ type: 'event_callback', team_id: TEAM, api_app_id: 'A0APP', event_id: `Ev${user}`, event_time: 1, event: { type: 'app_home_opened', user, channel: 'D0', tab: 'home' } });
    expect((await postSignedJson(events, event(STAFF), SECRET, app.clock)).status).toBe(200);
    const home = await fake.waitFor('views.publish', (c) => c.body.user_id === STAFF);
    expect(JSON.stringify(home.body.view)).toContain('Petition dashboard');
    // Delivery progress sits below the dashboard.
    const homeText = JSON.stringify(home.body.view);
    expect(homeText.indexOf('Deliveries')).toBeGreaterThan(homeText.indexOf('Petition dashboard'));
    expect(homeText).toContain('Sent 1 · Failed 0');
    await postSignedJson(events, event(OUTSIDER), SECRET, app.clock);
    const refused = await fake.waitFor('views.publish', (c) => c.body.user_id === OUTSIDER);
    expect(JSON.stringify(refused.body.view)).not.toContain('Petition dashboard');
    expect(JSON.stringify(refused.body.view)).not.toContain('Deliveries');
    expect(JSON.stringify(refused.body.view)).toMatch(/only members/);
  });

  it('turns a failed start-up auth.test into one clear error', async () => {
    const broken = new FakeSlackApi();
    await broken.start();
    broken.authError = 'invalid_auth';
    const adapter = createSlackAdapter({ chat: app.chat, core: app.core, clock: app.clock, logger: createLogger('silent'), config: { botToken: 'xoxb-bad', signingSecret: SECRET, appToken: null, apiUrl: broken.apiUrl, teamId: TEAM, staffChannel: null } });
    await expect(adapter.start()).rejects.toThrow('Slack auth.test failed: invalid_auth');
    await broken.stop();
  });
});
