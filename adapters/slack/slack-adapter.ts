import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { CampaignCore } from '../../src/campaign-core.ts';
import type { Clock, DeliveryStore, Messenger, OutgoingMessage } from '../../src/core/ports.ts';
import type { Logger } from '../../src/logger.ts';
import { registerAppHome } from './app-home.ts';
import { boltLogger } from './bolt-logger.ts';
import { createAfterAck, type ConsoleContext } from './console-context.ts';
import { registerInteractions } from './interactions.ts';
import { registerPetitionCommand } from './petition-command.ts';
import { escapeMrkdwn } from './slack-text.ts';
import { createStaffAccess } from './staff-access.ts';
import { createStaffLocales } from './staff-locale.ts';

export interface SlackAdapterOptions {
  botToken: string;
  /** HTTP mode: requests are verified with it (bad or stale signature: 401). */
  signingSecret: string | null;
  /** Socket Mode when set (then no HTTP port is opened). */
  appToken: string | null;
  /** Web API base URL, e.g. a local fake in tests; Slack's own when null. */
  apiUrl: string | null;
  /** The only workspace allowed; the bot's own workspace (from auth.test) when null. */
  teamId: string | null;
  /** When set, only its members are staff. */
  staffChannel: string | null;
  core: CampaignCore;
  logger: Logger;
  clock: Clock;
  /** The delivery queue, read for `/petition deliveries` and the App Home tab; without it they say progress is unavailable. */
  deliveries?: Pick<DeliveryStore, 'progress'>;
  /** HTTP mode: where to listen (default 3000 on all interfaces); port 0 picks a free one. */
  port?: number;
  host?: string;
  /**
   * HTTP mode: false to open no server of its own and let the caller mount
   * `requestListener` on a shared one (one port for webhooks, Slack and health).
   */
  listen?: boolean;
}

export interface SlackAdapter extends Messenger {
  readonly app: App;
  /** HTTP mode: the port actually listened on, after start(). */
  readonly port: number | null;
  /** HTTP mode: Bolt's request handler (verifies signatures), for mounting on a shared server. */
  readonly requestListener: ((req: IncomingMessage, res: ServerResponse) => void) | null;
}

/** A start-up failure, said in one line (e.g. "Slack auth.test failed: invalid_auth"). */
export class SlackStartError extends Error {
  override name = 'SlackStartError';
}

const SLACK_API = 'https://slack.com/api/';

/**
 * The coalition staff console on Slack: `/petition` stats, export, THE LIST,
 * announcements, delivery progress and the App Home dashboard; as a Messenger
 * it posts queued reminders and milestones to `slack:C…` channels. Nothing is
 * called on Slack until start(), which checks the token once (auth.test) and
 * turns a failure into one clear error instead of an unhandled rejection.
 *
 * @example const slack = createSlackAdapter({ ...config.slack, core: app.core, logger, deliveries: app.deliveries }); await slack.start();
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { core, logger } = options;
  if (!options.appToken && !options.signingSecret) throw new SlackStartError('Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)');
  const apiUrl = options.apiUrl ?? SLACK_API;
  const log: BoltLogger = boltLogger(logger);
  // A few quick retries, not the client's default of ten over thirty minutes.
  const clientOptions = { slackApiUrl: apiUrl, logger: log, retryConfig: { retries: 2, factor: 1.5, minTimeout: 200 } };
  const receiver = options.appToken ? null : new HTTPReceiver({ signingSecret: options.signingSecret!, endpoints: '/slack/events', logger: log });
  const app = receiver
    ? new App({ token: options.botToken, deferInitialization: true, logger: log, clientOptions, receiver })
    : new App({ token: options.botToken, appToken: options.appToken!, socketMode: true, deferInitialization: true, logger: log, clientOptions });

  let teamId = options.teamId;
  let port: number | null = null;
  const ctx: ConsoleContext = {
    core,
    access: createStaffAccess({ client: app.client, teamId: () => teamId, staffChannel: options.staffChannel }),
    locales: createStaffLocales(core),
    deliveries: options.deliveries ?? null,
    logger,
    clock: options.clock,
    botToken: options.botToken,
    apiUrl,
    afterAck: createAfterAck(core, logger),
  };
  registerPetitionCommand(app, ctx);
  registerInteractions(app, ctx);
  registerAppHome(app, ctx);
  app.error(async (error) => {
    logger.error({ err: error }, 'slack handler failed');
  });

  return {
    prefix: 'slack',
    app,
    get port() {
      return port;
    },
    requestListener: receiver ? receiver.requestListener : null,

    async start() {
      try {
        await app.init();
        if (!teamId) teamId = (await app.client.auth.test()).team_id ?? null;
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
        throw new SlackStartError(`Slack auth.test failed: ${code}`);
      }
      if (options.appToken) {
        await app.start();
        return;
      }
      if (options.listen === false) return;
      const server = await app.start({ port: options.port ?? 3000, ...(options.host ? { host: options.host } : {}) });
      port = ((server as { address(): AddressInfo | string | null }).address() as AddressInfo | null)?.port ?? null;
      logger.info({ port }, 'slack staff console listening');
    },

    async stop() {
      if (options.appToken || options.listen !== false) await app.stop();
    },

    /** `slack:C0123` → a message in that channel. */
    async send(address: string, message: OutgoingMessage) {
      const channel = address.replace(/^slack:/, '');
      const links = (message.buttons ?? []).flat().filter((b): b is { label: string; url: string } => 'url' in b);
      await app.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(message.text) } },
          ...(links.length
            ? [{ type: 'actions' as const, elements: links.map((b) => ({ type: 'button' as const, text: { type: 'plain_text' as const, text: b.label }, url: b.url })) }]
            : []),
        ],
      });
    },
  };
}
