/**
 * The current state of a host or service and how a check result changes it, with Nagios Core's
 * SOFT/HARD semantics: a problem is SOFT until it has been seen on `max_check_attempts`
 * consecutive checks, then HARD. Pure: time is an argument, nothing here does I/O.
 *
 * The rules are the table {@link TRANSITIONS}; {@link applyResult} reads it and the tests
 * iterate it.
 */
import type { CheckResult } from './check-result.js';

/** A service problem: anything but OK. */
export type ServiceProblem = 'warning' | 'critical' | 'unknown';
/** A host problem: anything but UP. */
export type HostProblem = 'down' | 'unreachable';

/** What the last check said and when things changed; every checked state carries it. Times in ms. */
export interface Observation<P extends string> {
  readonly lastCheck: number;
  /** The last change of status (OK→WARNING, WARNING→CRITICAL, ...), SOFT or HARD. */
  readonly lastStateChange: number;
  readonly lastHardStateChange: number;
  /** The problem seen by the check before the last one, `null` for OK/UP ($LASTSERVICESTATE$). */
  readonly previousProblem: P | null;
  readonly output: string;
  readonly longOutput: string;
  readonly perfdata: string;
}

/**
 * The state of a host or service. `ok` is OK for a service and UP for a host. A problem is
 * SOFT with its attempt number until `max_check_attempts` is reached, then HARD (and its
 * attempt stays at that maximum, as Nagios shows it).
 */
export type CheckState<P extends string> =
  | { readonly kind: 'pending' }
  | ({ readonly kind: 'ok' } & Observation<P>)
  | ({ readonly kind: 'soft-problem'; readonly problem: P; readonly attempt: number } & Observation<P>)
  | ({ readonly kind: 'hard-problem'; readonly problem: P; readonly attempt: number } & Observation<P>);

/** The state of a service. */
export type ServiceState = CheckState<ServiceProblem>;
/** The state of a host. */
export type HostState = CheckState<HostProblem>;

/** The state every object starts in: no result yet. */
export const PENDING = { kind: 'pending' } as const;

/** What the caller knows about an object that decides how a result is read. */
export interface CheckPolicy<P extends string> {
  readonly maxCheckAttempts: number;
  /** The problem each plugin status 0..3 means for this object; `null` is OK/UP. */
  readonly problems: readonly [P | null, P | null, P | null, P | null];
  /**
   * The attempt a SOFT recovery is logged (and its event handler run) with: `next`, the attempt
   * after the last one, as Nagios 4 counts a service (`OK;SOFT;3` after two SOFT attempts); or
   * `first`, 1, as Nagios 4 resets a host (`UP;SOFT;1`). `next` when absent.
   */
  readonly softRecoveryAttempt?: 'next' | 'first';
}

/** How a service reads plugin statuses: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
export function servicePolicy(maxCheckAttempts: number): CheckPolicy<ServiceProblem> {
  return { maxCheckAttempts, problems: [null, 'warning', 'critical', 'unknown'] };
}

/**
 * How a host reads plugin statuses, as Nagios 4 does: 0 and 1 are UP, 2 and 3 are DOWN, or
 * UNREACHABLE when the caller found all the host's parents DOWN or UNREACHABLE. A SOFT recovery
 * of a host is attempt 1 (Nagios 4 checks.c resets `current_attempt` when a host is UP again).
 */
export function hostPolicy(maxCheckAttempts: number, allParentsDown: boolean): CheckPolicy<HostProblem> {
  const problem: HostProblem = allParentsDown ? 'unreachable' : 'down';
  return { maxCheckAttempts, problems: [null, null, problem, problem], softRecoveryAttempt: 'first' };
}

/**
 * A state change, SOFT or HARD, as the monitoring log records it. SOFT retries with an unchanged
 * problem are reported too, as Nagios does with `log_service_retries=1` (its sample setting).
 */
