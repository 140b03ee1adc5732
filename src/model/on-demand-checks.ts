/**
 * On-demand host checks: which hosts Nagios 4 checks at once, outside their schedule, after a
 * result, so that the route to a failing host is known before anyone is told (checks.c of Nagios
 * Core 4.4: `handle_async_host_check_result`, `handle_async_service_check_result`,
 * `host_propagate_checks_to_immediate_parents/children`, `schedule_host_check`). Pure.
 *
 * What is implemented, in Nagios' terms:
 * - A host that was UP (or not yet checked, which Nagios counts as UP) and now has a problem, SOFT
 *   or HARD: its parents that are UP are checked (one of them may have failed and blocked the
 *   route), and its children that are not UNREACHABLE (the route to them may now be blocked).
 * - A host that had a problem and is UP again: its parents and its children that are not UP.
 * - A service whose problem changed (OK → CRITICAL, WARNING → CRITICAL) while its host is UP: the
 *   host is checked unless its last check is within the cache horizon.
 * - A service that is OK while its host has a problem or was never checked: the host is checked.
 * - Every on-demand check is skipped when the host's last result is recent enough
 *   (`cached_host_check_horizon`, 15 s in Nagios) or its active checks are off.
 *
 * A host's problem is decided against its parents' states when its own result comes (Nagios
 * `determine_host_reachability`): so a host becomes UNREACHABLE with its first result after the
 * parents' checks have found them DOWN. Nagios' predictive dependency checks (host and service
 * dependencies) are not modelled here.
 */
import { problemOf, type HostProblem, type HostState, type ServiceState } from './check-state.js';

/** A related host as the rules see it. */
export interface RelatedHost {
  readonly name: string;
  /** Its state; pending counts as UP, as Nagios' initial state does. */
  readonly state: HostState;
}

/** How a host's result changed it, as far as on-demand checks care. */
export type HostChange = 'failed' | 'recovered';

/** Which related hosts a rule checks: those UP, those with a problem, those not UNREACHABLE. */
export type RelatedSelection = 'up' | 'not-up' | 'not-unreachable';

/** One rule: after a host `change`, its `relation`s that `select` picks are checked. */
export interface PropagationRule {
  readonly change: HostChange;
  readonly relation: 'parent' | 'child';
  readonly select: RelatedSelection;
}

/** Nagios 4's propagation of host checks to parents and children. */
export const HOST_CHECK_PROPAGATION: readonly PropagationRule[] = [
  { change: 'failed', relation: 'parent', select: 'up' },
  { change: 'failed', relation: 'child', select: 'not-unreachable' },
  { change: 'recovered', relation: 'parent', select: 'not-up' },
  { change: 'recovered', relation: 'child', select: 'not-up' },
];

/** Nagios' default `cached_host_check_horizon`, in seconds. */
export const DEFAULT_CACHED_HOST_CHECK_HORIZON = 15;

function selected(state: HostState, select: RelatedSelection): boolean {
  const problem: HostProblem | null = problemOf(state);
  switch (select) {
    case 'up':
      return problem === null;
    case 'not-up':
      return problem !== null;
    case 'not-unreachable':
      return problem !== 'unreachable';
  }
}

/** The change a host result made: `failed` (UP or pending → problem), `recovered` (problem → UP), or `null`. */
export function hostChange(before: HostState, after: HostState): HostChange | null {
  const was = problemOf(before);
  const is = problemOf(after);
  if (was === null && is !== null) return 'failed';
  if (was !== null && is === null && after.kind !== 'pending') return 'recovered';
  return null;
}

/** What a host result looks at: the host's state before and after, its parents and children. */
export interface HostResultFacts {
  readonly before: HostState;
  readonly after: HostState;
  readonly parents: readonly RelatedHost[];
  readonly children: readonly RelatedHost[];
}

/** The parents and children to check on demand after a host result, by name, parents first. */
export function hostsToCheckAfterHostResult(facts: HostResultFacts): string[] {
  const change = hostChange(facts.before, facts.after);
  if (change === null) return [];
  const names: string[] = [];
  for (const rule of HOST_CHECK_PROPAGATION) {
    if (rule.change !== change) continue;
    const related = rule.relation === 'parent' ? facts.parents : facts.children;
    for (const host of related) if (selected(host.state, rule.select)) names.push(host.name);
  }
  return names;
}

/** What a service result looks at. Times in ms. */
export interface ServiceResultFacts {
  readonly before: ServiceState;
  readonly after: ServiceState;
  readonly hostState: HostState;
  /** Active host checks are on for the whole site (Nagios `execute_host_checks`). */
  readonly hostChecksEnabled: boolean;
  readonly now: number;
  readonly horizonMs: number;
}

/** Whether a service result calls for an on-demand check of its host. */
export function hostCheckAfterServiceResult(facts: ServiceResultFacts): boolean {
  const { after, hostState } = facts;
  if (after.kind === 'pending') return false;
  const hostProblem = problemOf(hostState);
  if (after.kind === 'ok') return hostState.kind === 'pending' || hostProblem !== null;
  // A problem: the host is checked when it is UP, the service's problem changed, and the host's
  // result is older than the horizon (Nagios: "host is up but cached data isn't valid").
  const changed = problemOf(facts.before) !== after.problem;
  const stale = hostState.kind === 'pending' || hostState.lastCheck + facts.horizonMs < facts.now;
  return hostProblem === null && facts.hostChecksEnabled && changed && stale;
}

/** Whether a host's last result is within the cache horizon, so an on-demand check uses it instead. */
export function resultRecent(state: HostState, at: { readonly now: number; readonly horizonMs: number }): boolean {
  return state.kind !== 'pending' && state.lastCheck + at.horizonMs > at.now;
}
