/**
 * Staleness: how old an object's last result is, counted in check intervals, as Checkmk's
 * Livestatus shows it. An object whose last result is 1.5 intervals old or older is stale
 * (seed 002 §8), e.g. outside its check period, or a passive object nobody reports for. Pure.
 */

/** From this many check intervals without a result on, an object is stale. */
export const STALE_AFTER_INTERVALS = 1.5;

/** What staleness is computed from; times in ms. */
export interface StalenessInput {
  /** The time of the last result, `null` before the first. */
  readonly lastCheck: number | null;
  /** When monitoring of the object began: the age of an object without results counts from here. */
  readonly since: number;
  /** 0 means no regular checks: such an object is never stale. */
  readonly checkIntervalMs: number;
  readonly now: number;
}

/** The age of the last result in check intervals (Livestatus `staleness`); 0 without an interval. */
export function staleness(input: StalenessInput): number {
  if (input.checkIntervalMs <= 0) return 0;
  const from = input.lastCheck ?? input.since;
  return Math.max(0, input.now - from) / input.checkIntervalMs;
}

/** Whether the last result is {@link STALE_AFTER_INTERVALS} intervals old or older. */
export function isStale(input: StalenessInput): boolean {
  return staleness(input) >= STALE_AFTER_INTERVALS;
}
