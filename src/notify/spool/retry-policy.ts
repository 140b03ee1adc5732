/**
 * When a notification whose delivery failed for a passing reason is tried again: exponential
 * back-off from `initialDelayMs`, doubled per attempt up to `maxDelayMs`, until the notification
 * is older than `maxAgeMs` and goes to the dead-letter list. Pure.
 */

/** The retry settings of the spool; durations in ms. */
export interface RetryPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A notification older than this is not tried again. */
  readonly maxAgeMs: number;
}

/** Watchpost's defaults: 30 s, doubling to 10 min, for at most a day. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  initialDelayMs: 30_000,
  maxDelayMs: 600_000,
  maxAgeMs: 86_400_000,
};

/** What follows the `attempts`-th failed attempt (1 = the first) of a notification created at `createdAt`. */
export type RetryVerdict = { readonly retry: true; readonly at: number } | { readonly retry: false };

/** The next attempt after a retryable failure at `now`, or none when it would come after the maximum age. */
export function nextAttempt(policy: RetryPolicy, attempts: number, createdAt: number, now: number): RetryVerdict {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const delay = Math.min(policy.initialDelayMs * 2 ** exponent, policy.maxDelayMs);
  const at = now + delay;
  return at - createdAt > policy.maxAgeMs ? { retry: false } : { retry: true, at };
}

/** Whether a notification created at `createdAt` is too old to be tried at `now`. */
export function isExpired(policy: RetryPolicy, createdAt: number, now: number): boolean {
  return now - createdAt > policy.maxAgeMs;
}
