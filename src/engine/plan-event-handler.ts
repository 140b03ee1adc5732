/**
 * The command line of a host's or service's event handler: its command's line with the macros
 * expanded exactly as for a check, against the state the handler runs for. Pure.
 */
import { PENDING, type HostState, type ServiceState } from '../model/check-state.js';
import { expandMacros, type StateChangeFacts } from '../model/macros.js';
import type { CommandCall, Configuration } from '../model/objects.js';
import { checkedObject, type CheckTarget } from './check-targets.js';

/** An event handler to run: the name of its command and the expanded command line. */
export interface PlannedEventHandler {
  readonly command: string;
  readonly commandLine: string;
}

/** What planning an event handler needs besides its target. */
export interface PlanEventHandlerOptions {
  readonly configuration: Configuration;
  /** The current state of the target's host (for a host: its new state). */
  readonly hostState: HostState;
  /** The new state of the target service; ignored for a host. */
  readonly serviceState?: ServiceState;
  /** Milliseconds since the epoch, for `$TIMET$`. */
  readonly now: number;
  /** The state type and attempt of the change the handler runs for (see `MacroContext.change`). */
  readonly change?: StateChangeFacts;
  /** The handler to run instead of the object's own: the site's global handler. */
  readonly call?: CommandCall;
}

/**
 * The event handler of `target` (or `options.call` for it), or `null` when it has none or its
 * command is not defined.
 */
export function planEventHandler(target: CheckTarget, options: PlanEventHandlerOptions): PlannedEventHandler | null {
  const call = options.call ?? checkedObject(target).eventHandler;
  if (call === null) return null;
  const command = options.configuration.commands.get(call.command);
  if (command === undefined) return null;
  const commandLine = expandMacros(command.line, {
    host: target.host,
    hostState: options.hostState,
    service: target.object === 'service' ? { service: target.service, state: options.serviceState ?? PENDING } : null,
    args: call.args,
    userMacros: options.configuration.userMacros,
    now: options.now,
    ...(options.change === undefined ? {} : { change: options.change }),
  });
  return { command: call.command, commandLine };
}
