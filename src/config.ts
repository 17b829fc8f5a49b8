import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional();
const url = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s]+$/.test(v), `must be an http(s) URL of ${what}`)
    .optional();

/** One source of a CSP frame-ancestors list: *, 'self', 'none', or an http(s) origin (a leading *. allowed). */
const FRAME_SOURCE = /^(\*|'self'|'none'|https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?)$/;

const schema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^(postgres(ql)?|memory|file):/.test(v), 'must start with postgres://, postgresql://, memory:// or file://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  SIGNER_KEY_SECRET: z.string().min(32, 'must be at least 32 characters (for example `openssl rand -base64 48`)').optional(),
  ADDRESS_KEYS: z
    .string()
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().min(32, 'keys must each be at least 32 characters (for example `openssl rand -base64 48`)')).min(1, 'must list at least one key'))
    .optional(),
  CAMPAIGN_FILE: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  TERMINAL: z.enum(['0', '1']).optional(),
  /** The terminal's language comes from the locale, e.g. ko_KR.UTF-8. */
  LANG: z.string().optional(),
  DELIVERY_WORKER: z.enum(['0', '1']).default('1'),
  TELEGRAM_BROADCAST_RATE: z.coerce.number().min(0.1).max(10_000).default(30),

  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]{20,}$/, 'does not look like a bot token from @BotFather').optional(),
  TELEGRAM_API_ROOT: url('a Bot API server'),
  TELEGRAM_WEBHOOK_URL: z.string().regex(/^https:\/\/\S+$/, 'must be an https URL').optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 of A-Z a-z 0-9 _ -').optional(),

  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{5,25}$/, 'must be a numeric application id').optional(),
  DISCORD_API_URL: url('the Discord REST API'),

  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must start with xoxb-').optional(),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must start with xapp-').optional(),
  SLACK_API_URL: url('the Slack Web API'),
  SLACK_TEAM_ID: z.string().regex(/^T[A-Z0-9]+$/, 'must be a workspace id like T0123ABCD').optional(),
  SLACK_STAFF_CHANNEL: z.string().regex(/^[CG][A-Z0-9]+$/, 'must be a channel id like C0123ABCD').optional(),

  PUBLIC_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be the http(s) address the public page is reached at, without ? or #')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  TELEGRAM_BOT_USERNAME: z
    .string()
    .trim()
    .transform((v) => v.replace(/^@/, ''))
    .pipe(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, "must be the bot's username from @BotFather, e.g. ExamplePetitionBot"))
    .optional(),
  DISCORD_INVITE_URL: z.string().trim().regex(/^https:\/\/\S+$/, 'must be an https URL (a server invite or the app install link)').optional(),
  WEB_REFERRAL: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 _ -').default('web'),
  WEB_FRAME_ANCESTORS: z
    .string()
    .trim()
    .refine((v) => v.split(/\s+/).every((source) => FRAME_SOURCE.test(source)), "must be *, 'self', 'none' or space-separated http(s) origins")
    .default('*'),
});

export type Config = ReturnType<typeof getConfig>;

/** A configuration problem, reported as one line naming the variable. */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and checks the environment once; only the entry point passes
 * `process.env`, everything else receives this object.
 *
 * @example getConfig({ DATABASE_URL: 'memory://' }).database.url // 'memory://'
 */
