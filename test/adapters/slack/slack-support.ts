import { createSlackAdapter, type SlackAdapter, type SlackExtras } from '../../../adapters/slack/slack-adapter.ts';
import type { App } from '../../../src/app.ts';
import { createLogger } from '../../../src/logger.ts';
import { FakeSlackApi, type RecordedCall } from '../../support/fake-slack-api.ts';
import { serveRoutes } from '../../support/serve-routes.ts';
import { postSigned, postSignedJson } from '../../support/slack-requests.ts';

export const SECRET = 'test-signing-secret-0123456789';
export const TEAM = 'T0TEAM';
export const STAFF = 'U0STAFF';
export const OTHER_STAFF = 'U0OTHERSTAFF';
export const OUTSIDER = 'U0OUTSIDER';

/**
 * The real Slack adapter of a test app behind signed HTTP requests, talking
 * to a fake Slack: slash commands, clicks and events as Slack sends them.
 */
export async function startSlackConsole(app: App, extras: SlackExtras = {}) {
  const fake = new FakeSlackApi();
  await fake.start();
  fake.members = [STAFF, OTHER_STAFF];
  const slack: SlackAdapter = createSlackAdapter(
    {
      chat: app.chat,
      core: app.core,
      clock: app.clock,
      logger: createLogger('silent'),
      config: { botToken: 'xoxb-test-token', signingSecret: SECRET, appToken: null, apiUrl: fake.apiUrl, teamId: TEAM, staffChannel: 'C0STAFF' },
    },
    extras,
  );
  await slack.start();
  const served = await serveRoutes(slack.routes ?? []);
  const events = `${served.url}/slack/events`;
  let counter = 0;

  /** Sends `/petition <text>`; the reply to its response_url is at `/response/<name>`. */
  async function command(text: string, options: { user?: string; name?: string; /** How long to wait for the first answer. */ waitMs?: number } = {}) {
    const name = options.name ?? `cmd-${++counter}`;
    const ack = await postSigned(
      events,
      {
        token: 'legacy',
        team_id: TEAM,
        channel_id: 'C0STAFF',
        user_id: options.user ?? STAFF,
        command: '/petition',
        text,
        response_url: fake.responseUrl(name),
        trigger_id: `trigger-${name}`,
        api_app_id: 'A0APP',
      },
      { secret: SECRET, now: app.clock },
    );
    // The ack is empty (Slack's 3 s are kept by acknowledging first); what staff
    // read first arrives at the response_url, unless the command opened a modal.
    const acked = ack.text ? ((JSON.parse(ack.text) as { text?: string }).text ?? '') : '';
    if (acked || ack.status !== 200) return { status: ack.status, text: acked, name };
    const first = await fake.waitFor(`/response/${name}`, () => true, options.waitMs ?? 20_000).catch(() => null);
    return { status: ack.status, text: first ? String(first.body.text ?? '') : '', name };
  }

  /** A click on a button (`value`) or a choice in a menu (`option`), answered at `/response/<name>`. */
  function click(actionId: string, choice: { value?: string; option?: string }, options: { user?: string; name: string }) {
    const action =
      choice.option !== undefined
        ? { type: 'static_select', action_id: actionId, selected_option: { value: choice.option } }
        : { type: 'button', action_id: actionId, value: choice.value };
    return postSigned(
      events,
      {
        payload: JSON.stringify({
          type: 'block_actions',
          team: { id: TEAM },
          user: { id: options.user ?? STAFF, team_id: TEAM },
          response_url: fake.responseUrl(options.name),
          actions: [action],
        }),
      },
      { secret: SECRET, now: app.clock },
    );
  }

  function homeOpened(user: string) {
    return postSignedJson(
      events,
      { type: 'event_callback', team_id: TEAM, api_app_id: 'A0APP', event_id: `Ev${user}${++counter}`, event_time: 1, event: { type: 'app_home_opened', user, channel: 'D0', tab: 'home' } },
      SECRET,
      app.clock,
    );
  }

  /** Every message posted to one response_url, oldest first. */
  const replies = (name: string): RecordedCall[] => fake.calls.filter((c) => c.path === `/response/${name}`);
  /** The first reply to `name` (waits for it). */
  const reply = (name: string, predicate: (c: RecordedCall) => boolean = () => true) => fake.waitFor(`/response/${name}`, predicate);

  return {
    fake,
    slack,
    command,
    click,
    homeOpened,
    replies,
    reply,
    async close() {
      await served.close();
      await slack.stop();
      await fake.stop();
    },
  };
}

/** The action elements of a message's blocks, with their block's text. */
export function actionsIn(blocks: unknown): Array<{ action_id: string; value?: string; options?: Array<{ value: string; text: { text: string } }>; text?: { text: string } }> {
  const found: Array<{ action_id: string }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if ('action_id' in node) found.push(node as { action_id: string });
      Object.values(node).forEach(walk);
    }
  };
  walk(blocks);
  return found as ReturnType<typeof actionsIn>;
}
