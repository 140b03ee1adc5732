/**
 * How many checks may run at once: the site's `checks.max_concurrent`, where 0 means automatic.
 */

/** The limit used when the site leaves it automatic: plugins mostly wait on the network, not the CPU. */
export const AUTOMATIC_CONCURRENCY = 32;

/** The number of checks that may run at once for the `checks.max_concurrent` setting. */
export function concurrencyLimit(maxConcurrent: number): number {
  return maxConcurrent > 0 ? Math.floor(maxConcurrent) : AUTOMATIC_CONCURRENCY;
}
