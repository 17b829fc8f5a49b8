/**
 * The contract between the app and every platform adapter (Telegram,
 * Discord, Slack, the terminal, and any future one such as Matrix): each
 * adapter factory takes the same context and returns the same shape, so the
 * entry point starts and stops them all in one loop.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatBot } from './chat/index.ts';
import type { CampaignCore, Clock, Logger, Messenger } from './core/index.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** An HTTP route on the one shared server. */
export interface Route {
  /** Exact path, or a prefix when it ends with "/". An exact match wins, then the longest prefix. */
  path: string;
  handler: RequestHandler;
}

/** What every adapter factory is given. */
export interface AdapterContext<Config> {
  /** The supporter conversation, with its pipeline (chat surfaces). */
  chat: ChatBot;
  /** The campaign's services: the staff console uses them (THE LIST, exports, announcements, audit, totals). */
  core: CampaignCore;
  logger: Logger;
  clock: Clock;
  /** The adapter's own part of the validated configuration. */
  config: Config;
}

/** What every adapter factory returns. */
export interface PlatformAdapter {
  /** The platform, as in addresses: `telegram`, `discord`, `slack`, `terminal`. */
  readonly name: string;
  /** Sends reminders and announcements to this platform's addresses, where it can. */
  readonly messenger?: Messenger;
  /** HTTP routes to mount on the shared server (webhooks), if any. */
  readonly routes?: Route[];
  /** Connects (checks the token, sets the webhook, logs in); throws `AdapterStartError` in one line. */
  start(): Promise<void>;
  /** Stops taking events and lets the ones under way finish. */
  stop(): Promise<void>;
  /** Resolves when the adapter has nothing more to do by itself (the terminal at the end of input); never for servers. */
  readonly finished?: Promise<void>;
}

export type AdapterFactory<Config> = (context: AdapterContext<Config>) => PlatformAdapter;

/**
 * An adapter could not start: said in one line that names the platform and
 * the variables to check, with no secret in it.
 *
 * @example throw new AdapterStartError('Telegram', 'getMe failed: 401 Unauthorized', ['TELEGRAM_BOT_TOKEN'])
 * // message: 'Telegram getMe failed: 401 Unauthorized (check TELEGRAM_BOT_TOKEN)'
 */
export class AdapterStartError extends Error {
  constructor(
    readonly platform: string,
    reason: string,
    readonly variables: string[] = [],
  ) {
    super(`${platform} ${reason}${variables.length ? ` (check ${variables.join(', ')})` : ''}`);
    this.name = 'AdapterStartError';
  }
}
