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
import type {
  DeliveryRecordStore,
  DeliveryRelay,
  DeliveryTargetStore,
  FrozenContext,
  ListSummary,
  PackSnapshotStore,
  PaperSignatureStore,
} from './core/delivery-day-ports.ts';
import { DeliveryRecordService } from './core/delivery-record-service.ts';
import { DeliveryTargetService } from './core/delivery-target-service.ts';
import { PaperSignatureService } from './core/paper-signature-service.ts';
import { createReceiptKeyer, type ReceiptKeyer } from './core/receipt.ts';
import { ReminderService } from './core/reminder-service.ts';
import { RetentionService } from './core/retention-service.ts';
import { SnapshotService } from './core/snapshot-service.ts';
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
  /** Delivery day: frozen snapshots, targets, delivery records, paper signatures, the relay to supporters. */
  packSnapshots?: PackSnapshotStore;
  deliveryTargets?: DeliveryTargetStore;
  deliveryRecords?: DeliveryRecordStore;
  paperSignatures?: PaperSignatureStore;
  deliveryRelay?: DeliveryRelay;
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

export function createCampaignCore(options: {
  campaign: Campaign;
  stores: CoreStores;
  signerKeySecret: string;
  t: Translate;
  clock?: Clock;
}): CampaignCore {
  const { campaign, stores, t } = options;
  const clock = options.clock ?? (() => new Date());
  const keyOf = createSignerKeyer(options.signerKeySecret);
  const receiptOfKey = createReceiptKeyer(options.signerKeySecret, campaign.id);
  const audit = stores.audit ?? { record: notConfigured('audit log') };
  const packSnapshots = stores.packSnapshots ?? notConfiguredStore<PackSnapshotStore>('pack snapshot store');
  const paper = new PaperSignatureService(campaign.id, stores.paperSignatures ?? notConfiguredStore<PaperSignatureStore>('paper signature store'), audit, clock);
  const deliveryTargets = new DeliveryTargetService(
    campaign.id,
    campaign.deliveryTargets ?? {},
    stores.deliveryTargets ?? notConfiguredStore<DeliveryTargetStore>('delivery target store'),
    audit,
    clock,
  );
  const frozenContext = async (): Promise<FrozenContext> => ({
    paper: await paper.totals(),
    targets: await deliveryTargets.all(),
    list: await listSummary(stores.cases),
  });
  const snapshots = new SnapshotService(campaign, packSnapshots, receiptOfKey, frozenContext, audit, clock);
  const deliveryCounts = async (country: string) => {
    // What was carried there: the latest snapshot's count, or the live count before any pack was made.
    const latest = await snapshots.latest();
    if (latest) return { online: latest.byCountry[country] ?? 0, paper: latest.context.paper[country] ?? 0 };
    const [totals, paperTotals] = await Promise.all([stores.signatures.totals(campaign.id), paper.totals()]);
    return { online: totals.byCountry[country] ?? 0, paper: paperTotals[country] ?? 0 };
  };
  return {
    campaign,
    petition: new PetitionService(campaign, stores.signatures, keyOf, clock, receiptOfKey),
    list: new ListService(stores.cases),
    reminders: new ReminderService(campaign.id, stores.subscriptions, keyOf),
    retention: new RetentionService(campaign, stores.signatures, stores.subscriptions, packSnapshots, clock),
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
    snapshots,
    deliveryTargets,
    deliveryRecords: new DeliveryRecordService(
      campaign,
      stores.deliveryRecords ?? notConfiguredStore<DeliveryRecordStore>('delivery record store'),
      stores.deliveryRelay ?? notConfiguredStore<DeliveryRelay>('delivery relay'),
      deliveryCounts,
      () => deliveryTargets.all(),
      audit,
      clock,
    ),
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

/** A store that fails with a clear error on first use, for cores built without it (tests, tools). */
function notConfiguredStore<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: (_target, member) => (typeof member === 'string' ? notConfigured(what) : undefined),
  });
}

function notConfigured(what: string): () => never {
  return () => {
    throw new Error(`no ${what} is configured in this campaign core`);
  };
}
