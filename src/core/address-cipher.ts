import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * How addresses (`telegram:42`, `discord:channel:456`) are kept at rest:
 * encrypted with AES-256-GCM (authenticated, a random IV each time), so a
 * leaked backup holds no platform id; and beside the ciphertext a keyed hash
 * (a blind index) to find a row by address without decrypting every row.
 *
 * Several keys may be given: the first encrypts, all decrypt, so a new key
 * can be put first and `npm run keys:rotate` re-encrypts the rows. The blind
 * index is keyed from the signer secret (which never rotates, like the signer
 * keys it already protects), so rotation never changes how rows are found.
 */
export interface AddressCipher {
  /** @example cipher.seal('telegram:42') // 'a1.Xk3f9QaB.…' */
  seal(address: string): string;
  /** Throws when no key opens it (unknown key, or tampered). */
  open(sealed: string): string;
  /** The blind index: the same for an address however often it is sealed. */
  index(address: string): string;
  /** Whether a stored value is a sealed address (and not a legacy plain one). */
  isSealed(value: string): boolean;
  /** The prefix every value sealed with the current (first) key starts with. */
  readonly currentPrefix: string;
}

const VERSION = 'a1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Keys in ADDRESS_KEYS are secrets of at least this many characters (a 256-bit key is derived from each). */
export const MIN_ADDRESS_KEY_LENGTH = 32;

/**
 * @example const cipher = createAddressCipher([newKey, oldKey], signerKeySecret)
 */
export function createAddressCipher(keys: readonly string[], indexSecret: string): AddressCipher {
  if (keys.length === 0) throw new Error('at least one address key is needed');
  const derived = keys.map((secret) => {
    if (secret.length < MIN_ADDRESS_KEY_LENGTH) throw new Error(`address keys must be at least ${MIN_ADDRESS_KEY_LENGTH} characters`);
    const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'nkfc address encryption v1', 32));
    // A short public name for the key, so a value says which key opens it (and rotation finds old ones).
    const id = createHmac('sha256', key).update('key id').digest('base64url').slice(0, 8);
    return { id, key };
  });
  const byId = new Map(derived.map((k) => [k.id, k.key]));
  const indexKey = Buffer.from(hkdfSync('sha256', indexSecret, Buffer.alloc(0), 'nkfc address blind index v1', 32));
  const current = derived[0]!;

  return {
    currentPrefix: `${VERSION}.${current.id}.`,
    seal(address) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      const body = Buffer.concat([cipher.update(address, 'utf8'), cipher.final()]);
      return `${VERSION}.${current.id}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
    },
    open(sealed) {
      const [version, id, payload] = sealed.split('.');
      const key = id ? byId.get(id) : undefined;
      if (version !== VERSION || !key || !payload) throw new Error('address not sealed with a known key');
      const bytes = Buffer.from(payload, 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('sealed address too short');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    },
    index(address) {
      return createHmac('sha256', indexKey).update(address).digest('base64url');
    },
    isSealed(value) {
      return value.startsWith(`${VERSION}.`) && value.split('.').length === 3;
    },
  };
}
