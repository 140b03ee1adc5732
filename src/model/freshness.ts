/**
 * Freshness checking (Nagios' check_freshness): a result older than the freshness threshold is
 * stale, and the site then runs the object's check command itself. The threshold is the
 * configured one, or, when that is 0, the check interval (the retry interval during a SOFT
 * problem) plus 15 seconds of latency, as Nagios computes it. Pure.
 */
import type { CheckState } from './check-state.js';

/** What Nagios adds to an automatic threshold (`additional_freshness_latency`, 15 s). */
export const ADDITIONAL_FRESHNESS_LATENCY_MS = 15_000;

/** The intervals a threshold is derived from, in ms. */
export interface FreshnessSettings {
  /** The configured threshold; 0 derives one from the intervals. */
  readonly thresholdMs: number;
  readonly checkIntervalMs: number;
  readonly retryIntervalMs: number;
}

/**
 * The freshness threshold of an object in `state` (ms), or `null` when its freshness is not
 * checked: Nagios skips an automatic threshold for objects without a regular check interval.
 */
export function freshnessThreshold(settings: FreshnessSettings, state: CheckState<string>): number | null {
  if (settings.thresholdMs > 0) return settings.thresholdMs;
  if (settings.checkIntervalMs <= 0) return null;
  const interval =
    state.kind === 'soft-problem' && settings.retryIntervalMs > 0 ? settings.retryIntervalMs : settings.checkIntervalMs;
  return interval + ADDITIONAL_FRESHNESS_LATENCY_MS;
}

/**
 * When the last result goes stale: a threshold after it, or, before the first result, a
 * threshold after monitoring of the object began.
 */
export function freshnessExpiry(lastCheck: number | null, since: number, thresholdMs: number): number {
  return (lastCheck ?? since) + thresholdMs;
}
