/**
 * How a helper's answer becomes a check result, with the same rules as the `node:child_process`
 * runner (`plugin-result.ts` does the work for both): a timeout wins over everything, then a
 * cancellation, then how the plugin ended.
 */
import { constants } from 'node:os';
import type { CheckResult, PluginRequest } from '../../model/check-result.js';
import { abortedResult, resultOfExit, spawnFailedResult, timedOutResult } from '../process/plugin-result.js';
import type { HelperOutcome } from './spawn-helper.js';

const reverse = (table: Readonly<Record<string, number>>): ReadonlyMap<number, string> =>
  new Map(Object.entries(table).map(([name, number]) => [number, name]));

const ERRNO_NAMES = reverse(constants.errno);
const SIGNAL_NAMES = reverse(constants.signals);

/**
 * The result of a check that got no answer from a spawn helper. The plugin may or may not have
 * run, so nothing is known about the service: UNKNOWN, with the helper's failure.
 */
export function helperFailedResult(reason: string): CheckResult {
  return {
    status: 3,
    output: `UNKNOWN - no result from the spawn helper: ${reason}`,
    longOutput: '',
    perfdata: '',
    durationMs: 0,
  };
}

/** The check result of a plugin the helper ran, or of a helper that failed while it ran. */
export function checkResultOfHelper(outcome: HelperOutcome, request: PluginRequest, file: string): CheckResult {
  if (outcome.kind === 'helper-failed') return helperFailedResult(outcome.reason);
  const { result } = outcome;
  const durationMs = Math.max(0, Math.round((result.endUs - result.startUs) / 1000));
  const end = result.end;
  if (end.kind === 'not-started') return spawnFailedResult(file, ERRNO_NAMES.get(end.errno), end.message);
  if (result.timedOut) return timedOutResult(request.timeoutSeconds, request.timeoutStatus, durationMs);
  if (result.cancelled) return abortedResult(durationMs);
  return resultOfExit({
    exitCode: end.kind === 'exited' ? end.code : null,
    signal: end.kind === 'signaled' ? (SIGNAL_NAMES.get(end.signal) ?? String(end.signal)) : null,
    stdout: result.stdout.toString('utf8'),
    stderr: result.stderr.toString('utf8'),
    durationMs,
  });
}
