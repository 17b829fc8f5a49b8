/**
 * The rows the in-memory stores share, as the tables do in Postgres: a
 * subscription's removal stops its queued deliveries, a broadcast to
 * `signers-in-country` reads the signatures. One `MemoryTables` is one
 * database; `close()` makes every store behind it refuse, as a closed pool does.
 */
import type {
  BroadcastContent,
  BroadcastKind,
  Case,
  DeliveryRecord,
  DeliveryTarget,
  Locale,
  NameStyle,
  NewBroadcast,
  PackSnapshot,
  PaperBatch,
  RecordedAuditEntry,
  SignatureState,
  SigningCount,
} from '../../../src/core/index.ts';

export interface SignatureRow {
  id: number;
  campaignId: string;
  signerKey: string;
  displayName: string | null;
  nameStyle: NameStyle;
  country: string;
  language: Locale;
  platform: string;
  referral: string | null;
  signedAt: Date;
  signedOn: string;
  state: SignatureState;
  heldRule: string | null;
  nameKey: string | null;
  /** SHA-256 of the receipt code, as signing keeps it (null for older rows: a freeze fills it in). */
  receiptDigest: Buffer | null;
  /** The leaf made at signing (null for older rows: a freeze makes it). */
  leaf: Buffer | null;
  invalidReason: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

/** A frozen snapshot: its header, its rows in signing order, and its tree by level (level 0 = leaves in tree order). */
export interface PackSnapshotRow {
  header: PackSnapshot;
  rows: Array<{ seq: number; displayName: string | null; country: string; signedOn: string; receiptDigest: Buffer; leaf: Buffer; leafIndex: number }>;
  levels: Buffer[][];
}

export interface EventRow {
  state: 'handling' | 'answered' | 'done';
  replies: unknown;
  leaseUntil: number | null;
}

export interface SubscriptionRow {
  campaignId: string;
  address: string;
  signerKey: string | null;
  language: Locale;
  timeZone: string | null;
  /** A community channel's referral code. */
  community: string | null;
  createdAt: Date;
}

export interface CommunityRow {
  campaignId: string;
  code: string;
  platform: string;
  name: string | null;
  createdAt: Date;
}

export interface BroadcastRow {
  id: string;
  campaignId: string;
  kind: BroadcastKind;
  audience: NewBroadcast['audience'];
  content: BroadcastContent;
  requestedBy: string | null;
  createdAt: Date;
}

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed' | 'unsubscribed';

export interface DeliveryRow {
  id: number;
  broadcastId: string;
  campaignId: string;
  address: string;
  platform: string;
  language: Locale;
  notBefore: Date;
  state: DeliveryState;
  attempts: number;
  leaseUntil: Date | null;
  sentAt: Date | null;
  inDoubt: boolean;
  lastError: string | null;
  updatedAt: Date;
}

export class MemoryTables {
  readonly signatures: SignatureRow[] = [];
  /** By `${campaignId}\u0000${address}`. */
  readonly subscriptions = new Map<string, SubscriptionRow>();
  readonly communities = new Map<string, CommunityRow>();
  /** Next-campaign consents by address (not tied to a campaign). */
  readonly stayInTouch = new Map<string, { language: Locale; consentedAt: Date }>();
  readonly broadcasts = new Map<string, BroadcastRow>();
  readonly deliveries: DeliveryRow[] = [];
  readonly preferences = new Map<string, Locale>();
  /** Dialogue states as JSON, by key. */
  readonly dialogues = new Map<string, { state: unknown; expiresAt: number }>();
  readonly cases = new Map<number, Case>();
  readonly auditLog: RecordedAuditEntry[] = [];
  /** By campaign, minute, scope and key. */
  readonly signingMinutes = new Map<string, SigningCount & { campaignId: string }>();
  /** By source and event id. */
  readonly processedEvents = new Map<string, EventRow>();
  readonly paperBatches: Array<PaperBatch & { campaignId: string }> = [];
  readonly deliveryRecords: Array<DeliveryRecord & { campaignId: string }> = [];
  /** By `${campaignId}\u0000${country}`. */
  readonly deliveryTargets = new Map<string, DeliveryTarget>();
  readonly packSnapshots: PackSnapshotRow[] = [];
  private sequences = new Map<string, number>();
  private closed = false;

  /** The next value of a named sequence, from 1, like a serial column. */
  nextId(sequence: string): number {
    const next = (this.sequences.get(sequence) ?? 0) + 1;
    this.sequences.set(sequence, next);
    return next;
  }

  subscriptionKey(campaignId: string, address: string): string {
    return `${campaignId}\u0000${address}`;
  }

  /** Throws as a closed database does; every store calls it first. */
  check(): void {
    if (this.closed) throw new Error('the in-memory database is closed');
  }

  close(): void {
    this.closed = true;
  }
}

/** A copy, so callers never hold a store's own row (rows from a database are copies too). */
export function copy<T extends object>(row: T): T {
  return structuredClone(row);
}