export function getConfig(env: Record<string, string | undefined>) {
  // Empty variables (FOO= in a .env file) mean "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const onPostgres = e.DATABASE_URL !== undefined && /^postgres/.test(e.DATABASE_URL);
  if (onPostgres && !e.SIGNER_KEY_SECRET) {
    throw new ConfigError('SIGNER_KEY_SECRET', 'is required with a Postgres DATABASE_URL, so every instance hashes signers alike');
  }
  if (onPostgres && !e.ADDRESS_KEYS) {
    throw new ConfigError('ADDRESS_KEYS', 'is required with a Postgres DATABASE_URL, so every instance can read the encrypted addresses');
  }
  requireTogether(e, ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']);
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    throw new ConfigError('SLACK_SIGNING_SECRET', 'or SLACK_APP_TOKEN is required with SLACK_BOT_TOKEN');
  }
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('TELEGRAM_WEBHOOK_SECRET', 'is required with TELEGRAM_WEBHOOK_URL');
  }

  const telegram = e.TELEGRAM_BOT_TOKEN
    ? { token: e.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT ?? 'https://api.telegram.org', webhookUrl: e.TELEGRAM_WEBHOOK_URL ?? null, webhookSecret: e.TELEGRAM_WEBHOOK_SECRET ?? null }
    : null;
  const discord = e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
    ? { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, apiUrl: e.DISCORD_API_URL ?? null }
    : null;
  const slack = e.SLACK_BOT_TOKEN
    ? { botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET ?? null, appToken: e.SLACK_APP_TOKEN ?? null, apiUrl: e.SLACK_API_URL ?? null, teamId: e.SLACK_TEAM_ID ?? null, staffChannel: e.SLACK_STAFF_CHANNEL ?? null }
    : null;
  const anyPlatform = Boolean(telegram || discord || slack);
  // PORT alone serves the public page (and health, metrics, open data) without the terminal.
  const terminal = e.TERMINAL ? e.TERMINAL === '1' : !anyPlatform && e.PORT === undefined;

  return {
    database: {
      // No URL: PGlite on disk inside the data folder, so `npm start` needs no server.
      url: e.DATABASE_URL ?? `file://${absolute(e.DATA_DIR)}/pglite`,
      poolSize: e.DATABASE_POOL_SIZE,
    },
    dataDir: absolute(e.DATA_DIR),
    signerKeySecret: e.SIGNER_KEY_SECRET ?? null,
    /** Keys that encrypt stored addresses, the first for new values, all for reading; null: the data folder's. */
    addressKeys: e.ADDRESS_KEYS ?? null,
    campaignFile: e.CAMPAIGN_FILE ?? null,
    // The terminal shares stdout with the conversation: keep logs to warnings there.
    logLevel: e.LOG_LEVEL ?? (terminal ? 'warn' : 'info'),
    port: e.PORT ?? null,
    /** The public base URL of this HTTP server (packs print `${publicUrl}/api/receipts` and its QR code), or null. */
    publicUrl: e.PUBLIC_URL ?? null,
    /** Whether the local terminal adapter runs. */
    terminal,
    /** The terminal's language: the shell's locale (LANG). */
    terminalLanguageTag: e.LANG ?? null,
    /** Whether this instance sends reminders and announcements (any number may; each delivery goes once). */
    deliveryWorker: e.DELIVERY_WORKER === '1',
    /** Telegram messages a second for the whole bot, shared by every instance. */
    telegramBroadcastRate: e.TELEGRAM_BROADCAST_RATE,
    telegram,
    discord,
    slack,
    web: {
      /** Where the page is reached from outside (for share images and canonical links); null: relative links. */
      publicUrl: e.PUBLIC_URL ?? null,
      /** "Sign on Telegram" opens this bot; null hides the button. */
      telegramBotUsername: e.TELEGRAM_BOT_USERNAME ?? null,
      /** "Sign on Discord" opens this link; null hides the button. */
      discordInviteUrl: e.DISCORD_INVITE_URL ?? null,
      /** The referral code the page's sign links carry, so signatures from the page can be counted. */
      referral: e.WEB_REFERRAL,
      /** Who may put /embed/counter in a frame (CSP frame-ancestors). */
      frameAncestors: e.WEB_FRAME_ANCESTORS,
    },
  };
}

function requireTogether(env: Record<string, unknown>, names: string[]): void {
  const set = names.filter((n) => env[n] !== undefined);
  if (set.length > 0 && set.length < names.length) {
    const missing = names.find((n) => env[n] === undefined)!;
    throw new ConfigError(missing, `is required with ${set.join(' and ')}`);
  }
}

function absolute(path: string): string {
  return path.startsWith('/') ? path : `${process.cwd()}/${path}`;
}
