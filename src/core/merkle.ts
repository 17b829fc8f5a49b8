/**
 * The snapshot's fingerprint: a Merkle tree as in RFC 6962 (Certificate
 * Transparency), section 2.1, with SHA-256 and domain separation between
 * leaves and nodes:
 *
 *   leaf hash = SHA-256(0x00 || leaf data)
 *   node hash = SHA-256(0x01 || left || right)
 *   MTH({})   = SHA-256()                         (no leaves)
 *   MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n]))    k = largest power of two < n
 *
 * Built bottom-up, the same tree is: hash pairs on each level, and carry a
 * last node without a partner up unchanged. MerkleBuilder builds it that way
 * from a stream of leaves; this module also holds the proof positions and
 * the check.
 * Written by hand because it is a few lines of node:crypto and the npm Merkle
 * libraries either use another tree shape (duplicating the odd node, sorted
 * pairs) or no leaf/node prefix.
 */
import { hash } from 'node:crypto';

export const EMPTY_ROOT = sha256(Buffer.alloc(0));
const LEAF_PREFIX = Buffer.of(0);
const NODE_PREFIX = Buffer.of(1);
const HASH_LENGTH = 32;
/** 0x01 || left || right, rewritten for each node (hashing is synchronous). */
const NODE_INPUT = Buffer.concat([NODE_PREFIX, Buffer.alloc(2 * HASH_LENGTH)]);

/** One-shot SHA-256: about twice as fast as a Hash object, which a freeze makes three times per signature. */
function sha256(data: Uint8Array): Buffer {
  return hash('sha256', data, 'buffer');
}

/**
 * @example leafHash(Buffer.from('leaf data')).toString('hex')
 */
export function leafHash(data: Uint8Array): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, data]));
}

/**
 * @example nodeHash(left, right) // SHA-256(0x01 || left || right)
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_LENGTH || right.length !== HASH_LENGTH) return sha256(Buffer.concat([NODE_PREFIX, left, right]));
  // Two hashes copied into one buffer kept for it, not concatenated into a new one: a freeze hashes a node per signature.
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_LENGTH);
  return sha256(NODE_INPUT);
}

/**
 * The root of leaf hashes given in tree order (holds them all: for tests and
 * small trees; storage streams large trees through MerkleBuilder).
 *
 * @example merkleRoot([leafHash(a), leafHash(b)]).toString('hex')
 */
export function merkleRoot(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  let level: Buffer[] = leaves.map((l) => Buffer.from(l));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/**
 * The tree of merkleRoot built from leaves given one at a time in tree order,
 * holding one unpaired node per level: memory grows with the tree's height,
 * not its size. Every node of every level (a carried node again on the level
 * above) is handed to `onNode` as soon as it is known, in index order within
 * its level.
 *
 * @example const tree = new MerkleBuilder((level, hash) => store(level, hash)); tree.push(leaf); tree.finish() // root
 */
export class MerkleBuilder {
  private readonly unpaired: Array<Buffer | null> = [];

  constructor(private readonly onNode: (level: number, hash: Buffer) => void) {}

  push(leaf: Uint8Array): void {
    this.add(0, Buffer.from(leaf));
  }

  /** The root, once every leaf was pushed (EMPTY_ROOT for none). */
  finish(): Buffer {
    if (this.unpaired.length === 0) return EMPTY_ROOT;
    for (let level = 0; ; level++) {
      const last = this.unpaired[level] ?? null;
      // Nothing above this level: it holds one node, the root.
      if (this.unpaired.length === level + 1) return last!;
      if (last) {
        this.unpaired[level] = null;
        this.add(level + 1, last);
      }
    }
  }

  private add(level: number, hash: Buffer): void {
    this.onNode(level, hash);
    const left = this.unpaired[level];
    if (left) {
      this.unpaired[level] = null;
      this.add(level + 1, nodeHash(left, hash));
    } else {
      this.unpaired[level] = hash;
    }
  }
}

/** Where a node sits in the bottom-up levels: level 0 holds the leaves. */
export interface NodePosition {
  level: number;
  index: number;
}

/**
 * The nodes of an inclusion proof (the RFC's audit path), leaf level first:
 * on each level the partner of the path node, skipping levels where the path
 * node has no partner and is carried up unchanged.
 *
 * @example auditPathPositions(2, 3) // [{ level: 1, index: 0 }]
 */
export function auditPathPositions(leafIndex: number, treeSize: number): NodePosition[] {
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) throw new RangeError('leaf index outside the tree');
  const path: NodePosition[] = [];
  let index = leafIndex;
  let size = treeSize;
  for (let level = 0; size > 1; level++) {
    const partner = index ^ 1;
    if (partner < size) path.push({ level, index: partner });
    index >>= 1;
    size = Math.ceil(size / 2);
  }
  return path;
}

/**
 * Checks an inclusion proof with the algorithm of RFC 9162, section 2.1.3.2
 * (the same as a Certificate Transparency client uses).
 *
 * @example verifyInclusion({ leaf, leafIndex: 2, treeSize: 3, proof: [h01], root }) // true
 */
export function verifyInclusion(input: { leaf: Uint8Array; leafIndex: number; treeSize: number; proof: readonly Uint8Array[]; root: Uint8Array }): boolean {
  const { leafIndex, treeSize, proof } = input;
  if (!Number.isInteger(leafIndex) || !Number.isInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(input.leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(Buffer.from(input.root));
}
