import { App, HTTPReceiver, type types } from '@slack/bolt';
import { Renderer } from '../../src/chat/index.ts';
import type { OutgoingMessage } from '../../src/core/index.ts';
import { AdapterStartError, type AdapterContext, type PlatformAdapter } from '../../src/platform.ts';
import { registerAppHome } from './app-home.ts';
import { boltLogger } from './bolt-logger.ts';
import { createAfterAck, type ConsoleContext, type PackBuilder } from './console-context.ts';
import { registerInteractions } from './interactions.ts';
import { registerPetitionCommand } from './petition-command.ts';
import { registerReviewActions } from './review-console.ts';
import { verifiedRequests } from './request-verification.ts';
import { BUTTON_TEXT_MAX, clip, MESSAGE_BLOCKS_MAX, mrkdwnSections } from './slack-text.ts';
import { createStaffAccess } from './staff-access.ts';
import { createStaffLocales } from './staff-locale.ts';

export interface SlackConfig {
  botToken: string;
  /** HTTP mode: requests are verified with it (bad or out-of-time signature: 401). */
  signingSecret: string | null;
  /** Socket Mode when set (then no HTTP route is served). */
  appToken: string | null;
  /** Web API base URL, e.g. a local fake in tests; Slack's own when null. */
  apiUrl: string | null;
  /** The only workspace allowed; the bot's own workspace (from auth.test) when null. */
  teamId: string | null;
  /** When set, only its members are staff (the entry point also subscribes it to reminders and milestones). */
  staffChannel: string | null;
}

/** What the entry point hands the console beyond the core: the pack writer lives outside what an adapter may import. */
export interface SlackExtras {
  /** Builds the delivery pack as one ZIP (`/petition pack`); without it the command says to use the CLI. */
  buildPack?: PackBuilder;
}

export interface SlackAdapter extends PlatformAdapter {
  readonly app: App;
}

const SLACK_API = 'https://slack.com/api/';
/** Where Slack sends slash commands, interactivity and events on the shared server. */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The coalition staff console on Slack: `/petition` stats, export, THE LIST,
 * announcements, delivery progress and the App Home dashboard; as a
 * Messenger it posts queued reminders and milestones to `slack:C…` channels.
 * Nothing is called on Slack until start(), which checks the token once
 * (auth.test) and turns a failure into one line.
 *
 * @example const slack = createSlackAdapter({ chat, core, logger, clock, config: config.slack }); await slack.start();
 */
export function createSlackAdapter(context: AdapterContext<SlackConfig>, extras: SlackExtras = {}): SlackAdapter {
  const { core, logger, clock, config } = context;
  if (!config.appToken && !config.signingSecret) throw new AdapterStartError('Slack', 'needs a signing secret (HTTP mode) or an app token (Socket Mode)', ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']);
  const apiUrl = config.apiUrl ?? SLACK_API;
  // Quiet until the token is known to work: a failed start says one line, not Bolt's five.
  let starting = true;
  const log = boltLogger(logger, () => starting);
  // A few quick retries, not the client's default of ten over thirty minutes.
  const clientOptions = { slackApiUrl: apiUrl, logger: log, retryConfig: { retries: 2, factor: 1.5, minTimeout: 200 } };
  // Signatures are checked before Bolt, against the app's clock (see request-verification.ts).
  const receiver = config.appToken ? null : new HTTPReceiver({ signingSecret: config.signingSecret!, signatureVerification: false, endpoints: SLACK_EVENTS_PATH, logger: log });
  const app = receiver
    ? new App({ token: config.botToken, deferInitialization: true, logger: log, clientOptions, receiver })
    : new App({ token: config.botToken, appToken: config.appToken!, socketMode: true, deferInitialization: true, logger: log, clientOptions });

  let teamId = config.teamId;
  const ctx: ConsoleContext = {
    core,
    render: new Renderer(core.t, core.campaign),
    access: createStaffAccess({ client: app.client, teamId: () => teamId, staffChannel: config.staffChannel, clock }),
    locales: createStaffLocales(core),
    logger,
    clock,
    botToken: config.botToken,
    apiUrl,
    afterAck: createAfterAck(core, logger),
    buildPack: extras.buildPack ?? null,
  };
  registerPetitionCommand(app, ctx);
  registerInteractions(app, ctx);
  registerReviewActions(app, ctx);
  registerAppHome(app, ctx);
  app.error(async (error) => {
    logger.error({ err: error }, 'slack handler failed');
  });

  return {
    name: 'slack',
    app,
    routes: receiver
      ? [{ path: '/slack/', handler: verifiedRequests({ signingSecret: config.signingSecret!, clock, logger, next: receiver.requestListener }) }]
      : [],
    async start() {
      try {
        await app.init();
        if (!teamId) teamId = (await app.client.auth.test()).team_id ?? null;
      } catch (error) {
        const refused = (error as { data?: { error?: string } }).data?.error;
        const reason = refused ?? `the Slack API is unreachable (${networkCodeOf(error) ?? (error as Error).name})`;
        throw new AdapterStartError('Slack', `auth.test failed: ${reason}`, ['SLACK_BOT_TOKEN', 'SLACK_API_URL']);
      }
      starting = false;
      if (config.appToken) await app.start();
    },
    async stop() {
      if (config.appToken) await app.stop();
    },
    messenger: {
      prefix: 'slack',
      /** `slack:C0123` → a message in that channel. */
      async send(address: string, message: OutgoingMessage) {
        const channel = address.replace(/^slack:/, '');
        const links = (message.buttons ?? []).flat().filter((b): b is { label: string; url: string } => 'url' in b);
        // A long announcement full of & < > grows when escaped: several sections, each within Slack's limit,
        // and several messages should it ever need more than a message's 50 blocks.
        const sections = mrkdwnSections(message.text);
        const actions: types.KnownBlock[] = links.length
          ? [{ type: 'actions', elements: links.map((b) => ({ type: 'button', text: { type: 'plain_text', text: clip(b.label, BUTTON_TEXT_MAX) }, url: b.url })) }]
          : [];
        const perMessage = MESSAGE_BLOCKS_MAX - actions.length;
        for (let i = 0; i < sections.length; i += perMessage) {
          const last = i + perMessage >= sections.length;
          await app.client.chat.postMessage({ channel, text: message.text, blocks: [...sections.slice(i, i + perMessage), ...(last ? actions : [])] });
        }
      },
    },
  };
}

/** The network's own word for a failed call (ECONNREFUSED, ENOTFOUND), under the Web API client's and fetch's wrappers. */
function networkCodeOf(error: unknown): string | null {
  let value = (error as { original?: unknown }).original;
  for (let depth = 0; value && depth < 4; depth++) {
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    value = (value as { cause?: unknown }).cause;
  }
  return null;
}
