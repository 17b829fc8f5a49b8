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
  AuditHistory,
  AuditLog,
  CaseStore,
  Clock,
  DialogueStore,
  PreferenceStore,
  ReviewStore,
  SignatureExport,
  SignatureStore,
  SigningActivity,
  SubscriptionStore,
} from './core/ports.ts';
import { ReminderService } from './core/reminder-service.ts';
import { RetentionService } from './core/retention-service.ts';
import { ReviewService } from './core/review-service.ts';
import { createSignerKeyer, type SignerKeyer, type SignerRef } from './core/signer-key.ts';
import { SigningReview } from './core/signing-review.ts';
import { compileWatchList, type WatchList } from './core/watch-list.ts';
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
  /** Where staff actions (export, announce, THE LIST changes, review) are recorded; required by all of them. */
  audit?: AuditLog;
  /** The audit log's read side, for `/petition audit`. */
  auditHistory?: AuditHistory;
  /** Review state changes; staff review fails with a clear error without it. */
  reviews?: ReviewStore;
  /**
   * Recent signings as storage saw them, for the surge rules. Without it the
   * review rules are off and every signature is valid (a core built for a
   * dialogue test).
   */
  signingActivity?: SigningActivity;
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
  /** The latest staff actions, newest first. */
  auditHistory: AuditHistory;
  /** Staff review of held signatures, redaction, and the open review counts. */
  review: ReviewService;
}

export function createCampaignCore(options: {
  campaign: Campaign;
  stores: CoreStores;
  signerKeySecret: string;
  t: Translate;
  clock?: Clock;
  /** The compiled watch lists named by `campaign.review.watchList.lists` (app.ts loads them); none when absent. */
  watchList?: WatchList;
}): CampaignCore {
  const { campaign, stores, t } = options;
  const clock = options.clock ?? (() => new Date());
  const keyOf = createSignerKeyer(options.signerKeySecret);
  const audit = stores.audit ?? { record: notConfigured('audit log') };
  const signingReview = stores.signingActivity
    ? new SigningReview(campaign.id, campaign.review, options.watchList ?? compileWatchList([]), stores.signingActivity, keyOf)
    : null;
  const reviews: ReviewStore = stores.reviews ?? {
    heldGroups: notConfigured('review store'),
    heldCount: notConfigured('review store'),
    count: notConfigured('review store'),
    approve: notConfigured('review store'),
    invalidate: notConfigured('review store'),
    get: notConfigured('review store'),
    redactName: notConfigured('review store'),
    counts: notConfigured('review store'),
  };
  return {
    campaign,
    petition: new PetitionService(campaign, stores.signatures, keyOf, clock, signingReview),
    list: new ListService(stores.cases, audit, clock),
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
    auditHistory: stores.auditHistory ?? { latest: notConfigured('audit history') },
    review: new ReviewService(campaign.id, reviews, audit, clock),
  };
}

function notConfigured(what: string): () => never {
  return () => {
    throw new Error(`no ${what} is configured in this campaign core`);
  };
}
