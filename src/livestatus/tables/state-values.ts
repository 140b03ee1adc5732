/**
 * How the model's states read as Livestatus numbers: state ids, state types, times in seconds.
 */
import {
  attemptOf,
  hostStatus,
  problemOf,
  serviceStatus,
  type CheckState,
  type HostState,
  type ServiceProblem,
  type ServiceState,
} from '../../model/check-state.js';
import type { CommandCall } from '../../model/objects.js';

/** Host state id: 0 UP (also pending), 1 DOWN, 2 UNREACHABLE. */
export function hostStateId(state: HostState): number {
  return state.kind === 'pending' ? 0 : hostStatus(problemOf(state)).id;
}

/** The model's service state numbers, looked up once: every row of a services scan asks. */
const OK_ID = serviceStatus(null).id;
const WARNING_ID = serviceStatus('warning').id;
const CRITICAL_ID = serviceStatus('critical').id;
const UNKNOWN_ID = serviceStatus('unknown').id;

/**
 * Service state id: 0 OK (also pending), 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Comparisons rather
 * than a lookup by name: a keyed property load here cost a third of a 100,000-service Stats query.
 */
export function serviceStateId(state: ServiceState): number {
  if (state.kind === 'pending' || state.kind === 'ok') return OK_ID;
  const problem: ServiceProblem = state.problem;
  return problem === 'critical' ? CRITICAL_ID : problem === 'warning' ? WARNING_ID : UNKNOWN_ID;
}

/** The id of the state before the last check (`last_state`). */
export function previousHostStateId(state: HostState): number {
  return state.kind === 'pending' ? 0 : hostStatus(state.previousProblem).id;
}

/** The id of the service state before the last check. */
export function previousServiceStateId(state: ServiceState): number {
  return state.kind === 'pending' ? 0 : serviceStatus(state.previousProblem).id;
}

/**
 * The current HARD state id. A SOFT problem can only follow OK/UP in the model (a HARD problem
 * never turns SOFT), so its hard state is 0.
 */
export function hardStateId(state: CheckState<string>, id: number): number {
  return state.kind === 'soft-problem' ? 0 : id;
}

/** 0 SOFT, 1 HARD; pending and OK/UP are HARD, as in Nagios. */
export function stateTypeId(state: CheckState<string>): number {
  return state.kind === 'soft-problem' ? 0 : 1;
}

/** Whether a result has arrived since monitoring started (not pending). */
export function hasBeenChecked(state: CheckState<string>): boolean {
  return state.kind !== 'pending';
}

export { attemptOf };

/** Epoch milliseconds → epoch seconds, as Livestatus shows every time. */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** A time of the observation in seconds; 0 before the first check. */
export function observed(
  state: CheckState<string>,
  pick: 'lastCheck' | 'lastStateChange' | 'lastHardStateChange',
): number {
  return state.kind === 'pending' ? 0 : seconds(state[pick]);
}

/**
 * Long output as Nagios-style cores store it: one line, newlines written as `\n` and
 * backslashes doubled, which is what clients unescape.
 */
export function escapeLongOutput(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** `check_ping!100!20%`: a command call as Nagios configuration writes it. */
export function commandCallText(call: CommandCall | null): string {
  if (call === null) return '';
  return [call.command, ...call.args].join('!');
}

/** Service states from best to worst: OK, WARNING, UNKNOWN, CRITICAL. */
const SERVICE_SEVERITY = [0, 1, 3, 2] as const;

/** Whether service state `a` is worse than `b` (CRITICAL is worse than UNKNOWN). */
export function worseService(a: number, b: number): boolean {
  return (SERVICE_SEVERITY[a] ?? 0) > (SERVICE_SEVERITY[b] ?? 0);
}

/** Host states from best to worst: UP, UNREACHABLE, DOWN. */
const HOST_SEVERITY = [0, 2, 1] as const;

/** Whether host state `a` is worse than `b` (DOWN is worse than UNREACHABLE). */
export function worseHost(a: number, b: number): boolean {
  return (HOST_SEVERITY[a] ?? 0) > (HOST_SEVERITY[b] ?? 0);
}