export interface StateChangeEvent<P extends string> {
  readonly kind: 'state-change';
  /** The new problem, `null` for OK/UP. */
  readonly problem: P | null;
  readonly previous: P | null | 'pending';
  readonly stateType: 'soft' | 'hard';
  readonly attempt: number;
  /** A HARD state change: a problem became HARD, changed while HARD, or recovered from HARD. */
  readonly hard: boolean;
  readonly output: string;
  readonly at: number;
}

/** The new state and what happened on the way. */
export interface Applied<P extends string> {
  readonly state: CheckState<P>;
  readonly events: readonly StateChangeEvent<P>[];
}

/** One rule: in state `from`, a result of kind `result` leads to `to` and reports `event`. */
export interface Transition {
  readonly from: CheckState<string>['kind'];
  readonly result: 'ok' | 'problem';
  /** Whether the result's attempt reaches `max_check_attempts`; `null` when it does not matter. */
  readonly lastAttempt: boolean | null;
  readonly to: CheckState<string>['kind'];
  /** `hard-if-changed`: a HARD event only when the problem differs from the last one. */
  readonly event: 'none' | 'soft' | 'hard' | 'hard-if-changed';
}

/** The SOFT/HARD rules of Nagios Core. Before the first result an object counts as OK. */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'pending', result: 'ok', lastAttempt: null, to: 'ok', event: 'none' },
  { from: 'pending', result: 'problem', lastAttempt: false, to: 'soft-problem', event: 'soft' },
  { from: 'pending', result: 'problem', lastAttempt: true, to: 'hard-problem', event: 'hard' },
  { from: 'ok', result: 'ok', lastAttempt: null, to: 'ok', event: 'none' },
  { from: 'ok', result: 'problem', lastAttempt: false, to: 'soft-problem', event: 'soft' },
  { from: 'ok', result: 'problem', lastAttempt: true, to: 'hard-problem', event: 'hard' },
  { from: 'soft-problem', result: 'ok', lastAttempt: null, to: 'ok', event: 'soft' },
  { from: 'soft-problem', result: 'problem', lastAttempt: false, to: 'soft-problem', event: 'soft' },
  { from: 'soft-problem', result: 'problem', lastAttempt: true, to: 'hard-problem', event: 'hard' },
  { from: 'hard-problem', result: 'ok', lastAttempt: null, to: 'ok', event: 'hard' },
  { from: 'hard-problem', result: 'problem', lastAttempt: null, to: 'hard-problem', event: 'hard-if-changed' },
];

function findTransition(from: CheckState<string>['kind'], result: 'ok' | 'problem', lastAttempt: boolean): Transition {
  const rule = TRANSITIONS.find(
    (t) => t.from === from && t.result === result && (t.lastAttempt === null || t.lastAttempt === lastAttempt),
  );
  // The table covers every combination; a test walks all of them.
  if (rule === undefined) throw new Error(`check-state: no transition from ${from} on ${result}`);
  return rule;
}

/** The problem of a state, `null` for OK/UP and pending. */
export function problemOf<P extends string>(state: CheckState<P>): P | null {
  return state.kind === 'soft-problem' || state.kind === 'hard-problem' ? state.problem : null;
}

/** The attempt number Nagios shows: 1 when OK/UP or pending, `max_check_attempts` when HARD. */
export function attemptOf(state: CheckState<string>): number {
  return state.kind === 'soft-problem' || state.kind === 'hard-problem' ? state.attempt : 1;
}

/** Nagios' state type: pending objects and OK/UP are HARD. */
export function stateTypeOf(state: CheckState<string>): 'soft' | 'hard' {
  return state.kind === 'soft-problem' ? 'soft' : 'hard';
}

/** The attempt of a SOFT recovery after SOFT attempt `attempt` (see {@link CheckPolicy.softRecoveryAttempt}). */
function softRecoveryAttempt(attempt: number, policy: CheckPolicy<string>): number {
  return policy.softRecoveryAttempt === 'first' ? 1 : Math.min(attempt + 1, Math.max(1, policy.maxCheckAttempts));
}

