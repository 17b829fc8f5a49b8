/**
 * The campaign core's public face: every service an adapter or the chat layer
 * may call, built from ports only. Storage and platforms are wired in by the
 * composition root (src/app.ts); nothing here knows which database or
 * platform is in use.
 */
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
  ReferralStore,
  SignatureExport,
  SignatureStore,
  StayInTouchStore,
  SubscriptionStore,
  Translate,
} from './ports/index.ts';
import type {
  AuditHistory,
  ReviewStore,
  SigningActivity,
  DeliveryRecordStore,
  DeliveryRelay,
  DeliveryTargetStore,
  FrozenContext,
  ListSummary,
  PackSnapshotStore,
  PaperSignatureStore,
} from './ports/index.ts';
import { DeliveryRecordService } from './delivery-record-service.ts';
import { DeliveryTargetService } from './delivery-target-service.ts';
import { PaperSignatureService } from './paper-signature-service.ts';
import { createReceiptKeyer, type ReceiptKeyer } from './receipt.ts';
import { ReferralService } from './referral-service.ts';
import { ReminderService } from './reminder-service.ts';
import { RetentionService } from './retention-service.ts';
import { ReviewService } from './review-service.ts';
import { SigningReview } from './signing-review.ts';
import { compileWatchList, type WatchList } from './watch-list.ts';
import { SnapshotService } from './snapshot-service.ts';
import { createSignerKeyer, type SignerKeyer, type SignerRef } from './signer-key.ts';

export interface CoreStores {
  signatures: SignatureStore;
  cases: CaseStore;
  subscriptions: SubscriptionStore;
  /** Consent to hear about the next campaign; `retention:erase` leaves it. */
  stayInTouch: StayInTouchStore;
  preferences: PreferenceStore;
  dialogues: DialogueStore;
  /** Streams signatures for the delivery file. */
  signatureExport: SignatureExport;
  /** Where staff announcements go. */
  announcements: AnnouncementQueue;
  /** Where staff actions (export, announce, THE LIST changes, review) are recorded. */
  audit: AuditLog;
  /** The audit log's read side, for `/petition audit`. */
  auditHistory: AuditHistory;
  /** Review state changes on the signatures table. */
  reviews: ReviewStore;
  /** Recent signings as storage saw them, for the surge rules. */
  signingActivity: SigningActivity;
  /** Delivery progress for the staff console; absent where no queue runs. */
  deliveries?: Pick<DeliveryStore, 'progress'>;
  /** Delivery day: frozen snapshots, targets, delivery records, paper signatures, the relay to supporters. */
  packSnapshots: PackSnapshotStore;
  deliveryTargets: DeliveryTargetStore;
  deliveryRecords: DeliveryRecordStore;
  paperSignatures: PaperSignatureStore;
  deliveryRelay: DeliveryRelay;
  /** Communities with their own referral code, and signatures counted per code. */
  referrals: ReferralStore;
}

