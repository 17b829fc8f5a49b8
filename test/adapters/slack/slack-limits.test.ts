import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import type { App } from '../../../src/app.ts';
import { hasLoneSurrogate } from '../../../src/chat/index.ts';
import { createLogger } from '../../../src/logger.ts';
import { FakeSlackApi } from '../../support/fake-slack-api.ts';
import { SLACK } from '../../support/platform-limits.ts';
import { serveRoutes } from '../../support/serve-routes.ts';
import { postSigned } from '../../support/slack-requests.ts';
import { createSlowTestApp } from '../../support/slow-database.ts';
import { createTestApp } from '../../support/test-app.ts';

const SECRET = 'test-signing-secret-0123456789';
const TEAM = 'T0TEAM';
const STAFF = 'U0STAFF';

type FormView = { callback_id: string; private_metadata: string; blocks: Array<{ type: string; block_id?: string; element?: { type: string; initial_value?: string; max_length?: number; initial_option?: { value: string } } }> };
type Section = { type: string; text?: { text: string } };

/** `text` repeated to exactly `length` UTF-16 units, the end padded with plain letters (a whole grapheme each). */
function storyOf(sentence: string, length: number): string {
  let text = '';
  while (text.length + sentence.length <= length) text += sentence;
  return text + 'a'.repeat(length - text.length);
}

const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** The text of sections without the white space lost where they were split. */
const flat = (text: string) => text.replace(/\s+/g, '');

/** A Slack console over signed HTTP on a fake Slack, on the given app. */
async function consoleOn(app: App, fake: FakeSlackApi) {
  const slack: SlackAdapter = createSlackAdapter({
    chat: app.chat,
    core: app.core,
    clock: app.clock,
    logger: createLogger('silent'),
    config: { botToken: 'xoxb-test-token', signingSecret: SECRET, appToken: null, apiUrl: fake.apiUrl, teamId: TEAM, staffChannel: 'C0STAFF' },
  });
  await slack.start();
  const served = await serveRoutes(slack.routes ?? []);
  const events = `${served.url}/slack/events`;
  return {
    slack,
    close: async () => {
      await served.close();
      await slack.stop();
    },
    /** A signed `/petition` command; resolves with the HTTP answer (the ack). */
    command: (text: string, name: string) =>
      postSigned(
        events,
        { token: 'legacy', team_id: TEAM, channel_id: 'C0STAFF', user_id: STAFF, command: '/petition', text, response_url: fake.responseUrl(name), trigger_id: `trigger-${name}`, api_app_id: 'A0APP' },
        { secret: SECRET, now: app.clock },
      ),
    interaction: (payload: Record<string, unknown>) => postSigned(events, { payload: JSON.stringify(payload) }, { secret: SECRET, now: app.clock }),
  };
}

/** The form a loading modal was filled with, found by the response_url it carries. */
async function formFor(fake: FakeSlackApi, name: string): Promise<FormView> {
  const update = await fake.waitFor('views.update', (c) => String((c.body.view as { private_metadata?: string }).private_metadata ?? '').includes(`/response/${name}"`), 60_000);
  return update.body.view as FormView;
}

/** What Slack sends back on submission when nobody changed anything: every input's initial value. */
function unchangedValues(view: FormView) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || !block.block_id || !block.element) continue;
    values[block.block_id] = {
      value:
        block.element.type === 'static_select'
          ? { type: 'static_select', selected_option: block.element.initial_option ?? null }
          : { type: 'plain_text_input', value: block.element.initial_value ?? null },
    };
  }
  return values;
}

