/**
 * Checks that run inside the site process, without a process per check (SPEC §3 "Native checks").
 *
 * A command line names a native check as `native:TYPE key=value ...`: the type and its parameters
 * as seed 003 names them, after macro expansion, split like any plugin command line (so values
 * with blanks are quoted). That lets Nagios configuration use native checks as ordinary command
 * definitions, and the engine run them through the same `RunPlugin` port as plugins.
 */
import type { CheckResult } from '../../model/check-result.js';

/** The parameters of one native check, by name, as written on the command line. */
export type NativeParameters = ReadonlyMap<string, string>;

/** What a native check is given besides its parameters. */
export interface NativeCheckContext {
  /** Milliseconds the check may take; it must resolve by then with its timeout result. */
  readonly timeoutMs: number;
  /** The status of a check that timed out (the site's `checks.timeout_state`). */
  readonly timeoutStatus: CheckResult['status'];
  /** Aborted at shutdown; the check then ends at once with an UNKNOWN result. */
  readonly signal: AbortSignal;
}

/**
 * One native check type. Contract as for plugins: resolves with a result for every outcome
 * (refused connection, timeout, hostile peer, bad parameter) and never rejects.
 */
export type NativeCheck = (parameters: NativeParameters, context: NativeCheckContext) => Promise<CheckResult>;

/** The native check types a site knows, by type name (`tcp`, `http`, ...). */
export type NativeCheckTypes = ReadonlyMap<string, NativeCheck>;

/** The prefix of a command line that names a native check. */
export const NATIVE_PREFIX = 'native:';
