import { createHmac, createSecretKey } from 'node:crypto';

/** Who is acting, as their platform knows them. Never stored as is. */
export interface SignerRef {
  readonly platform: string;
  readonly userId: string;
}

export type SignerKeyer = (ref: SignerRef) => string;

/**
 * Turns (platform, user id) into a keyed hash. Without the server secret the
 * hash cannot be recomputed from a list of known user ids, so a leaked backup
 * cannot be joined back to accounts.
 *
 * One event asks for its signer's key several times (flood limit, language,
 * draft, signature), always with the same `SignerRef` object: the key is
 * remembered for that object, in a WeakMap, so it lives only as long as the
 * event does and no user id is kept beyond it.
 *
 * @example createSignerKeyer(secret)({ platform: 'telegram', userId: '42' }) // 'b1c9…'
 */
export function createSignerKeyer(secret: string): SignerKeyer {
  if (secret.length < 32) throw new Error('signer key secret must be at least 32 characters');
  // Imported once: with the secret as a string, every HMAC would import the key again.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const known = new WeakMap<SignerRef, string>();
  return (ref) => {
    let hashed = known.get(ref);
    if (hashed === undefined) {
      hashed = createHmac('sha256', key).update(`${ref.platform}\u0000${ref.userId}`).digest('base64url');
      known.set(ref, hashed);
    }
    return hashed;
  };
}
