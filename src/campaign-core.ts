/**
 * The campaign core's public face: every service an adapter may call, built
 * from ports only. Storage and platforms are wired in by the composition
 * root (app.ts); nothing here knows which database or platform is in use.
 */
import { createHmac } from 'node:crypto';
import type { Campaign } from './campaign/campaign.ts';
import { Renderer } from './chat/render.ts';
import { AnnouncementService } from './core/announcement-service.ts';
import { ExportService } from './core/export-service.ts';
import { ListService } from './core/list-service.ts';
import { PetitionService } from './core/petition-service.ts';
import type {
  AnnouncementQueue,
  AuditLog,
  CaseStore,
  Clock,
  DialogueStore,
  PreferenceStore,
  SignatureExport,
  SignatureStore,
  SubscriptionStore,
} from './core/ports.ts';
import { ReminderService } from './core/reminder-service.ts';
import { RetentionService } from './core/retention-service.ts';
import { createSignerKeyer, type SignerKeyer, type SignerRef } from './core/signer-key.ts';
import type { Translate } from './i18n/i18n.ts';

export interface CoreStores {
  signatures: SignatureStore;
  cases: CaseStore;
  subscriptions: SubscriptionStore;
  preferences: PreferenceStore;
  dialogues: DialogueStore;
  /** Streams signatures for the delivery file; exports fail with a clear error without it. */
  signatureExport?: SignatureExport;
  /** Where staff announcements go; announcing fails with a clear error without it. */
  announcements?: AnnouncementQueue;
  /** Where staff actions (export, announce, THE LIST changes) are recorded; required by both. */
  audit?: AuditLog;
}

export interface CampaignCore {
  campaign: Campaign;
  petition: PetitionService;
  list: ListService;
  reminders: ReminderService;
  /** Erasing names and addresses once the petition is delivered. */
  retention: RetentionService;
  preferences: PreferenceStore;
  dialogues: DialogueStore;
  keyOf: SignerKeyer;
  /** A short code that credits shares to a person without revealing who they are. */
  referralCodeOf(who: SignerRef): string;
  render: Renderer;
  t: Translate;
  /** The delivery file (staff only). */
  exports: ExportService;
  /** Staff announcements to every opted-in supporter and channel. */
  announcements: AnnouncementService;
  /** Records staff actions. */
  audit: AuditLog;
}

export function createCampaignCore(options: {
  campaign: Campaign;
  stores: CoreStores;
  signerKeySecret: string;
  t: Translate;
  clock: Clock;
}): CampaignCore {
  const { campaign, stores, t, clock } = options;
  const keyOf = createSignerKeyer(options.signerKeySecret);
  const audit = stores.audit ?? { record: notConfigured('audit log') };
  return {
    campaign,
    petition: new PetitionService(campaign, stores.signatures, keyOf, clock),
    list: new ListService(stores.cases),
    reminders: new ReminderService(campaign.id, stores.subscriptions, keyOf),
    retention: new RetentionService(campaign, stores.signatures, stores.subscriptions, clock),
    preferences: stores.preferences,
    dialogues: stores.dialogues,
    keyOf,
    referralCodeOf: (who) =>
      'r' + createHmac('sha256', options.signerKeySecret).update(`referral:${keyOf(who)}`).digest('base64url').slice(0, 11),
    render: new Renderer(t, campaign),
    t,
    exports: new ExportService(campaign.id, stores.signatureExport ?? { rows: notConfigured('signature export') }, t, audit, clock),
    announcements: new AnnouncementService(stores.announcements ?? { enqueue: notConfigured('announcement queue') }, audit, clock),
    audit,
  };
}

function notConfigured(what: string): () => never {
  return () => {
    throw new Error(`no ${what} is configured in this campaign core`);
  };
}
