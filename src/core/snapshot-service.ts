import type { FreezeReading, FrozenContext, PackHeader, PackSnapshot, PackSnapshotStore, SnapshotRow } from './ports/index.ts';
import { DomainError } from './errors.ts';
import { auditPathPositions, EMPTY_ROOT } from './merkle.ts';
import type { AuditLog, Clock } from './ports/index.ts';
import { LEAF_FORMAT_VERSION, normalizeReceiptCode, receiptDigest, type ReceiptKeyer } from './receipt.ts';

/** What `GET /api/receipts/<code>` and `/receipt` answer. */
export type ReceiptCheck =
  | { status: 'invalid' }
  | { status: 'no-snapshot' }
  | {
      status: 'checked';
      included: boolean;
      /** Hex Merkle root of the latest snapshot. */
      root: string;
      /** Position of the leaf in the tree (null when not included). */
      leafIndex: number | null;
      /** Hex leaf hash (null when not included). */
      leaf: string | null;
      /** Hex sibling hashes, leaf level first (RFC 9162 audit path). */
      proof: string[];
      treeSize: number;
      leafVersion: number;
      frozenAt: Date;
      final: boolean;
    };

/** A freeze's rows, readable before it ends (see FreezeReading), with the header its snapshot will have. */
export interface EarlySnapshot {
  header: PackHeader;
  reading: FreezeReading;
}

/**
 * Freezing the signatures for delivery packs, and answering receipts against
 * the latest snapshot.
 *
 * Before the close a freeze makes an *interim* snapshot; at or after the close
 * the first freeze makes the *final* one, and every later freeze returns it
 * unchanged, so the final pack can be made again byte for byte.
 */
export class SnapshotService {
  constructor(
    private readonly campaign: { id: string; closesAt: Date },
    private readonly store: PackSnapshotStore,
    private readonly receiptOf: ReceiptKeyer,
    private readonly context: () => Promise<FrozenContext>,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * `requireFinal` refuses (`pack.not-closed`) before the close instead of making an interim snapshot.
   * `onReading` gets the rows of a snapshot being made while it is made,
   * where the store can read them meanwhile (PackSnapshotStore.freeze); the
   * caller then closes the reading.
   *
   * @example const { snapshot, reused } = await snapshots.freeze({ requireFinal: true, actor: 'cli' })
   */
  async freeze(options: { requireFinal?: boolean; actor: string; onReading?: (early: EarlySnapshot) => void }): Promise<{ snapshot: PackSnapshot; reused: boolean }> {
    const now = this.clock();
    const final = now >= this.campaign.closesAt;
    if (options.requireFinal && !final) throw new DomainError('pack.not-closed');
    if (final) {
      const existing = await this.store.final(this.campaign.id);
      if (existing) return { snapshot: existing, reused: true };
    }
    const campaignId = this.campaign.id;
    const context = await this.context();
    const { onReading } = options;
    const { snapshot, created } = await this.store.freeze(
      { campaignId, frozenAt: now, final, context, receiptDigestOf: (signerKey) => receiptDigest(this.receiptOf(signerKey)) },
      onReading &&
        ((reading) => {
          const total = Object.values(reading.byCountry).reduce((sum, n) => sum + n, 0);
          onReading({ header: { campaignId, frozenAt: now, final, total, byCountry: reading.byCountry, leafVersion: LEAF_FORMAT_VERSION, context }, reading });
        }),
    );
    // Two freezes racing after the close: the store returned the first final one.
    if (created) {
      await this.audit.record({
        actor: options.actor,
        action: 'pack.freeze',
        detail: { snapshot: snapshot.id, final: snapshot.final, total: snapshot.total, root: snapshot.merkleRoot },
        at: now,
      });
    }
    return { snapshot, reused: !created };
  }

  /**
   * One country's rows of a snapshot in signing order, a batch at a time.
   *
   * @example for await (const batch of snapshots.rowBatches(snapshot, 'KR')) for (const row of batch) draw(row)
   */
  rowBatches(snapshot: PackSnapshot, country: string): AsyncIterable<readonly SnapshotRow[]> {
    return this.store.rowBatches(snapshot.id, country);
  }

  /**
   * @example (await snapshots.latest())?.merkleRoot
   */
  latest(): Promise<PackSnapshot | null> {
    return this.store.latest(this.campaign.id);
  }

  /**
   * Checks a receipt code as typed against the latest snapshot.
   *
   * @example await snapshots.checkReceipt('7k2m-q9xd-4rtb-w1hz') // { status: 'checked', included: true, … }
   */
  async checkReceipt(input: string): Promise<ReceiptCheck> {
    const code = normalizeReceiptCode(input);
    if (!code) return { status: 'invalid' };
    const snapshot = await this.latest();
    if (!snapshot) return { status: 'no-snapshot' };
    const base = {
      status: 'checked' as const,
      root: snapshot.merkleRoot,
      treeSize: snapshot.total,
      leafVersion: snapshot.leafVersion,
      frozenAt: snapshot.frozenAt,
      final: snapshot.final,
    };
    const found = await this.store.findLeaf(snapshot.id, receiptDigest(code));
    if (!found) return { ...base, included: false, leafIndex: null, leaf: null, proof: [] };
    const proof = await this.store.nodes(snapshot.id, auditPathPositions(found.leafIndex, snapshot.total));
    return { ...base, included: true, leafIndex: found.leafIndex, leaf: found.leaf.toString('hex'), proof: proof.map((p) => p.toString('hex')) };
  }
}

/** The root of a snapshot with no signatures, as hex. */
export const EMPTY_ROOT_HEX = EMPTY_ROOT.toString('hex');
