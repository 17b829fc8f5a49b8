import type { Countdown } from './countdown.ts';

/** What the milestone check looks at: counts and where the countdown stands. */
export interface MilestoneSnapshot {
  total: number;
  byCountry: Record<string, number>;
  goal: number;
  countdown: Countdown;
}

export type Milestone =
  | { kind: 'thousands'; total: number }
  | { kind: 'new-nation'; country: string }
  | { kind: 'goal-reached'; goal: number; total: number }
  | { kind: 'one-day-left' }
  | { kind: 'closed'; total: number; nations: number };

/** Every this many signatures is worth telling staff about. */
export const MILESTONE_STEP = 1_000;

/**
 * Milestones passed between two snapshots, in a stable order. With no previous
 * snapshot there is nothing to compare, so nothing is announced (a restart
 * must not replay old news). A jump over several thousands gives one alert
 * for the highest. Countries in `atRiskCountries` never get a "first signature
 * from" milestone: its timing could point at the one person who signed there.
 *
 * @example detectMilestones({ total: 999, ... }, { total: 1000, ... }) // [{ kind: 'thousands', total: 1000 }]
 */
export function detectMilestones(previous: MilestoneSnapshot | null, current: MilestoneSnapshot, atRiskCountries: readonly string[] = []): Milestone[] {
  if (!previous) return [];
  const found: Milestone[] = [];
  const step = Math.floor(current.total / MILESTONE_STEP);
  if (step > Math.floor(previous.total / MILESTONE_STEP) && step > 0) found.push({ kind: 'thousands', total: step * MILESTONE_STEP });
  for (const country of Object.keys(current.byCountry).sort()) {
    if (atRiskCountries.includes(country)) continue;
    if ((current.byCountry[country] ?? 0) > 0 && !((previous.byCountry[country] ?? 0) > 0)) found.push({ kind: 'new-nation', country });
  }
  if (current.goal > 0 && previous.total < current.goal && current.total >= current.goal) {
    found.push({ kind: 'goal-reached', goal: current.goal, total: current.total });
  }
  if (isOneDayLeft(current.countdown) && !isOneDayLeft(previous.countdown)) found.push({ kind: 'one-day-left' });
  if (current.countdown.phase === 'closed' && previous.countdown.phase !== 'closed') {
    found.push({ kind: 'closed', total: current.total, nations: Object.values(current.byCountry).filter((n) => n > 0).length });
  }
  return found;
}

function isOneDayLeft(state: Countdown): boolean {
  return state.phase === 'open' && state.daysLeft === 1;
}

/** What one community has brought: valid signatures through its code, and from how many nations. */
export interface CommunityTotal {
  count: number;
  nations: number;
}

/** A community passed one of its own steps: "this server brought 312 signatures from 12 nations". */
export interface CommunityMilestone {
  code: string;
  /** The step passed (an idempotency key), e.g. 250. */
  step: number;
  count: number;
  nations: number;
}

/** The first steps a community is told about; after the last, every `COMMUNITY_STEP_AFTER`. */
export const COMMUNITY_STEPS = [10, 50, 100, 250, 500] as const;
export const COMMUNITY_STEP_AFTER = 500;

/** The highest community step at or below `count`, or 0. */
export function communityStep(count: number): number {
  const last = COMMUNITY_STEPS[COMMUNITY_STEPS.length - 1]!;
  if (count >= last) return Math.floor(count / COMMUNITY_STEP_AFTER) * COMMUNITY_STEP_AFTER;
  return [...COMMUNITY_STEPS].reverse().find((step) => count >= step) ?? 0;
}

/**
 * Communities that passed a step between two snapshots (one milestone each,
 * for the highest step passed). Like `detectMilestones`, nothing without a
 * previous snapshot; a community new since then starts from zero.
 *
 * @example detectCommunityMilestones({ cA: { count: 9, nations: 2 } }, { cA: { count: 10, nations: 3 } }) // [{ code: 'cA', step: 10, count: 10, nations: 3 }]
 */
export function detectCommunityMilestones(
  previous: Record<string, CommunityTotal> | null,
  current: Record<string, CommunityTotal>,
): CommunityMilestone[] {
  if (!previous) return [];
  const found: CommunityMilestone[] = [];
  for (const code of Object.keys(current).sort()) {
    const now = current[code]!;
    const step = communityStep(now.count);
    if (step > 0 && step > communityStep(previous[code]?.count ?? 0)) found.push({ code, step, count: now.count, nations: now.nations });
  }
  return found;
}
