/**
 * What one check asks for and what it yields, whatever ran it: a Monitoring Plugin, a native
 * check or a synthetic result. A failed or timed-out check is a result, never an exception.
 */

/** A plugin's verdict, as its exit code says it: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
export type PluginStatus = 0 | 1 | 2 | 3;

/** The outcome of one check, parsed at the edge where it was run. */
export interface CheckResult {
  readonly status: PluginStatus;
  /** The first line of output without its performance data. */
  readonly output: string;
  /** The lines after the first, without performance data; `''` when there are none. */
  readonly longOutput: string;
  /** Raw performance data (`'label'=value[UOM];warn;crit;min;max ...`), `''` when there is none. */
  readonly perfdata: string;
  /** Wall time the check took, in milliseconds; 0 for a result that ran nothing. */
  readonly durationMs: number;
}

/** A command line to run as a Monitoring Plugin, with macros already expanded. */
export interface PluginRequest {
  readonly commandLine: string;
  /** Seconds the plugin may run before its whole process group is killed. */
  readonly timeoutSeconds: number;
  /** The status of a check that timed out (the site's `checks.timeout_state`). */
  readonly timeoutStatus: PluginStatus;
  /** Aborting ends the plugin at once (shutdown); the result is then UNKNOWN. */
  readonly signal?: AbortSignal;
}

/** The plugin status an exit code stands for, or `null` for a code outside 0..3. */
export function pluginStatusOf(exitCode: number): PluginStatus | null {
  return exitCode === 0 || exitCode === 1 || exitCode === 2 || exitCode === 3 ? exitCode : null;
}
