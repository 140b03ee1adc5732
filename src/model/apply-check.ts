/**
 * One result applied to a host or service with everything Nagios Core does around the state
 * machine (checks.c): a service whose host has a problem goes HARD at once and is not retried;
 * its attempts start over when the host is back; the last OK time; acknowledgements ended by the
 * change; the flap history and flapping start/stop. Pure: the caller supplies time and context.
 *
 * Notifications and downtimes are not decided here: they need the whole site (see the engine).
 */
import { acknowledgedChange, acknowledgementEnds, type Acknowledgement } from './acknowledgement.js';
import type { CheckResult } from './check-result.js';
import {
  applyResult,
  hostPolicy,
  hostStatus,
  problemOf,
  servicePolicy,
  serviceStatus,
  type CheckPolicy,
  type CheckState,
  type HostProblem,
  type ObjectStateChange,
  type ServiceProblem,
  type ServiceState,
  type StateChangeEvent,
} from './check-state.js';
import type { MonitoringEvent } from './events.js';
import { recordFlapState, type FlapState, type FlapThresholds } from './flapping.js';
import { refOf } from './object-ref.js';
import type { ObjectStatus, StatusFields } from './object-status.js';

/** What applying a result needs to know besides the result. */
export interface ResultContext {
  readonly now: number;
  readonly maxCheckAttempts: number;
  /** A passive result: a host reads 0 UP, 1 DOWN, 2 UNREACHABLE and is HARD at once. */
  readonly passive: boolean;
  /** Services: the problem of the host, SOFT or HARD, `null` when it is UP or pending. */
  readonly hostProblem: HostProblem | null;
  /** Hosts: it has parents and all of them have a problem (a failure is then UNREACHABLE). */
  readonly allParentsDown: boolean;
  /** Flap detection in force (globally and for the object) and the object's thresholds. */
  readonly flapDetection: { readonly enabled: boolean; readonly thresholds: FlapThresholds };
}

/** The status after a result, the events on the way, and what kind of change it was. */
export interface CheckApplied {
  readonly status: ObjectStatus;
  /** `state-change`, `acknowledgement-remove`, `flapping-start`, `flapping-stop`, in that order. */
  readonly events: readonly MonitoringEvent[];
  /** The problem differs from the one of the previous check (SOFT or HARD). */
  readonly stateChange: boolean;
  /** A HARD state change: a problem became HARD, changed while HARD, or recovered from HARD. */
  readonly hardChange: boolean;
}

/**
 * How a passive host result reads: 0 UP, 1 DOWN, 2 UNREACHABLE (PROCESS_HOST_CHECK_RESULT);
 * HARD at once, as with Nagios' default `passive_host_checks_are_soft=0`.
 */
export const PASSIVE_HOST_POLICY: CheckPolicy<HostProblem> = {
  maxCheckAttempts: 1,
  problems: [null, 'down', 'unreachable', 'down'],
};

/**
 * The attempts a service may use while its host has a problem: none beyond the current one, so
 * that a failing service is HARD at once with the attempt number it has reached (Nagios: "put
 * service into a hard state without attempting check retries").
 */
function attemptsUnderHostProblem(state: ServiceState, max: number): number {
  if (state.kind === 'soft-problem') return Math.min(max, state.attempt + 1);
  if (state.kind === 'hard-problem') return state.attempt;
  return 1;
}

function serviceStep(
  status: Extract<ObjectStatus, { object: 'service' }>,
  result: CheckResult,
  ctx: ResultContext,
): { state: ServiceState; events: readonly StateChangeEvent<ServiceProblem>[] } {
  const hostDown = ctx.hostProblem !== null;
  const problem = servicePolicy(1).problems[result.status];
  let from: ServiceState = status.state;
  // The host is back: a service still SOFT gets its full attempts again (Nagios resets to attempt 1).
  if (!hostDown && problem !== null && status.hostProblemAtLastCheck && from.kind === 'soft-problem') {
    from = { ...from, attempt: 0 };
  }
  const max = hostDown ? attemptsUnderHostProblem(from, ctx.maxCheckAttempts) : ctx.maxCheckAttempts;
  return applyResult(from, result, servicePolicy(max), ctx.now);
}

