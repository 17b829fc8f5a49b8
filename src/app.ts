/**
 * The composition root: the one place that knows which storage, campaign and
 * adapters are in use and wires them together.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Campaign } from './campaign/campaign.ts';
import { loadCampaign } from './campaign/load-campaign.ts';
import { createCampaignCore, type CampaignCore } from './campaign-core.ts';
import type { Config } from './config.ts';
import type { Clock, DeliveryStore, ProcessedUpdates, SendRateLimiter, SnapshotStore } from './core/ports.ts';
import { createTranslator } from './i18n/i18n.ts';
import { parseCaseFile } from './list/case-import.ts';
import { embeddedSignerSecret } from './signer-secret.ts';
import type { AnnouncementQueue, AuditLog } from './core/ports.ts';
import { createQueuedAnnouncements } from './delivery/queued-announcements.ts';
import { createLogAudit } from './audit/log-audit.ts';
import { createLogger } from './logger.ts';
import { createSignatureExport } from './storage/signature-export.ts';
import { createCaseRepository } from './storage/case-repository.ts';
import { createDatabase, type Database } from './storage/database.ts';
import { createDialogueRepository } from './storage/dialogue-repository.ts';
import { createDeliveryRepository } from './storage/delivery-repository.ts';
import { createProcessedEventRepository } from './storage/processed-event-repository.ts';
import { createSendRateLimiter, type PlatformRate } from './storage/send-rate-limiter.ts';
import { createSnapshotRepository } from './storage/snapshot-repository.ts';
import { createPreferenceRepository } from './storage/preference-repository.ts';
import { createSignatureRepository } from './storage/signature-repository.ts';
import { createSubscriptionRepository } from './storage/subscription-repository.ts';

export const SAMPLE_CASES_FILE = fileURLToPath(new URL('./list/sample-cases.json', import.meta.url));

export interface App {
  core: CampaignCore;
  /** The one clock every part of the app reads. */
  clock: Clock;
  database: Database;
  /** Which incoming platform events were handled; adapters use it to ignore replays. */
  processedUpdates: ProcessedUpdates;
  /** The durable queue of reminder, announcement and milestone deliveries. */
  deliveries: DeliveryStore;
  /** Paces sends per platform across every instance. */
  sendRates: SendRateLimiter;
  /** What the milestone check saw last. */
  snapshots: SnapshotStore;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  /** Use this campaign instead of reading config.campaignFile. */
  campaign?: Campaign;
  /** Where staff actions are recorded; by default `audit` lines on stderr. */
  audit?: AuditLog;
  /** Where staff announcements go; by default the delivery queue. */
  announcements?: AnnouncementQueue;
  /** Send rates for the whole bot; by default Telegram's 30 messages a second. */
  sendRates?: Record<string, PlatformRate>;
}

/** Telegram allows a bot about 30 messages a second in all; Discord and Slack pace in their libraries. */
export const DEFAULT_SEND_RATES: Record<string, PlatformRate> = { telegram: { perSecond: 30, burst: 5 } };

/** Opens storage (applying migrations), loads the campaign and builds the core. */
export async function createApp(config: Pick<Config, 'database' | 'dataDir' | 'signerKeySecret' | 'campaignFile'>, options: AppOptions = {}): Promise<App> {
  const campaign = options.campaign ?? (await loadCampaign(config.campaignFile ?? undefined));
  const database = await createDatabase(config.database.url, { poolSize: config.database.poolSize });
  try {
    await database.migrate();
    const secret = await signerSecretFor(config);
    const clock = options.clock ?? (() => new Date());
    const { db } = database;
    const deliveries = createDeliveryRepository(db, clock);
    const core = createCampaignCore({
      campaign,
      signerKeySecret: secret,
      t: createTranslator(),
      clock,
      stores: {
        signatures: createSignatureRepository(db),
        cases: createCaseRepository(db),
        subscriptions: createSubscriptionRepository(db),
        preferences: createPreferenceRepository(db),
        dialogues: createDialogueRepository(db, clock),
        signatureExport: createSignatureExport(db),
        announcements: options.announcements ?? createQueuedAnnouncements(deliveries, campaign.id, clock),
        audit: options.audit ?? createLogAudit(createLogger('info')),
      },
    });
    if (database.driver === 'pglite') await seedSampleCases(core);
    return {
      core,
      clock,
      database,
      processedUpdates: createProcessedEventRepository(db, clock),
      deliveries,
      sendRates: createSendRateLimiter(db, options.sendRates ?? DEFAULT_SEND_RATES),
      snapshots: createSnapshotRepository(db),
      close: () => database.close(),
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

async function signerSecretFor(config: Pick<Config, 'database' | 'dataDir' | 'signerKeySecret'>): Promise<string> {
  if (config.signerKeySecret) return config.signerKeySecret;
  // An in-memory database forgets its signers anyway; a throwaway secret matches it.
  if (config.database.url.startsWith('memory:')) return randomBytes(48).toString('base64url');
  return embeddedSignerSecret(config.dataDir);
}

/** A fresh embedded database shows the sample cases, so THE LIST is not empty on a first try. */
async function seedSampleCases(core: CampaignCore): Promise<void> {
  const { total } = await core.list.page({ page: 1 });
  if (total > 0) return;
  const report = parseCaseFile(await readFile(SAMPLE_CASES_FILE, 'utf8'), 'json');
  if (report.rejected.length > 0) throw new Error(`sample cases are invalid: ${report.rejected[0]!.reason}`);
  await core.list.upsertAll(report.accepted, 'sample-data');
}
