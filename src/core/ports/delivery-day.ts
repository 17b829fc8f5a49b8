/**
 * What delivery day needs from storage: frozen snapshots of the signatures,
 * delivery targets per country, the record of each delivery, and paper
 * signatures. Kept apart from ports.ts so the signature ports can change
 * without touching these.
 */
import type { CaseKind } from './list.ts';

/** Who receives the pack in one country, and when it is carried there. */
export interface DeliveryTarget {
  /** The embassy as named on the cover letter (English), e.g. "Embassy of the People's Republic of China in the Republic of Korea". */
  embassy: string | null;
  /** The same in Chinese, e.g. 中华人民共和国驻大韩民国大使馆. */
  embassyZh: string | null;
  address: string | null;
  /** The member organisation that carries the pack. */
  organisation: string | null;
  /** Local date and time of the visit, YYYY-MM-DDTHH:mm in `timeZone`. */
  visitAt: string | null;
  /** IANA zone of the embassy (also the default zone for the relay to supporters there). */
  timeZone: string | null;
}

/** THE LIST as summarized in the pack's annex (public data, frozen with the snapshot). */
export interface ListSummary {
  total: number;
  byKind: Record<CaseKind, number>;
  cases: Array<{ number: number; kind: CaseKind; name: string | null; date: string | null; place: string | null; summary: { en: string; ko: string; zh: string }; isSample: boolean }>;
}

/** Everything beside the rows that a pack prints, frozen so the final pack can be made again byte for byte. */
export interface FrozenContext {
  /** Paper signatures per country at the freeze (outside the Merkle tree). */
  paper: Record<string, number>;
  /** Delivery targets per country at the freeze. */
  targets: Record<string, DeliveryTarget>;
  list: ListSummary;
}

/** A frozen snapshot's header: public facts printed in every pack. */
export interface PackSnapshot {
  id: number;
  campaignId: string;
  frozenAt: Date;
  /** The first snapshot at or after the close; it never changes afterwards. */
  final: boolean;
  /** Online signatures in the snapshot (leaves of the tree). */
  total: number;
  byCountry: Record<string, number>;
  /** Hex SHA-256 Merkle root over the leaves (see merkle.ts and receipt.ts). */
  merkleRoot: string;
  leafVersion: number;
  context: FrozenContext;
}

/** What a pack prints of a snapshot before its freeze has ended: everything but its id and fingerprint. */
export type PackHeader = Omit<PackSnapshot, 'id' | 'merkleRoot'>;

/** One signature as the pack shows it: the name as the signer chose (null = anonymous), country, signing date. */
export interface SnapshotRow {
  displayName: string | null;
  country: string;
  /** YYYY-MM-DD in the campaign's time zone. */
  signedOn: string;
}

export interface FreezeRequest {
  campaignId: string;
  frozenAt: Date;
  final: boolean;
  /**
   * SHA-256 of a signer's receipt code (receipt.ts), for signatures stored
   * without one (made before signing kept it). The store makes each leaf
   * from it by leaf format version 1 (receipt.ts).
   */
  receiptDigestOf(signerKey: string): Buffer;
  context: FrozenContext;
}

/**
 * The rows of a freeze still under way, readable before it ends: the same
 * rows the snapshot will hold (one view of the database), in the order it
 * numbers them. A pack draws from it while the store copies the rows and
 * builds the tree; only the fingerprint waits for the freeze.
 */