function hostStep(
  status: Extract<ObjectStatus, { object: 'host' }>,
  result: CheckResult,
  ctx: ResultContext,
): { state: CheckState<HostProblem>; events: readonly StateChangeEvent<HostProblem>[] } {
  const policy = ctx.passive ? PASSIVE_HOST_POLICY : hostPolicy(ctx.maxCheckAttempts, ctx.allParentsDown);
  return applyResult(status.state, result, policy, ctx.now);
}

/** The problem of an object, `null` for OK/UP and pending. */
function problemName(status: ObjectStatus): string | null {
  return status.object === 'host' ? problemOf(status.state) : problemOf(status.state);
}

/** Nagios' number of an object's state: 0 OK/UP, 1 WARNING/DOWN, 2 CRITICAL/UNREACHABLE, 3 UNKNOWN. */
function stateNumber(status: ObjectStatus): number {
  return status.object === 'host' ? hostStatus(problemOf(status.state)).id : serviceStatus(problemOf(status.state)).id;
}

/** The acknowledgement after a change from problem `previous` to `current`; an ending one is reported in `events`. */
function acknowledgementAfter(
  status: ObjectStatus,
  change: { previous: string | null; current: string | null; now: number; events: MonitoringEvent[] },
): Acknowledgement | null {
  const ack = status.acknowledgement;
  if (ack === null || !acknowledgementEnds(ack, acknowledgedChange(change.previous, change.current))) return ack;
  const reason = change.current === null ? 'recovery' : 'state-change';
  change.events.push({
    kind: 'acknowledgement-remove',
    at: change.now,
    target: refOf(status),
    acknowledgement: ack,
    reason,
  });
  return null;
}

/** The flap state after a result; a start or stop is reported in `events`. */
function flapAfter(status: ObjectStatus, next: ObjectStatus, ctx: ResultContext, events: MonitoringEvent[]): FlapState {
  // Nagios records HARD states and SOFT recoveries of services, and every result of a host.
  if (status.object === 'service' && next.state.kind === 'soft-problem') return status.flap;
  const current = problemName(next);
  const update = recordFlapState(status.flap, stateNumber(next), {
    enabled: ctx.flapDetection.enabled,
    thresholds: ctx.flapDetection.thresholds,
    notifiedProblem: current !== null && status.notification.number > 0,
  });
  if (update.change !== null) {
    const { low, high } = ctx.flapDetection.thresholds;
    events.push({
      kind: update.change === 'start' ? 'flapping-start' : 'flapping-stop',
      at: ctx.now,
      target: refOf(status),
      percent: update.flap.percent,
      threshold: update.change === 'start' ? high : low,
    });
  }
  return update.flap;
}

/** Applies one result to an object's status. */
export function applyCheckResult(status: ObjectStatus, result: CheckResult, ctx: ResultContext): CheckApplied {
  const { now } = ctx;
  const previous = problemName(status);
  let next: ObjectStatus;
  const changes: ObjectStateChange[] = [];
  if (status.object === 'host') {
    const step = hostStep(status, result, ctx);
    next = { ...status, state: step.state };
    for (const event of step.events) changes.push({ object: 'host', hostName: status.hostName, event });
  } else {
    const step = serviceStep(status, result, ctx);
    next = { ...status, state: step.state };
    for (const event of step.events) {
      changes.push({ object: 'service', hostName: status.hostName, description: status.description, event });
    }
  }
  const current = problemName(next);
  const stateChange = previous !== current;
  const hardChange = changes.some((c) => c.event.hard);
  const events: MonitoringEvent[] = changes.map((change) => ({ kind: 'state-change', at: now, change }));

  const acknowledgement = acknowledgementAfter(status, { previous, current, now, events });
  const flap = flapAfter(status, next, ctx, events);
  const fields: StatusFields = {
    lastTimeOk: current === null ? now : status.lastTimeOk,
    flap,
    acknowledgement,
    // Every state change restarts the re-notification interval (Nagios resets last_notification).
    notification: stateChange ? { ...status.notification, lastAt: null } : status.notification,
    overrides: status.overrides,
    hostProblemAtLastCheck: status.object === 'service' && current !== null && ctx.hostProblem !== null,
  };
  return { status: { ...next, ...fields }, events, stateChange, hardChange };
}
