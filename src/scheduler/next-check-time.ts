/**
 * When an object is checked next after a result: its check interval, or its retry interval
 * while it has a SOFT problem (Nagios' `retry_interval`), counted from the start of the check
 * that just ended so that slow plugins do not make the schedule drift.
 */
import type { CheckState } from '../model/check-state.js';

/** An object's intervals in ms; a check interval of 0 means "no regular checks". */
export interface CheckIntervals {
  readonly checkIntervalMs: number;
  readonly retryIntervalMs: number;
}

/**
 * The time of the next check (never before `now`), or `null` when the object is not checked
 * regularly (check interval 0 and no SOFT problem to confirm).
 */
export function nextCheckTime(
  state: CheckState<string>,
  intervals: CheckIntervals,
  timing: { readonly startedAt: number; readonly now: number },
): number | null {
  const retrying = state.kind === 'soft-problem';
  const retry = intervals.retryIntervalMs > 0 ? intervals.retryIntervalMs : intervals.checkIntervalMs;
  const interval = retrying ? retry : intervals.checkIntervalMs;
  if (interval <= 0) return null;
  return Math.max(timing.startedAt + interval, timing.now);
}
