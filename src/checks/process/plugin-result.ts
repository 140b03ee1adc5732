/**
 * How the end of a plugin process becomes a check result: exit codes 0..3 are the status; anything
 * else (another code, a signal, a timeout, a plugin that could not be started) is a result too,
 * with an output that says what happened. Pure, so every case is a table row in the tests.
 */
import { pluginStatusOf, type CheckResult, type PluginStatus } from '../../model/check-result.js';
import { parsePluginOutput } from '../plugin-output.js';

/** How a plugin process ended, with what it printed (already capped). */
export interface PluginExit {
  /** `null` when a signal ended the process. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/** Hints Nagios gives for the shell's exit codes of a command that could not run. */
const EXIT_HINTS: Readonly<Record<number, string>> = {
  126: 'is the plugin executable?',
  127: 'does the plugin exist?',
};

function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').trim();
}

/** The check result of a plugin that ran to its end. */
export function resultOfExit(exit: PluginExit): CheckResult {
  const parsed = parsePluginOutput(exit.stdout);
  let output = parsed.output;
  if (output === '') {
    const stderr = firstLine(exit.stderr);
    output = stderr === '' ? '(No output returned from plugin)' : `(No output on stdout) stderr: ${stderr}`;
  }
  let status: PluginStatus | null = exit.exitCode === null ? null : pluginStatusOf(exit.exitCode);
  if (exit.exitCode === null) {
    output += ` (plugin killed by signal ${exit.signal ?? 'unknown'})`;
  } else if (status === null) {
    const hint = EXIT_HINTS[exit.exitCode];
    output += ` (exit code ${exit.exitCode}${hint === undefined ? '' : `: ${hint}`})`;
  }
  status ??= 3;
  return { status, output, longOutput: parsed.longOutput, perfdata: parsed.perfdata, durationMs: exit.durationMs };
}

/** The result of a plugin killed because it ran longer than its timeout. */
export function timedOutResult(timeoutSeconds: number, status: PluginStatus, durationMs: number): CheckResult {
  return { status, output: `CHECK TIMED OUT after ${timeoutSeconds}s`, longOutput: '', perfdata: '', durationMs };
}

/** The result of a plugin ended because monitoring is stopping. */
export function abortedResult(durationMs: number): CheckResult {
  return { status: 3, output: 'CHECK ABORTED: monitoring is stopping', longOutput: '', perfdata: '', durationMs };
}

const SPAWN_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied (is it executable?)',
  ENOEXEC: 'not an executable format',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
};

/** The result of a plugin that could not be started, naming the file and why. */
export function spawnFailedResult(file: string, code: string | undefined, message: string): CheckResult {
  const why = (code === undefined ? undefined : SPAWN_ERRORS[code]) ?? message;
  const output = `UNKNOWN - cannot run plugin ${file}: ${why}${code === undefined ? '' : ` (${code})`}`;
  return { status: 3, output, longOutput: '', perfdata: '', durationMs: 0 };
}
