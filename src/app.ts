/**
 * The composition root: the one place that knows which storage and campaign
 * are in use and wires them into the core, the chat layer and the delivery
 * queue. The entry point (main.ts) adds the platform adapters.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadCampaign } from './campaign/load-campaign.ts';
import { answerInTime, apologize, ChatBot, floodLimit, inOrder, onceEach, readLocale, timing, type ShareSettings } from './chat/index.ts';
import type { Config } from './config.ts';
import {
  createAddressCipher,
  createCampaignCore,
  createMessengerDirectory,
  parseCaseFile,
  type AddressCipher,
  type AnnouncementQueue,
  type AuditLog,
  type Campaign,
  type CampaignCore,
  type Clock,
  type DeliveryStore,
  type EventJournal,
  type FloodLimiter,
  type Logger,
  type MessengerDirectory,
  type RecipientGoneError,
  type SendRateLimiter,
  type SnapshotStore,
  type WatchList,
} from './core/index.ts';
import { createQueuedAnnouncements } from './delivery/queued-announcements.ts';
import { handleRecipientGone } from './delivery/recipient-gone.ts';
import { createTranslator } from './i18n/i18n.ts';
import { createLogger } from './logger.ts';
import { embeddedAddressKeys, embeddedSignerSecret } from './signer-secret.ts';
import { resealAddresses } from './storage/address-sealing.ts';
import { loadWatchLists } from './review/load-watch-lists.ts';
import { createAuditRepository } from './storage/audit-repository.ts';
import { createFloodLimiter, type FloodLimits } from './storage/flood-limiter.ts';
import { createReviewRepository } from './storage/review-repository.ts';
import { createSigningActivityRepository } from './storage/signing-activity-repository.ts';
import { createCaseRepository } from './storage/case-repository.ts';
import { createDatabase, type Database } from './storage/database.ts';
import { createDeliveryRepository } from './storage/delivery-repository.ts';
import { createDialogueRepository } from './storage/dialogue-repository.ts';
import { createEventJournal } from './storage/event-journal.ts';
import { createPreferenceRepository } from './storage/preference-repository.ts';
import { createSendRateLimiter, type PlatformRate } from './storage/send-rate-limiter.ts';
import { createSignatureExport } from './storage/signature-export.ts';
import { createSignatureRepository } from './storage/signature-repository.ts';
import { createSnapshotRepository } from './storage/snapshot-repository.ts';
import { createSubscriptionRepository } from './storage/subscription-repository.ts';
import { createStayInTouchRepository } from './storage/stay-in-touch-repository.ts';
import { contextualDb } from './storage/unit-of-work.ts';
import { createQueuedDeliveryRelay } from './delivery/queued-delivery-relay.ts';
import { createDeliveryRecordRepository, createDeliveryTargetRepository, createPaperSignatureRepository } from './storage/delivery-day-repository.ts';
import { createReferralRepository } from './storage/referral-repository.ts';
import { createPackSnapshotRepository } from './storage/pack-snapshot-repository.ts';

export const SAMPLE_CASES_FILE = fileURLToPath(new URL('./list/sample-cases.json', import.meta.url));

export interface App {
  core: CampaignCore;
  /** The supporter conversation with the standard pipeline, shared by every chat surface. */
  chat: ChatBot;
  database: Database;
  /** The one clock every part of the app reads the time from. */
  clock: Clock;
  /** Each incoming platform event has one effect, across redeliveries and instances. */
  journal: EventJournal;
  /** The durable queue of reminder, announcement and milestone deliveries. */
  deliveries: DeliveryStore;
  /** Paces sends per platform across every instance. */
  sendRates: SendRateLimiter;
  /** What the milestone check saw last. */
  snapshots: SnapshotStore;
  /** Where messages to any address go, by prefix; adapters add their messengers as they are created. */
  messengers: MessengerDirectory;
  /** The one place that stops writing to a recipient gone for good (blocked bot, lost channel). */
  recipientGone(address: string, error: RecipientGoneError): Promise<void>;
  /** Commands per person: the chat pipeline asks it before handling a message. */
  flood: FloodLimiter;
  /** Seals and opens stored addresses (AES-256-GCM) and makes their blind index. */
  addresses: AddressCipher;
  close(): Promise<void>;
}

