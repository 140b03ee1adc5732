/**
 * What one due check does: run a command line (the target's check command with its macros
 * expanded), or yield a result at once (a host without check command is UP; a command that is
 * not defined is UNKNOWN). Pure.
 */
import type { CheckResult } from '../model/check-result.js';
import { PENDING, type HostState, type ServiceState } from '../model/check-state.js';
import { expandMacros } from '../model/macros.js';
import type { Configuration } from '../model/objects.js';
import type { CheckTarget } from './check-targets.js';

/** A check to run, or its result when nothing needs to run. */
export type PlannedCheck =
  { readonly kind: 'run'; readonly commandLine: string } | { readonly kind: 'result'; readonly result: CheckResult };

/** What planning a check needs besides its target. */
export interface PlanCheckOptions {
  readonly configuration: Configuration;
  /** The current state of the target's host, for `$HOSTSTATE$` and friends. */
  readonly hostState: HostState;
  /** The current state of the target service; ignored for a host. */
  readonly serviceState?: ServiceState;
  /** Milliseconds since the epoch, for `$TIMET$`. */
  readonly now: number;
}

function immediate(status: 0 | 3, output: string): PlannedCheck {
  return { kind: 'result', result: { status, output, longOutput: '', perfdata: '', durationMs: 0 } };
}

/** Plans the check of `target` at `now` (ms). */
export function planCheck(target: CheckTarget, options: PlanCheckOptions): PlannedCheck {
  const call = target.object === 'host' ? target.host.checkCommand : target.service.checkCommand;
  if (call === null) {
    return target.object === 'host' ? immediate(0, 'no check command') : immediate(3, 'no check command');
  }
  const command = options.configuration.commands.get(call.command);
  if (command === undefined) return immediate(3, `UNKNOWN - check command '${call.command}' is not defined`);
  const commandLine = expandMacros(command.line, {
    host: target.host,
    hostState: options.hostState,
    service: target.object === 'service' ? { service: target.service, state: options.serviceState ?? PENDING } : null,
    args: call.args,
    userMacros: options.configuration.userMacros,
    now: options.now,
  });
  return { kind: 'run', commandLine };
}
