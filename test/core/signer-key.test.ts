import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSignerKeyer } from '../../src/core/signer-key.ts';

const SECRET = 'test-secret-test-secret-test-secret-0001';

describe('signer keys', () => {
  it('is the HMAC-SHA256 of platform and user id under the secret, as stored rows expect', () => {
    const keyOf = createSignerKeyer(SECRET);
    const expected = createHmac('sha256', SECRET).update('telegram\u000042').digest('base64url');
    expect(keyOf({ platform: 'telegram', userId: '42' })).toBe(expected);
  });

  it('answers the same for the same signer asked again, through the same object or a new one', () => {
    const keyOf = createSignerKeyer(SECRET);
    const ref = { platform: 'discord', userId: '80351110224678912' };
    const first = keyOf(ref);
    expect(keyOf(ref)).toBe(first);
    expect(keyOf({ ...ref })).toBe(first);
  });

  it('keeps people, platforms and secrets apart', () => {
    const keyOf = createSignerKeyer(SECRET);
    const keys = new Set([
      keyOf({ platform: 'telegram', userId: '42' }),
      keyOf({ platform: 'telegram', userId: '43' }),
      keyOf({ platform: 'discord', userId: '42' }),
      // The separator keeps ('tele', 'gram42') apart from ('telegram', '42').
      keyOf({ platform: 'tele', userId: 'gram42' }),
      createSignerKeyer(`${SECRET}x`)({ platform: 'telegram', userId: '42' }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('refuses a short secret', () => {
    expect(() => createSignerKeyer('short')).toThrow(/at least 32/);
  });
});