export interface AppOptions {
  /** The time source for everything: `systemClock` in production, a fixed one in tests. */
  clock: Clock;
  /** Use this campaign instead of reading config.campaignFile. */
  campaign?: Campaign;
  /** Where staff actions are recorded; by default the `audit_log` table (never the logs). */
  audit?: AuditLog;
  /** Where staff announcements go; by default the delivery queue. */
  announcements?: AnnouncementQueue;
  /** Send rates for the whole bot; by default Telegram's 30 messages a second. */
  sendRates?: Record<string, PlatformRate>;
  /** Where chat failures are logged (without personal data); silent by default. */
  logger?: Logger;
  /** Told how long each chat event took to answer, by surface (for /metrics). */
  observeHandling?(surface: string, seconds: number): void;
  /** Commands per person; by default DEFAULT_FLOOD_LIMITS. */
  floodLimits?: FloodLimits;
  /** The links `/share` gives on every platform (from PUBLIC_URL, TELEGRAM_BOT_USERNAME, DISCORD_INVITE_URL). */
  share?: ShareSettings;
  /** Keys for stored addresses, first encrypts; by default createApp's (ADDRESS_KEYS, the data folder's, or derived). */
  addressKeys?: readonly string[];
}

/** Telegram allows a bot about 30 messages a second in all; Discord and Slack pace in their libraries. */
export const DEFAULT_SEND_RATES: Record<string, PlatformRate> = { telegram: { perSecond: 30, burst: 5 } };