/**
 * Applies one check result to a state: the new state, and the state-change events it causes.
 * `now` (ms) becomes the time of the last check and of any state change.
 */
export function applyResult<P extends string>(
  state: CheckState<P>,
  result: CheckResult,
  policy: CheckPolicy<P>,
  now: number,
): Applied<P> {
  const max = Math.max(1, policy.maxCheckAttempts);
  const problem = policy.problems[result.status];
  const previous = state.kind === 'pending' ? 'pending' : problemOf(state);
  const attempt = problem === null ? 1 : state.kind === 'soft-problem' ? Math.min(state.attempt + 1, max) : 1;
  const rule = findTransition(state.kind, problem === null ? 'ok' : 'problem', attempt >= max);

  const changed = previous !== problem;
  const hardChange = rule.event === 'hard' || (rule.event === 'hard-if-changed' && changed);
  const observation: Observation<P> = {
    lastCheck: now,
    lastStateChange: state.kind === 'pending' || changed ? now : state.lastStateChange,
    lastHardStateChange: state.kind === 'pending' || hardChange ? now : state.lastHardStateChange,
    previousProblem: state.kind === 'pending' ? null : problemOf(state),
    output: result.output,
    longOutput: result.longOutput,
    perfdata: result.perfdata,
  };

  let next: CheckState<P>;
  if (problem === null) next = { kind: 'ok', ...observation };
  else if (rule.to === 'soft-problem') next = { kind: 'soft-problem', problem, attempt, ...observation };
  else next = { kind: 'hard-problem', problem, attempt: max, ...observation };

  if (rule.event === 'none' || (rule.event === 'hard-if-changed' && !changed)) return { state: next, events: [] };
  const event: StateChangeEvent<P> = {
    kind: 'state-change',
    problem,
    previous,
    stateType: hardChange ? 'hard' : 'soft',
    attempt:
      state.kind === 'soft-problem' && problem === null ? softRecoveryAttempt(state.attempt, policy) : attemptOf(next),
    hard: hardChange,
    output: result.output,
    at: now,
  };
  return { state: next, events: [event] };
}

/** A host or service with its state, named as the monitoring log and Livestatus name it. */
export type ObjectState =
  | { readonly object: 'host'; readonly hostName: string; readonly state: HostState }
  | {
      readonly object: 'service';
      readonly hostName: string;
      readonly description: string;
      readonly state: ServiceState;
    };

/** A state change of a named host or service. */
export type ObjectStateChange =
  | { readonly object: 'host'; readonly hostName: string; readonly event: StateChangeEvent<HostProblem> }
  | {
      readonly object: 'service';
      readonly hostName: string;
      readonly description: string;
      readonly event: StateChangeEvent<ServiceProblem>;
    };

const HOST_STATUS = { up: ['UP', 0], down: ['DOWN', 1], unreachable: ['UNREACHABLE', 2] } as const;
const SERVICE_STATUS = {
  ok: ['OK', 0],
  warning: ['WARNING', 1],
  critical: ['CRITICAL', 2],
  unknown: ['UNKNOWN', 3],
} as const;

/** Nagios' name and number of a host status (`UP` 0, `DOWN` 1, `UNREACHABLE` 2); `null` is UP. */
export function hostStatus(problem: HostProblem | null): { readonly name: string; readonly id: number } {
  const [name, id] = HOST_STATUS[problem ?? 'up'];
  return { name, id };
}

/** Nagios' name and number of a service status (`OK` 0 ... `UNKNOWN` 3); `null` is OK. */
export function serviceStatus(problem: ServiceProblem | null): { readonly name: string; readonly id: number } {
  const [name, id] = SERVICE_STATUS[problem ?? 'ok'];
  return { name, id };
}
