import { describe, expect, it } from 'vitest';
import { createAddressCipher } from '../../src/core/index.ts';
import { TEST_SECRET } from '../support/test-app.ts';

const KEY_A = 'made-up-address-key-a-made-up-address-key-a-0001';
const KEY_B = 'made-up-address-key-b-made-up-address-key-b-0002';

describe('the address cipher (AES-256-GCM, blind index)', () => {
  const cipher = createAddressCipher([KEY_A], TEST_SECRET);

  it('seals with a fresh IV each time, opens back, and never shows the address', () => {
    const one = cipher.seal('telegram:5559950001');
    const two = cipher.seal('telegram:5559950001');
    expect(one).not.toBe(two);
    expect(one.startsWith(cipher.currentPrefix)).toBe(true);
    expect(one).not.toContain('5559950001');
    expect(cipher.open(one)).toBe('telegram:5559950001');
    expect(cipher.open(two)).toBe('telegram:5559950001');
    expect(cipher.isSealed(one)).toBe(true);
    expect(cipher.isSealed('telegram:5559950001')).toBe(false);
  });

  it('refuses a tampered value, an unknown key and a plain address', () => {
    const sealed = cipher.seal('discord:user:1250000000000097001');
    const body = sealed.split('.')[2]!;
    const flipped = `${sealed.slice(0, sealed.length - body.length)}${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(() => cipher.open(flipped)).toThrow();
    expect(() => createAddressCipher([KEY_B], TEST_SECRET).open(sealed)).toThrow();
    expect(() => cipher.open('telegram:5559950001')).toThrow();
  });

  it('keeps the blind index through a key change, and reads old values with the old key listed second', () => {
    const rotated = createAddressCipher([KEY_B, KEY_A], TEST_SECRET);
    const old = cipher.seal('telegram:5559950002');
    expect(rotated.open(old)).toBe('telegram:5559950002');
    expect(rotated.currentPrefix).not.toBe(cipher.currentPrefix);
    expect(rotated.seal('x').startsWith(rotated.currentPrefix)).toBe(true);
    expect(rotated.index('telegram:5559950002')).toBe(cipher.index('telegram:5559950002'));
    expect(cipher.index('telegram:5559950002')).not.toContain('5559950002');
    // The index depends on the server secret: another server's index differs.
    expect(createAddressCipher([KEY_A], `${TEST_SECRET}-other`).index('telegram:5559950002')).not.toBe(cipher.index('telegram:5559950002'));
  });

  it('refuses keys shorter than 32 characters and an empty list', () => {
    expect(() => createAddressCipher(['short'], TEST_SECRET)).toThrow(/32/);
    expect(() => createAddressCipher([], TEST_SECRET)).toThrow();
  });
});
