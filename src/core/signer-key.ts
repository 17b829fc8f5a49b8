import { createHmac } from 'node:crypto';

/** Who is acting, as their platform knows them. Never stored as is. */
export interface SignerRef {
  platform: string;
  userId: string;
}

export type SignerKeyer = (ref: SignerRef) => string;

/**
 * Turns (platform, user id) into a keyed hash. Without the server secret the
 * hash cannot be recomputed from a list of known user ids, so a leaked backup
 * cannot be joined back to accounts.
 *
 * @example createSignerKeyer(secret)({ platform: 'telegram', userId: '42' }) // 'b1c9…'
 */
export function createSignerKeyer(secret: string): SignerKeyer {
  if (secret.length < 32) throw new Error('signer key secret must be at least 32 characters');
  return ({ platform, userId }) =>
    createHmac('sha256', secret).update(`${platform}\u0000${userId}`).digest('base64url');
}
