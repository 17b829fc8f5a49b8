/**
 * The core and the chat layer as the app assembles them (createCampaignCore,
 * the same pipeline through `assembleChat`), on the in-memory ports instead
 * of a database, with a fixed clock by default. For tests of logic that never
 * needs SQL: it starts in milliseconds where PGlite takes seconds.
 *
 * test/storage/port-contract.test.ts runs the same assertions on every memory
 * store here and on the real ones. What only a database has (migrations, the
 * send-rate limiter, milestone snapshots, transactions that roll back a failed
 * handler's writes) is tested on PGlite with `createTestApp`.
 */
import { readFile } from 'node:fs/promises';
import { assembleChat, SAMPLE_CASES_FILE, type App, type AppOptions } from '../../../src/app.ts';
import type { ChatBot } from '../../../src/chat/index.ts';
import {
  createAddressCipher,
  createCampaignCore,
  createMessengerDirectory,
  parseCaseFile,
  type Campaign,
  type CampaignCore,
  type Clock,
  type DeliveryStore,
  type EventJournal,
  type FloodLimiter,
  type MessengerDirectory,
  type WatchList,
} from '../../../src/core/index.ts';
import { createQueuedAnnouncements } from '../../../src/delivery/queued-announcements.ts';
import { createQueuedDeliveryRelay } from '../../../src/delivery/queued-delivery-relay.ts';
import { handleRecipientGone } from '../../../src/delivery/recipient-gone.ts';
import { createTranslator } from '../../../src/i18n/i18n.ts';
import { createLogger } from '../../../src/logger.ts';
import { loadWatchLists } from '../../../src/review/load-watch-lists.ts';
import { createMemoryFloodLimiter } from '../../../src/storage/flood-limiter.ts';
import { TEST_SECRET, testCampaign } from '../test-app.ts';
import { createMemoryAuditLog } from './audit-log.ts';
import { createMemoryCaseStore } from './case-store.ts';
import { createMemoryDeliveryRecordStore, createMemoryDeliveryTargetStore, createMemoryPaperSignatureStore } from './delivery-day-stores.ts';
import { createMemoryDeliveryStore } from './delivery-store.ts';
import { createMemoryDialogueStore } from './dialogue-store.ts';
import { createMemoryEventJournal } from './event-journal.ts';
import { createMemoryPackSnapshotStore } from './pack-snapshot-store.ts';
import { createMemoryReferralStore } from './referral-store.ts';
import { createMemoryStayInTouchStore } from './stay-in-touch-store.ts';
import { createMemoryPreferenceStore } from './preference-store.ts';
import { createMemoryReviewStore } from './review-store.ts';
import { createMemorySignatureStore } from './signature-store.ts';
import { createMemorySigningActivity } from './signing-activity.ts';
import { createMemorySubscriptionStore } from './subscription-store.ts';
import { MemoryTables } from './tables.ts';

/** What `createTestApp` gives, minus the database and what only a database has. */
export interface MemoryApp extends Pick<App, 'recipientGone' | 'addresses'> {
  core: CampaignCore;
  chat: ChatBot;
  clock: Clock;
  journal: EventJournal;
  deliveries: DeliveryStore;
  messengers: MessengerDirectory;
  flood: FloodLimiter;
  /** The rows behind the stores, for assertions on what was (not) written. */
  tables: MemoryTables;
  /** Every store refuses from now on, as a closed database does. */
  close(): Promise<void>;
}

export interface MemoryCoreOptions extends Pick<AppOptions, 'audit' | 'announcements' | 'observeHandling' | 'logger' | 'floodLimits'> {
  clock?: Clock;
  campaign?: Campaign;
  /** THE LIST starts with the sample cases when empty, as a fresh embedded database does; false for an empty list. */
  sampleCases?: boolean;
  /** The compiled watch lists; by default those the campaign names, loaded as the composition root loads them. */
  watchList?: WatchList;
  /** The "database": pass another core's `tables` to build what a restarted process builds on the same data. */
  tables?: MemoryTables;
}

/**
 * @example const app = await createMemoryCore({ clock: testClock('2026-11-29T15:00:00Z') }); await app.core.petition.sign(who, input)
 */
export async function createMemoryCore(options: MemoryCoreOptions = {}): Promise<MemoryApp> {
  const clock = options.clock ?? (() => new Date('2026-11-29T15:00:00Z'));
  const campaign = options.campaign ?? testCampaign();
  const logger = options.logger ?? createLogger('silent');
  const tables = options.tables ?? new MemoryTables();
  const deliveries = createMemoryDeliveryStore(tables, clock);
  const signatures = createMemorySignatureStore(tables);
  const audit = createMemoryAuditLog(tables);
  const cases = createMemoryCaseStore(tables);
  const core = createCampaignCore({
    campaign,
    signerKeySecret: TEST_SECRET,
    t: createTranslator(),
    clock,
    watchList: options.watchList ?? (await loadWatchLists(campaign.review.watchList.enabled ? campaign.review.watchList.lists : [])),
    stores: {
      signatures,
      cases,
      subscriptions: createMemorySubscriptionStore(tables, clock),
      preferences: createMemoryPreferenceStore(tables),
      dialogues: createMemoryDialogueStore(tables, clock),
      signatureExport: signatures,
      announcements: options.announcements ?? createQueuedAnnouncements(deliveries, campaign.id, clock),
      audit: options.audit ?? audit,
      auditHistory: audit,
      signingActivity: createMemorySigningActivity(tables),
      deliveries,
      deliveryRelay: createQueuedDeliveryRelay(deliveries, campaign, clock),
      reviews: createMemoryReviewStore(tables),
      deliveryTargets: createMemoryDeliveryTargetStore(tables),
      deliveryRecords: createMemoryDeliveryRecordStore(tables),
      paperSignatures: createMemoryPaperSignatureStore(tables),
      packSnapshots: createMemoryPackSnapshotStore(tables),
      referrals: createMemoryReferralStore(tables),
      stayInTouch: createMemoryStayInTouchStore(tables),
    },
  });
  // As createApp does for a fresh embedded database: THE LIST is not empty on a first try.
  if (options.sampleCases !== false && (await core.list.page({ page: 1 })).total === 0) {
    const report = parseCaseFile(await readFile(SAMPLE_CASES_FILE, 'utf8'), 'json');
    await core.list.seed(report.accepted, 'sample-data');
  }
  const journal = createMemoryEventJournal(tables, clock);
  const messengers = createMessengerDirectory();
  // The memory stores keep addresses in memory only; notices still name a lost channel sealed, as in production.
  const addresses = createAddressCipher(['memory-core-address-key-made-up-0001'], TEST_SECRET);
  const recipientGone = handleRecipientGone(core, deliveries, clock, addresses);
  const flood = createMemoryFloodLimiter(options.floodLimits);
  const chat = assembleChat({ core, messengers, recipientGone, flood, journal, logger, observeHandling: options.observeHandling });
  return {
    core,
    chat,
    clock,
    journal,
    deliveries,
    messengers,
    flood,
    recipientGone,
    addresses,
    tables,
    async close() {
      tables.close();
    },
  };
}
