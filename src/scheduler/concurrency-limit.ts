/**
 * How many checks may run at once: the site's `checks.max_concurrent`, where 0 means automatic.
 */

/**
 * The limit used when the site leaves it automatic: plugins mostly wait on the network, not the
 * CPU, and a check holds its slot while its start and its result wait for the spawn helpers'
 * batching (up to two batch times), so at 1,500 checks/s a hundred or more are in flight.
 */
export const AUTOMATIC_CONCURRENCY = 256;

/** The number of checks that may run at once for the `checks.max_concurrent` setting. */
export function concurrencyLimit(maxConcurrent: number): number {
  return maxConcurrent > 0 ? Math.floor(maxConcurrent) : AUTOMATIC_CONCURRENCY;
}
