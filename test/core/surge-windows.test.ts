import { describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_POLICY } from '../../src/core/review-policy.ts';
import { surgeRule } from '../../src/core/signing-review.ts';
import { SurgeWindows } from '../../src/core/surge-windows.ts';

const at = (iso: string) => new Date(iso);
const limits = DEFAULT_REVIEW_POLICY.surge;

describe('surge windows', () => {
  it('counts per referral code and community within the last minute', () => {
    const windows = new SurgeWindows();
    for (let i = 0; i < 5; i++) windows.record(at('2026-11-29T15:00:10Z'), 'rA', 'c1');
    windows.record(at('2026-11-29T15:00:20Z'), 'rB', null);
    const rates = windows.record(at('2026-11-29T15:00:30Z'), 'rA', 'c1');
    expect(rates.referral).toBe(6);
    expect(rates.community).toBe(6);
    expect(rates.platform).toBe(7);
  });

  it('lets the previous minute fade out over the next 60 seconds', () => {
    const windows = new SurgeWindows();
    for (let i = 0; i < 40; i++) windows.record(at('2026-11-29T15:00:50Z'), 'rA', null);
    // 15 s into the next minute, three quarters of the previous minute still count.
    expect(windows.record(at('2026-11-29T15:01:15Z'), 'rA', null).referral).toBe(1 + 40 * 0.75);
    // Two minutes later it is gone.
    expect(windows.record(at('2026-11-29T15:03:00Z'), 'rA', null).referral).toBe(1);
  });

  it('compares the last minute with the trailing hour', () => {
    const windows = new SurgeWindows();
    for (let m = 0; m < 60; m++) for (let i = 0; i < 6; i++) windows.record(new Date(Date.parse('2026-11-29T14:00:00Z') + m * 60_000), null, null);
    const rates = windows.record(at('2026-11-29T15:00:30Z'), null, null);
    expect(rates.trailingHourPerMinute).toBe(6);
  });

  it('shares what it counted once, and takes the sums of every instance plus what it counted since', () => {
    const windows = new SurgeWindows();
    windows.record(at('2026-11-29T15:00:05Z'), 'rA', 'c1');
    const mine = windows.take();
    expect(mine.sort((a, b) => a.scope.localeCompare(b.scope))).toEqual([
      { minute: at('2026-11-29T15:00:00Z'), scope: 'all', key: '', count: 1 },
      { minute: at('2026-11-29T15:00:00Z'), scope: 'community', key: 'c1', count: 1 },
      { minute: at('2026-11-29T15:00:00Z'), scope: 'referral', key: 'rA', count: 1 },
    ]);
    expect(windows.take()).toEqual([]);
    // Recorded while the exchange is in flight: not in storage's answer yet.
    windows.record(at('2026-11-29T15:00:06Z'), 'rA', null);
    const minute = at('2026-11-29T15:00:00Z');
    windows.replace(
      [
        { minute, scope: 'all', key: '', count: 25 },
        { minute, scope: 'referral', key: 'rA', count: 20 },
        { minute, scope: 'community', key: 'c1', count: 4 },
      ],
      at('2026-11-29T14:00:00Z'),
    );
    const rates = windows.record(at('2026-11-29T15:00:10Z'), 'rA', 'c1');
    expect(rates.referral).toBe(22);
    expect(rates.platform).toBe(27);
    expect(rates.community).toBe(5);
    // Counts that could not be shared go out with the next exchange.
    const next = windows.take();
    windows.giveBack(next);
    expect(windows.take()).toEqual(next);
  });
});

describe('the surge rule', () => {
  it('names the first limit the rates break', () => {
    expect(surgeRule({ referral: 31, community: 40, platform: 500, trailingHourPerMinute: 1 }, limits)).toBe('surge-referral');
    expect(surgeRule({ referral: 30, community: 31, platform: 500, trailingHourPerMinute: 1 }, limits)).toBe('surge-community');
    expect(surgeRule({ referral: 0, community: 0, platform: 101, trailingHourPerMinute: 10 }, limits)).toBe('surge-platform');
  });

  it('leaves a busy but steady hour alone, and a quiet hour with a few signers', () => {
    expect(surgeRule({ referral: 30, community: 30, platform: 900, trailingHourPerMinute: 100 }, limits)).toBeNull();
    expect(surgeRule({ referral: 0, community: 0, platform: 100, trailingHourPerMinute: 0 }, limits)).toBeNull();
  });
});