export interface CampaignCore {
  campaign: Campaign;
  /** The one clock of the app. */
  clock: Clock;
  petition: PetitionService;
  /** THE LIST: browsing for everyone, changes by staff (audited). */
  list: ListService;
  reminders: ReminderService;
  /** Who asked to hear about the next campaign (by address, kept through retention). */
  stayInTouch: StayInTouchStore;
  /** Erasing names and addresses once the petition is delivered. */
  retention: RetentionService;
  preferences: PreferenceStore;
  dialogues: DialogueStore;
  keyOf: SignerKeyer;
  /** A short code that credits shares to a person without revealing who they are. */
  referralCodeOf(who: SignerRef): string;
  /** Referral codes of supporters and communities, and what came through them. */
  referrals: ReferralService;
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
  /**
   * The most recent broadcasts with their delivery counts, or null where no delivery queue is configured.
   *
   * @example await core.deliveryProgress(5) // [{ broadcastId: 'announcement:…', sent: 1200, … }]
   */
  deliveryProgress(limit: number): Promise<DeliveryProgress[] | null>;
  /** Delivery day: freezing signatures for packs, and receipts checked against the latest snapshot. */
  snapshots: SnapshotService;
  /** Delivery day: where each country's pack goes. */
  deliveryTargets: DeliveryTargetService;
  /** Delivery day: what happened at each embassy, relayed to supporters. */
  deliveryRecords: DeliveryRecordService;
  /** Paper signatures from vigils and events, counted apart. */
  paper: PaperSignatureService;
  /** The receipt code of a signer key (the thank-you and /mydata show it through `petition`). */
  receiptOfKey: ReceiptKeyer;
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
  /** The compiled watch lists named by `campaign.review.watchList.lists` (the composition root loads them). */
  watchList?: WatchList;
}): CampaignCore {
  const { campaign, stores, t, clock } = options;
  const keyOf = createSignerKeyer(options.signerKeySecret);
  const { audit } = stores;
  const receiptOfKey = createReceiptKeyer(options.signerKeySecret, campaign.id);
  const referrals = new ReferralService(campaign.id, options.signerKeySecret, keyOf, stores.referrals, clock);
  const paper = new PaperSignatureService(campaign.id, stores.paperSignatures, audit, clock);
  const deliveryTargets = new DeliveryTargetService(campaign.id, campaign.deliveryTargets ?? {}, stores.deliveryTargets, audit, clock);
  const frozenContext = async (): Promise<FrozenContext> => ({
    paper: await paper.totals(),
    targets: await deliveryTargets.all(),
    list: await listSummary(stores.cases),
  });
  const snapshots = new SnapshotService(campaign, stores.packSnapshots, receiptOfKey, frozenContext, audit, clock);
  const deliveryCounts = async (country: string) => {
    // What was carried there: the latest snapshot's count, or the live count before any pack was made.
    const latest = await snapshots.latest();
    if (latest) return { online: latest.byCountry[country] ?? 0, paper: latest.context.paper[country] ?? 0 };
    const [totals, paperTotals] = await Promise.all([stores.signatures.totals(campaign.id), paper.totals()]);
    return { online: totals.byCountry[country] ?? 0, paper: paperTotals[country] ?? 0 };
  };
  return {
    campaign,
    clock,
    petition: new PetitionService(
      campaign,
      stores.signatures,
      keyOf,
      clock,
      receiptOfKey,
      new SigningReview(campaign.id, campaign.review, options.watchList ?? compileWatchList([]), stores.signingActivity, keyOf),
    ),
    list: new ListService(stores.cases, audit, clock),
    reminders: new ReminderService(campaign.id, stores.subscriptions, keyOf),
    stayInTouch: stores.stayInTouch,
    retention: new RetentionService(campaign, stores.signatures, stores.subscriptions, stores.packSnapshots, clock),
    preferences: stores.preferences,
    dialogues: stores.dialogues,
    keyOf,
    referralCodeOf: (who) => referrals.personalCode(who),
    referrals,
    t,
    exports: new ExportService(campaign.id, stores.signatureExport, t, audit, clock),
    announcements: new AnnouncementService(stores.announcements, audit, clock),
    audit,
    auditHistory: stores.auditHistory,
    review: new ReviewService(campaign.id, stores.reviews, audit, clock, receiptOfKey),
    deliveryProgress: async (limit) => (stores.deliveries ? stores.deliveries.progress(limit) : null),
    snapshots,
    deliveryTargets,
    deliveryRecords: new DeliveryRecordService(campaign, stores.deliveryRecords, stores.deliveryRelay, deliveryCounts, () => deliveryTargets.all(), audit, clock),
    paper,
    receiptOfKey,
  };
}

/** Up to this many cases are listed in a pack's annex (the counts cover all of them). */
const ANNEX_CASES = 200;

/** THE LIST as a pack's annex summarizes it. */
async function listSummary(cases: CaseStore): Promise<ListSummary> {
  const [all, refugees, workers] = await Promise.all([
    cases.page({ offset: 0, limit: ANNEX_CASES }),
    cases.page({ kind: 'refugee', offset: 0, limit: 1 }),
    cases.page({ kind: 'humanitarian-worker', offset: 0, limit: 1 }),
  ]);
  return {
    total: all.total,
    byKind: { refugee: refugees.total, 'humanitarian-worker': workers.total },
    cases: all.cases.map((c) => ({ number: c.number, kind: c.kind, name: c.name, date: c.date, place: c.place, summary: c.summary, isSample: c.isSample })),
  };
}
