/**
 * Response-time thresholds and the `time=` performance data item of the network plugins:
 * `time=0.000987s;warn;crit;0.000000;timeout`, with six decimals as check_tcp writes it.
 */
import type { PluginStatus } from '../../model/check-result.js';

/** Warning and critical response times in seconds; `null` when not set. */
export interface ResponseTimeLimits {
  readonly warning: number | null;
  readonly critical: number | null;
}

/** The status a response time earns: above critical is CRITICAL, above warning WARNING. */
export function responseTimeStatus(seconds: number, limits: ResponseTimeLimits): PluginStatus {
  if (limits.critical !== null && seconds > limits.critical) return 2;
  if (limits.warning !== null && seconds > limits.warning) return 1;
  return 0;
}

function sixDecimals(value: number | null): string {
  return value === null ? '' : value.toFixed(6);
}

/** The `time=` item: value, thresholds, 0 as minimum and the timeout as maximum. */
export function responseTimePerfdata(seconds: number, limits: ResponseTimeLimits, timeoutSeconds: number): string {
  return `time=${sixDecimals(seconds)}s;${sixDecimals(limits.warning)};${sixDecimals(limits.critical)};0.000000;${sixDecimals(timeoutSeconds)}`;
}