export interface FreezeReading {
  /** Rows per country, as the snapshot will count them. */
  byCountry: Record<string, number>;
  /** The countries in the order `rows` gives them: most rows first (ties in byte order). */
  countries: string[];
  /** Every row once, country by country as in `countries`, each country's in signing order, in batches. */
  rows(): AsyncIterable<readonly SnapshotRow[]>;
  /** Ends the reading (its connection); the rows' iteration ending does it too. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Frozen snapshots of the signatures, with their Merkle trees.
 *
 * @example const snap = await snapshots.freeze({ campaignId, frozenAt: now, final: false, receiptDigestOf, context })
 */
export interface PackSnapshotStore {
  /**
   * Freezes the signatures at `frozenAt` (one at a time per campaign). With
   * `final`, an existing final snapshot is returned unchanged instead (`created: false`).
   *
   * A store that can read the rows while it freezes them (Postgres) hands
   * them to `onReading` once, as soon as they can be read and only for a
   * snapshot it creates; the reader then owns the reading and must close it.
   * Other stores never call it.
   *
   * @example await snapshots.freeze(request) // { created: true, snapshot: { id: 3, final: false, total: 1204, merkleRoot: '9f…', … } }
   */
  freeze(request: FreezeRequest, onReading?: (reading: FreezeReading) => void): Promise<{ snapshot: PackSnapshot; created: boolean }>;
  /**
   * The newest snapshot (the final one once it exists), or null.
   *
   * @example (await snapshots.latest('c'))?.merkleRoot
   */
  latest(campaignId: string): Promise<PackSnapshot | null>;
  /**
   * The final snapshot, or null before it is made.
   *
   * @example await snapshots.final('c')
   */
  final(campaignId: string): Promise<PackSnapshot | null>;
  /**
   * One country's rows in signing order, in batches (a promise per row was a
   * tenth of drawing a pack's table). Fails, rather than ending short, once
   * the snapshot no longer has its rows: a later freeze removes an older
   * interim snapshot's rows, maybe while a pack is still drawing them.
   *
   * @example for await (const batch of snapshots.rowBatches(3, 'KR')) for (const row of batch) draw(row)
   */
  rowBatches(snapshotId: number, country: string): AsyncIterable<readonly SnapshotRow[]>;
  /**
   * Where a receipt's leaf sits, or null when it is not in the snapshot.
   *
   * @example await snapshots.findLeaf(3, receiptDigest(code)) // { leafIndex: 17, leaf }
   */
  findLeaf(snapshotId: number, receiptDigest: Buffer): Promise<{ leafIndex: number; leaf: Buffer } | null>;
  /**
   * Tree nodes by position (level 0 = leaves), in the order asked.
   *
   * @example await snapshots.nodes(3, [{ level: 0, index: 16 }])
   */
  nodes(snapshotId: number, positions: ReadonlyArray<{ level: number; index: number }>): Promise<Buffer[]>;
  /**
   * Retention: turns every name kept in the campaign's snapshots anonymous; returns how many.
   *
   * @example await snapshots.eraseNames('c') // 8123
   */
  eraseNames(campaignId: string): Promise<number>;
}

/**
 * Delivery targets set by staff; they override the campaign file's.
 *
 * @example await targets.set('c', 'KR', target, 'slack:U1')
 */
export interface DeliveryTargetStore {
  /** @example await targets.all('c') // { KR: { embassy: '…', … } } */
  all(campaignId: string): Promise<Record<string, DeliveryTarget>>;
  /** @example await targets.set('c', 'KR', target, 'slack:U1') */
  set(campaignId: string, country: string, target: DeliveryTarget, changedBy: string): Promise<void>;
  /** Removes a staff override (the campaign file's target applies again); false when there was none. */
  remove(campaignId: string, country: string): Promise<boolean>;
}

export const DELIVERY_STATUSES = ['accepted', 'refused', 'no-answer', 'postponed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What happened at one embassy, as staff recorded it. */
export interface DeliveryRecord {
  id: number;
  country: string;
  status: DeliveryStatus;
  note: string | null;
  photoUrl: string | null;
  /** Online signatures of that country in the snapshot carried there, and paper ones. */
  online: number;
  paper: number;
  recordedAt: Date;
  recordedBy: string;
}

/**
 * @example await records.add('c', { country: 'KR', status: 'accepted', … })
 */
export interface DeliveryRecordStore {
  /** @example await records.add('c', record) // the record with its id */
  add(campaignId: string, record: Omit<DeliveryRecord, 'id'>): Promise<DeliveryRecord>;
  /** Every record, oldest first. @example await records.all('c') */
  all(campaignId: string): Promise<DeliveryRecord[]>;
}

/** Paper signatures collected at one vigil or event. */
export interface PaperBatch {
  id: number;
  country: string;
  count: number;
  event: string;
  addedAt: Date;
  addedBy: string;
  /** Set when staff reversed the batch (it stops counting, the row stays for the record). */
  reversedAt: Date | null;
}

/**
 * @example await paper.add('c', { country: 'KR', count: 120, event: 'Seoul vigil', … })
 */
export interface PaperSignatureStore {
  /** @example await paper.add('c', batch) // with its id */
  add(campaignId: string, batch: Omit<PaperBatch, 'id' | 'reversedAt'>): Promise<PaperBatch>;
  /** Marks a batch reversed; null when there is no such batch, unchanged when it already was. */
  reverse(campaignId: string, id: number, at: Date): Promise<PaperBatch | null>;
  /** Counted (not reversed) paper signatures per country. @example await paper.totals('c') // { KR: 120 } */
  totals(campaignId: string): Promise<Record<string, number>>;
  /** Every batch, newest first. */
  batches(campaignId: string): Promise<PaperBatch[]>;
}

/**
 * Tells supporters what happened at their country's embassy: one message per
 * subscribed person who signed from that country, at their local morning, once.
 *
 * @example await relay.relay(record, { defaultZone: 'Asia/Seoul' }) // { recipients: 812 }
 */
export interface DeliveryRelay {
  relay(record: DeliveryRecord, options: { defaultZone: string }): Promise<{ recipients: number }>;
}

/** A delivery pack written to a temporary folder and zipped, with what the announcement of it says. */
export interface PackArchive {
  /** The ZIP on disk (streamed to where it goes, so its size does not matter). */
  zipPath: string;
  /** e.g. `nkfc-2026-interim-20261129T1500Z-KR.zip`. */
  fileName: string;
  final: boolean;
  frozenAt: Date;
  online: number;
  paper: number;
  nations: number;
  merkleRoot: string;
  /** Removes the temporary folder; always called. */
  cleanup(): Promise<void>;
}

/**
 * Writes the delivery pack as one ZIP (the same code as `npm run
 * delivery:pack`) for one country or all, reporting each file written. The
 * entry point builds it; a staff console that offers packs is handed one.
 *
 * @example const pack = await writer({ country: 'KR', actor: 'slack:U1', onFile: (file, done, of) => {} })
 */
export type PackArchiveWriter = (request: { country: string | null; actor: string; onFile(file: string, done: number, of: number): void }) => Promise<PackArchive>;
