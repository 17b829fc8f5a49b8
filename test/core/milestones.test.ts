import { describe, expect, it } from 'vitest';
import type { Countdown } from '../../src/core/index.ts';
import { detectMilestones, type MilestoneSnapshot } from '../../src/core/index.ts';

const open = (daysLeft: number): Countdown => ({ phase: 'open', daysLeft, lastDay: '2026-12-10', closesAt: new Date('2026-12-11T05:00:00Z') });
const closed: Countdown = { phase: 'closed', lastDay: '2026-12-10', closesAt: new Date('2026-12-11T05:00:00Z') };
const snap = (total: number, byCountry: Record<string, number>, countdown: Countdown = open(10), goal = 5_000): MilestoneSnapshot => ({ total, byCountry, goal, countdown });

describe('detectMilestones', () => {
  it('announces nothing without a previous snapshot', () => {
    expect(detectMilestones(null, snap(3_000, { KR: 3_000 }))).toEqual([]);
  });

  it('announces each thousand crossed, once, and the highest when several are jumped', () => {
    expect(detectMilestones(snap(999, { KR: 999 }), snap(1_000, { KR: 1_000 }))).toEqual([{ kind: 'thousands', total: 1_000 }]);
    expect(detectMilestones(snap(1_000, { KR: 1_000 }), snap(1_999, { KR: 1_999 }))).toEqual([]);
    expect(detectMilestones(snap(1_500, { KR: 1_500 }), snap(3_200, { KR: 3_200 }))).toEqual([{ kind: 'thousands', total: 3_000 }]);
  });

  it('announces each new nation, and not one whose count only grew', () => {
    expect(detectMilestones(snap(5, { KR: 5 }), snap(8, { KR: 6, US: 1, JP: 1 }))).toEqual([
      { kind: 'new-nation', country: 'JP' },
      { kind: 'new-nation', country: 'US' },
    ]);
    expect(detectMilestones(snap(5, { KR: 5, US: 0 }), snap(6, { KR: 5, US: 1 }))).toEqual([{ kind: 'new-nation', country: 'US' }]);
  });

  it('announces the goal once, when it is reached', () => {
    expect(detectMilestones(snap(4_999, { KR: 4_999 }), snap(5_000, { KR: 5_000 }))).toEqual([
      { kind: 'thousands', total: 5_000 },
      { kind: 'goal-reached', goal: 5_000, total: 5_000 },
    ]);
    expect(detectMilestones(snap(5_000, { KR: 5_000 }), snap(5_001, { KR: 5_001 }))).toEqual([]);
  });

  it('announces one day left and closing once each', () => {
    expect(detectMilestones(snap(10, { KR: 10 }, open(2)), snap(10, { KR: 10 }, open(1)))).toEqual([{ kind: 'one-day-left' }]);
    expect(detectMilestones(snap(10, { KR: 10 }, open(1)), snap(10, { KR: 10 }, open(1)))).toEqual([]);
    expect(detectMilestones(snap(10, { KR: 7, US: 3 }, open(1)), snap(10, { KR: 7, US: 3 }, closed))).toEqual([{ kind: 'closed', total: 10, nations: 2 }]);
    expect(detectMilestones(snap(10, { KR: 10 }, closed), snap(10, { KR: 10 }, closed))).toEqual([]);
  });
});
