/**
 * `native:dummy state=N text=...`: the in-process twin of `check_dummy`, for checks whose result
 * is fixed (tests, benchmarks, placeholders) without a process per check.
 */
import type { CheckResult } from '../../model/check-result.js';
import { pluginStatusOf } from '../../model/check-result.js';
import { parsePluginOutput } from '../plugin-output.js';
import type { NativeCheck } from './native-check.js';

const LABELS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/** The dummy check: `state` 0..3 (default 0), optional `text` appended like check_dummy does. */
export const dummyCheck: NativeCheck = (parameters) => {
  const stateText = parameters.get('state') ?? '0';
  const status = /^[0-3]$/.test(stateText) ? pluginStatusOf(Number(stateText)) : null;
  if (status === null) {
    const result: CheckResult = {
      status: 3,
      output: `UNKNOWN - native dummy: state must be 0, 1, 2 or 3, not "${stateText}"`,
      longOutput: '',
      perfdata: '',
      durationMs: 0,
    };
    return Promise.resolve(result);
  }
  const text = parameters.get('text');
  const parsed = parsePluginOutput(text === undefined ? LABELS[status] : `${LABELS[status]}: ${text}`);
  return Promise.resolve({ status, ...parsed, durationMs: 0 });
};