describe('Slack payloads within Block Kit limits, nothing lost', () => {
  const fake = new FakeSlackApi();
  let app: App;
  let slack: Awaited<ReturnType<typeof consoleOn>>;

  beforeAll(async () => {
    await fake.start();
    fake.members = [STAFF];
    app = await createTestApp();
    slack = await consoleOn(app, fake);
  });

  afterEach(() => {
    // Nothing the adapter sent was refused by the fake, which refuses what Slack refuses.
    expect(fake.refused.map((r) => `${r.path}: ${r.problems.join('; ')}`)).toEqual([]);
  });

  afterAll(async () => {
    await slack?.close();
    await app?.close();
    await fake.stop();
  });

  it('Slack case edit round trip keeps a 5,000-character story', async () => {
    const stories = {
      en: storyOf('A made-up witness line with an emoji 👩‍👧 and a rare character 𠀀 stays whole. ', 5000),
      ko: storyOf('지어낸 증언 문장입니다. 이모지 🇰🇷와 드문 한자 𠜎도 그대로 남습니다. ', 5000),
      zh: storyOf('这是虚构的证词，表情👨‍👩‍👧和生僻字𠀀都完整保留。', 5000),
    };
    const checked = app.core.list.checkRow({
      number: 4242,
      kind: 'refugee',
      place: 'Made-up Place',
      summary_en: 'A made-up case with the longest stories THE LIST allows.',
      summary_ko: '가장 긴 사연을 담은 가상 사례입니다.',
      summary_zh: '包含最长经历的虚构案例。',
      story_en: stories.en,
      story_ko: stories.ko,
      story_zh: stories.zh,
      source: 'Made-up source',
    });
    if (!checked.ok) throw new Error(checked.reason);
    await app.core.list.save(checked.case, 'test', 'add');
    const before = await app.core.list.get(4242);
    expect(before.story.en).toHaveLength(5000);

    await slack.command('edit 4242', 'edit-long');
    const view = await formFor(fake, 'edit-long');
    for (const block of view.blocks) {
      if (block.element?.type !== 'plain_text_input') continue;
      expect(block.element.max_length).toBeLessThanOrEqual(SLACK.inputMax);
      expect(block.element.initial_value?.length ?? 0).toBeLessThanOrEqual(block.element.max_length!);
      expect(hasLoneSurrogate(block.element.initial_value ?? '')).toBe(false);
    }
    const values = unchangedValues(view);
    const submitted = await slack.interaction({
      type: 'view_submission',
      team: { id: TEAM },
      user: { id: STAFF, team_id: TEAM },
      view: { id: 'V0EDIT', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
    });
    expect(submitted).toEqual({ status: 200, text: '' });
    await fake.waitFor('/response/edit-long', (c) => c.body.text === 'Case 4242 was saved.');
    const after = await app.core.list.get(4242);
    expect(after.story).toEqual(before.story);
    expect(after.story.zh).toBe(stories.zh);
  });

  it('a 3,000-character announcement full of &<> reaches Slack, in the preview and in the channel', async () => {
    const text = storyOf('Stop <refoulement> & <b>R&R</b> &&& <<>> ', 3000);
    expect(text).toHaveLength(3000);
    expect(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').length).toBeGreaterThan(SLACK.sectionText * 2);

    await slack.command('announce', 'announce-long');
    const view = await formFor(fake, 'announce-long');
    await slack.interaction({
      type: 'view_submission',
      team: { id: TEAM },
      user: { id: STAFF, team_id: TEAM },
      view: { id: 'V0ANN', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: { en: { value: { value: text } }, ko: { value: { value: '열흘 남았습니다 & <힘내요>' } }, zh: { value: { value: '还剩十天' } } } } },
    });
    const preview = await fake.waitFor('/response/announce-long', (c) => Array.isArray(c.body.blocks));
    const sections = (preview.body.blocks as Section[]).filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections.every((s) => s.length <= SLACK.sectionText)).toBe(true);
    const english = sections.slice(sections.findIndex((s) => s.startsWith('*English*')), sections.findIndex((s) => s.startsWith('*한국어*') || s.startsWith('*Korean*')));
    expect(english.length).toBeGreaterThanOrEqual(3);
    expect(flat(unescape(english.join('')))).toBe(flat(`*English*${text}`));

    // The queued delivery to a Slack channel: the messenger's chat.postMessage, as the worker sends it.
    await slack.slack.messenger!.send('slack:C0ANNOUNCE', { text });
    const posted = await fake.waitFor('chat.postMessage', (c) => c.body.channel === 'C0ANNOUNCE');
    const blocks = (typeof posted.body.blocks === 'string' ? JSON.parse(posted.body.blocks) : posted.body.blocks) as Section[];
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(blocks.every((b) => b.text!.text.length <= SLACK.sectionText)).toBe(true);
    expect(flat(unescape(blocks.map((b) => b.text!.text).join('')))).toBe(flat(text));
  });

  it('says so when the modal cannot open (an expired trigger id), and opens nothing else', async () => {
    fake.expiredTriggers.add('trigger-too-late');
    await slack.command('add', 'too-late');
    expect((await fake.waitFor('/response/too-late')).body.text).toBe('Sorry, something went wrong and nothing was changed. Please try again in a few minutes.');
    expect(fake.callsTo('views.update').filter((c) => JSON.stringify(c.body).includes('/response/too-late'))).toEqual([]);
  });

  it('the fake refuses what Slack refuses: a section over 3,000 characters after escaping', async () => {
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0X', text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '&amp;'.repeat(601) } }] }),
    });
    expect(await response.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(fake.refused).toHaveLength(1);
    fake.refused.length = 0;
  });
});

describe('Slack answers within 3 seconds on a slow database', () => {
  const fake = new FakeSlackApi();
  let app: App;
  let slow: { latencyMs: number };
  let slack: Awaited<ReturnType<typeof consoleOn>>;

  beforeAll(async () => {
    await fake.start();
    fake.members = [STAFF];
    ({ app, slow } = await createSlowTestApp());
    const checked = app.core.list.checkRow({ number: 77, kind: 'refugee', summary_en: 'A made-up case.', summary_ko: '가상 사례.', summary_zh: '虚构案例。' });
    if (!checked.ok) throw new Error(checked.reason);
    await app.core.list.save(checked.case, 'test', 'add');
    slack = await consoleOn(app, fake);
    slow.latencyMs = 2_000;
  });

  afterAll(async () => {
    await slack?.close();
    slow.latencyMs = 0;
    await app?.close();
    await fake.stop();
  });

  it('acks /petition, opens the modal while the trigger id lives and acks the submission, each within 3 s', async () => {
    let started = performance.now();
    expect(await slack.command('stats', 'slow-stats')).toEqual({ status: 200, text: '' });
    expect(performance.now() - started).toBeLessThan(3_000);

    started = performance.now();
    const ack = await slack.command('edit 77', 'slow-edit');
    expect(ack.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3_000);
    await fake.waitFor('views.open', (c) => c.body.trigger_id === 'trigger-slow-edit', 3_000);
    expect(performance.now() - started).toBeLessThan(3_000);

    // The form arrives once storage answers; the submission is acknowledged in time all the same.
    const view = await formFor(fake, 'slow-edit');
    started = performance.now();
    const submitted = await slack.interaction({
      type: 'view_submission',
      team: { id: TEAM },
      user: { id: STAFF, team_id: TEAM },
      view: { id: 'V0SLOW', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: unchangedValues(view) } },
    });
    expect(submitted.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3_000);
    await fake.waitFor('/response/slow-edit', (c) => c.body.text === 'Case 77 was saved.', 60_000);
    await fake.waitFor('/response/slow-stats', (c) => Array.isArray(c.body.blocks), 60_000);
    expect(fake.refused).toEqual([]);
  });
});
