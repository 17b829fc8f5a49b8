/**
 * The campaign core's public face: every service an adapter or the chat layer
 * may call, built from ports only. Storage and platforms are wired in by the
 * composition root (src/app.ts); nothing here knows which database or
 * platform is in use.
 */
import { createHmac } from 'node:crypto';
import { AnnouncementService } from './announcement-service.ts';
import type { Campaign } from './campaign.ts';
import { ExportService } from './export-service.ts';
import { ListService } from './list-service.ts';
import { PetitionService } from './petition-service.ts';
import type {
  AnnouncementQueue,
  AuditLog,
  CaseStore,
  Clock,
  DeliveryProgress,
  DeliveryStore,
  DialogueStore,
  PreferenceStore,
  SignatureExport,
  SignatureStore,
  SubscriptionStore,
  Translate,
} from './ports/index.ts';
import { ReminderService } from './reminder-service.ts';
import { RetentionService } from './retention-service.ts';
import { createSignerKeyer, type SignerKeyer, type SignerRef } from './signer-key.ts';

export interface CoreStores {
  signatures: SignatureStore;
  cases: CaseStore;
  subscriptions: SubscriptionStore;
  preferences: PreferenceStore;
  dialogues: DialogueStore;
  /** Streams signatures for the delivery file. */
  signatureExport: SignatureExport;
  /** Where staff announcements go. */
  announcements: AnnouncementQueue;
  /** Where staff actions (export, announce, THE LIST changes) are recorded. */
  audit: AuditLog;
  /** Delivery progress for the staff console; absent where no queue runs. */
  deliveries?: Pick<DeliveryStore, 'progress'>;
}

export interface CampaignCore {
  campaign: Campaign;
  /** The one clock of the app. */
  clock: Clock;
  petition: PetitionService;
  /** THE LIST: browsing for everyone, changes by staff (audited). */
  list: ListService;
  reminders: ReminderService;
  /** Erasing names and addresses once the petition is delivered. */
  retention: RetentionService;
  preferences: PreferenceStore;
  dialogues: DialogueStore;
  keyOf: SignerKeyer;
  /** A short code that credits shares to a person without revealing who they are. */
  referralCodeOf(who: SignerRef): string;
  t: Translate;
  /** The delivery file (staff only). */
  exports: ExportService;
  /** Staff announcements to every opted-in supporter and channel. */
  announcements: AnnouncementService;
  /** Records staff actions. */
  audit: AuditLog;
  /**
   * The most recent broadcasts with their delivery counts, or null where no delivery queue is configured.
   *
   * @example await core.deliveryProgress(5) // [{ broadcastId: 'announcement:…', sent: 1200, … }]
   */
  deliveryProgress(limit: number): Promise<DeliveryProgress[] | null>;
}

/**
 * @example const core = createCampaignCore({ campaign, stores, signerKeySecret, t, clock })
 */
export function createCampaignCore(options: {
  campaign: Campaign;
  stores: CoreStores;
  signerKeySecret: string;
  t: Translate;
  clock: Clock;
}): CampaignCore {
  const { campaign, stores, t, clock } = options;
  const keyOf = createSignerKeyer(options.signerKeySecret);
  const { audit } = stores;
  return {
    campaign,
    clock,
    petition: new PetitionService(campaign, stores.signatures, keyOf, clock),
    list: new ListService(stores.cases, audit, clock),
    reminders: new ReminderService(campaign.id, stores.subscriptions, keyOf),
    retention: new RetentionService(campaign, stores.signatures, stores.subscriptions, clock),
    preferences: stores.preferences,
    dialogues: stores.dialogues,
    keyOf,
    referralCodeOf: (who) =>
      'r' + createHmac('sha256', options.signerKeySecret).update(`referral:${keyOf(who)}`).digest('base64url').slice(0, 11),
    t,
    exports: new ExportService(campaign.id, stores.signatureExport, t, audit, clock),
    announcements: new AnnouncementService(stores.announcements, audit, clock),
    audit,
    deliveryProgress: async (limit) => (stores.deliveries ? stores.deliveries.progress(limit) : null),
  };
}
