import { describe, expect, it } from 'vitest';
import { snowflakeTime } from '../../src/core/discord-snowflake.ts';
import { isNewAccount } from '../../src/core/signing-review.ts';

describe('Discord account age from the user id', () => {
  it('reads the creation time a snowflake carries', () => {
    // Discord's documented example id.
    expect(snowflakeTime('175928847299117063')?.toISOString()).toBe('2016-04-30T11:18:25.796Z');
    // An id made for 2026-11-28T12:00:00Z: (ms - Discord epoch) << 22.
    const ms = Date.parse('2026-11-28T12:00:00Z') - 1_420_070_400_000;
    expect(snowflakeTime((BigInt(ms) << 22n).toString())?.toISOString()).toBe('2026-11-28T12:00:00.000Z');
  });

  it('gives null for anything that is not a snowflake', () => {
    for (const id of ['', 'abc', '-1', '12.5', '1'.repeat(25), '0', '4194303']) expect(snowflakeTime(id)).toBeNull();
  });

  it('flags accounts younger than the minimum age only', () => {
    const now = new Date('2026-11-29T15:00:00Z');
    expect(isNewAccount(new Date('2026-11-28T15:00:00Z'), now, 7)).toBe(true);
    expect(isNewAccount(new Date('2026-11-22T15:00:01Z'), now, 7)).toBe(true);
    expect(isNewAccount(new Date('2026-11-22T15:00:00Z'), now, 7)).toBe(false);
    expect(isNewAccount(new Date('2019-01-01T00:00:00Z'), now, 7)).toBe(false);
  });
});
