/**
 * Where the first checks go at start-up: spread evenly over each object's check interval, so
 * that a site with a thousand services does not start a thousand plugins in its first second.
 * Like Nagios' `max_service_check_spread`, the spread window is at most 30 minutes, so that an
 * object with a daily interval is not PENDING for a day.
 */

/** The longest window the first checks are spread over, in ms (Nagios' default: 30 minutes). */
export const MAX_INITIAL_SPREAD_MS = 30 * 60_000;

/** An object to schedule and its check interval (ms). */
export interface Schedulable<K> {
  readonly key: K;
  readonly intervalMs: number;
}

/**
 * The first due time of every object: objects of the same interval are spaced evenly over
 * `min(interval, 30 min)`, in the order given, the first of each group at `now`.
 */
export function spreadInitialChecks<K>(
  objects: readonly Schedulable<K>[],
  now: number,
): { readonly key: K; readonly due: number }[] {
  const groups = new Map<number, K[]>();
  for (const { key, intervalMs } of objects) {
    const window = Math.max(0, Math.min(intervalMs, MAX_INITIAL_SPREAD_MS));
    const group = groups.get(window);
    if (group === undefined) groups.set(window, [key]);
    else group.push(key);
  }
  const out: { key: K; due: number }[] = [];
  for (const [window, keys] of groups) {
    keys.forEach((key, i) => out.push({ key, due: now + Math.floor((i * window) / keys.length) }));
  }
  return out;
}
