/**
 * Receipt codes and snapshot leaves.
 *
 * A receipt code is derived from the server secret and the signer key
 * (HMAC-SHA-256), so nothing new is stored to show it again, and nobody
 * without the secret can compute anyone's code. It is 80 bits written in
 * Crockford base32 (no I, L, O, U; case-insensitive), in four groups:
 * `7K2M-Q9XD-4RTB-W1HZ`.
 *
 * Leaf format version 1 (what the snapshot's Merkle tree commits to, one leaf
 * per signature, no name and no account id):
 *
 *   receipt digest = SHA-256(the 16 code characters, upper case, no dashes)
 *   leaf data      = UTF-8 of "petition-leaf-v1\n<campaign id>\n<receipt digest, hex>\n<country>\n<signed on YYYY-MM-DD>"
 *   leaf hash      = SHA-256(0x00 || leaf data)                       (see merkle.ts)
 *
 * Leaves are ordered by leaf hash, bytewise ascending: the order says nothing
 * about who signed when, and anyone holding all leaves can rebuild the tree.
 */
import { createHmac, hash } from 'node:crypto';
import { leafHash } from './merkle.ts';

export const LEAF_FORMAT_VERSION = 1;
const LEAF_PREFIX = 'petition-leaf-v1';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;

/** Makes receipt codes from signer keys; keyed with the server secret. */
export type ReceiptKeyer = (signerKey: string) => string;

/**
 * @example createReceiptKeyer(secret, 'campaign-2026')(signerKey) // '7K2M-Q9XD-4RTB-W1HZ'
 */
export function createReceiptKeyer(secret: string, campaignId: string): ReceiptKeyer {
  return (signerKey) => {
    const mac = createHmac('sha256', secret).update(`receipt\u0000${campaignId}\u0000${signerKey}`).digest();
    return formatCode(toCrockford(mac.subarray(0, (CODE_LENGTH * 5) / 8)));
  };
}

/**
 * Reads a code as a person might type it: any case, with or without dashes
 * and spaces, O for 0 and I or L for 1. Null when it cannot be a code.
 *
 * @example normalizeReceiptCode('7k2m q9xd 4rtb w1hz') // '7K2M-Q9XD-4RTB-W1HZ'
 */
export function normalizeReceiptCode(input: string): string | null {
  if (input.length > 64) return null;
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== CODE_LENGTH) return null;
  for (const ch of compact) if (!CROCKFORD.includes(ch)) return null;
  return formatCode(compact);
}

/**
 * @example receiptDigest('7K2M-Q9XD-4RTB-W1HZ').length // 32
 */
export function receiptDigest(code: string): Buffer {
  return hash('sha256', code.replace(/-/g, ''), 'buffer');
}

/**
 * The leaf data of version 1 (see the top of this file).
 *
 * @example leafData('c', digest, 'KR', '2026-12-01').toString()
 */
export function leafData(campaignId: string, digest: Uint8Array, country: string, signedOn: string): Buffer {
  const hex = Buffer.isBuffer(digest) ? digest.toString('hex') : Buffer.from(digest).toString('hex');
  return Buffer.from(`${LEAF_PREFIX}\n${campaignId}\n${hex}\n${country}\n${signedOn}`, 'utf8');
}

/**
 * The leaf hash of one signature, from what its signer knows.
 *
 * @example signatureLeaf('c', '7K2M-Q9XD-4RTB-W1HZ', 'KR', '2026-12-01').toString('hex')
 */
export function signatureLeaf(campaignId: string, code: string, country: string, signedOn: string): Buffer {
  return leafOf(campaignId, receiptDigest(code), country, signedOn);
}

/**
 * The leaf hash of one signature, from its receipt digest (what signing keeps).
 *
 * @example leafOf('c', receiptDigest('7K2M-Q9XD-4RTB-W1HZ'), 'KR', '2026-12-01').equals(signatureLeaf('c', '7K2M-Q9XD-4RTB-W1HZ', 'KR', '2026-12-01')) // true
 */
export function leafOf(campaignId: string, digest: Uint8Array, country: string, signedOn: string): Buffer {
  return leafHash(leafData(campaignId, digest, country, signedOn));
}

function toCrockford(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

function formatCode(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}`;
}
