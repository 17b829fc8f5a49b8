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