/** Opens storage (applying migrations), loads the campaign and builds the core and the chat layer. */
export async function createApp(
  config: Pick<Config, 'database' | 'dataDir' | 'signerKeySecret' | 'campaignFile'> & Partial<Pick<Config, 'addressKeys'>>,
  options: AppOptions,
): Promise<App> {
  const campaign = options.campaign ?? (await loadCampaign(config.campaignFile ?? undefined));
  const database = await createDatabase(config.database.url, { poolSize: config.database.poolSize });
  try {
    await database.migrate();
    const watchList = await loadWatchLists(campaign.review.watchList.enabled ? campaign.review.watchList.lists : []);
    const signerSecret = await signerSecretFor(config);
    const addressKeys = options.addressKeys ?? (await addressKeysFor(config, signerSecret));
    const app = assembleApp(database, signerSecret, { ...options, campaign, watchList, addressKeys });
    // Rows from before addresses were encrypted are sealed before anyone is served (none, normally).
    await resealAddresses(database.db, app.addresses, 'legacy');
    if (database.driver === 'pglite') await seedSampleCases(app.core);
    return app;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

/**
 * Everything but opening the database: what a (re)started process builds on
 * a migrated database. Nothing is shared with another app on the same
 * database but the database itself.
 */
export function assembleApp(database: Database, signerKeySecret: string, options: AppOptions & { campaign: Campaign; watchList?: WatchList }): App {
  const { clock, campaign } = options;
  const logger = options.logger ?? createLogger('silent');
  // Every repository queries through this one, so a unit of work's queries share its transaction.
  const db = contextualDb(database.db);
  const addresses = createAddressCipher(options.addressKeys ?? derivedAddressKeys(signerKeySecret), signerKeySecret);
  const deliveries = createDeliveryRepository(db, clock, addresses);
  const auditTrail = createAuditRepository(db);
  const dialogues = createDialogueRepository(db, clock, {
    onSweepError: (err) => logger.warn({ err }, 'sweeping expired drafts failed; will retry in a minute'),
  });
  const core = createCampaignCore({
    campaign,
    signerKeySecret,
    t: createTranslator(),
    clock,
    watchList: options.watchList,
    stores: {
      signatures: createSignatureRepository(db),
      cases: createCaseRepository(db, clock),
      subscriptions: createSubscriptionRepository(db, clock, addresses),
      stayInTouch: createStayInTouchRepository(db, addresses),
      preferences: createPreferenceRepository(db, clock),
      dialogues,
      signatureExport: createSignatureExport(db),
      announcements: options.announcements ?? createQueuedAnnouncements(deliveries, campaign.id, clock),
      audit: options.audit ?? auditTrail,
      auditHistory: auditTrail,
      reviews: createReviewRepository(db),
      signingActivity: createSigningActivityRepository(db),
      deliveries,
      // A pack draws the rows while the freeze copies them, where a second connection can read them.
      packSnapshots: createPackSnapshotRepository(db, { readWhileFreezing: database.concurrentTransactions }),
      deliveryTargets: createDeliveryTargetRepository(db),
      deliveryRecords: createDeliveryRecordRepository(db),
      paperSignatures: createPaperSignatureRepository(db),
      deliveryRelay: createQueuedDeliveryRelay(deliveries, campaign, clock),
      referrals: createReferralRepository(db),
    },
  });
  const journal = createEventJournal(db, clock, logger);
  const messengers = createMessengerDirectory();
  const recipientGone = handleRecipientGone(core, deliveries, clock, addresses);
  const flood = createFloodLimiter(database, options.floodLimits);
  const chat = assembleChat({ core, messengers, recipientGone, flood, journal, logger, observeHandling: options.observeHandling, share: options.share });
  return {
    core,
    chat,
    database,
    clock,
    journal,
    deliveries,
    sendRates: createSendRateLimiter(db, options.sendRates ?? DEFAULT_SEND_RATES),
    snapshots: createSnapshotRepository(db),
    flood,
    messengers,
    recipientGone,
    addresses,
    async close() {
      // A sweep still running would otherwise fail on a closed pool.
      await dialogues.settled();
      await database.close();
    },
  };
}

/**
 * The supporter conversation with the standard pipeline, on whatever stores
 * the core, the flood limiter and the journal were built on (the app's
 * database, or the in-memory ports of the unit tests).
 */
export function assembleChat(parts: {
  core: CampaignCore;
  messengers: MessengerDirectory;
  recipientGone: App['recipientGone'];
  flood: FloodLimiter;
  journal: EventJournal;
  logger: Logger;
  observeHandling?: AppOptions['observeHandling'];
  share?: AppOptions['share'];
}): ChatBot {
  const { core, messengers, recipientGone, flood, journal, logger } = parts;
  const chat = new ChatBot({ core, send: messengers.send, recipientGone, share: parts.share }).use(
    timing((surface, seconds) => parts.observeHandling?.(surface, seconds)),
    // Before the per-conversation queue: a second click while the first is still being handled
    // (a slow database) is acknowledged at once, not after the first one's work.
    answerInTime({ instant: (user, input) => chat.instant(user, input), visibilityOf: (input) => chat.visibilityOf(input) }),
    inOrder(),
    apologize({ logger, localeOf: (event) => chat.localeForApology(event), apology: (locale) => chat.apology(locale), recipientGone }),
    // Before the journal, behind this process's queue for the conversation: one statement reads the
    // language of every event in a turn, while the flood limit counts.
    readLocale((user) => chat.localeOf(user)),
    // After answering in time (a refusal may take a moment on a shared limiter) and before the journal:
    // a flood is refused without touching the event's transaction.
    floodLimit(flood, core.keyOf, async (ctx, error) => void (ctx.replies = [await chat.refusal(ctx.event, error)]), journal),
    onceEach(journal, { readsOnly: (input) => chat.readsOnly(input), storageOnly: (input) => chat.storageOnly(input) }),
  );
  return chat;
}

async function signerSecretFor(config: Pick<Config, 'database' | 'dataDir' | 'signerKeySecret'>): Promise<string> {
  if (config.signerKeySecret) return config.signerKeySecret;
  // An in-memory database forgets its signers anyway; a throwaway secret matches it.
  if (config.database.url.startsWith('memory:')) return randomBytes(48).toString('base64url');
  return embeddedSignerSecret(config.dataDir);
}

/**
 * ADDRESS_KEYS when set; the data folder's file for the embedded database;
 * otherwise (an in-memory database, a test or benchmark building the app
 * itself) a key derived from the signer secret, so its instances agree.
 */
async function addressKeysFor(config: Pick<Config, 'database' | 'dataDir'> & Partial<Pick<Config, 'addressKeys'>>, signerSecret: string): Promise<readonly string[]> {
  if (config.addressKeys && config.addressKeys.length > 0) return config.addressKeys;
  if (config.database.url.startsWith('file:')) return embeddedAddressKeys(config.dataDir);
  return derivedAddressKeys(signerSecret);
}

function derivedAddressKeys(signerSecret: string): string[] {
  return [Buffer.from(hkdfSync('sha256', signerSecret, Buffer.alloc(0), 'nkfc derived address key', 48)).toString('base64url')];
}

/** A fresh embedded database shows the sample cases, so THE LIST is not empty on a first try. */
async function seedSampleCases(core: CampaignCore): Promise<void> {
  const { total } = await core.list.page({ page: 1 });
  if (total > 0) return;
  const report = parseCaseFile(await readFile(SAMPLE_CASES_FILE, 'utf8'), 'json');
  if (report.rejected.length > 0) throw new Error(`sample cases are invalid: ${report.rejected[0]!.reason}`);
  await core.list.seed(report.accepted, 'sample-data');
}
