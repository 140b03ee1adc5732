/**
 * Whether a problem is handled: a problem is unhandled until someone acknowledges it, unless it
 * lies in a downtime or, for a service, its host is DOWN or UNREACHABLE (seed 002 §6.1: service
 * problems of hosts that are not UP are not shown as problems). Pure.
 */

/** How a problem stands, or `no-problem` for OK/UP and pending objects. */
export type ProblemHandling = 'no-problem' | 'in-downtime' | 'acknowledged' | 'host-problem' | 'unhandled';

/** What handling is derived from. */
export interface ProblemFacts {
  readonly problem: boolean;
  /** A downtime of the object, or of a service's host, is in effect. */
  readonly inDowntime: boolean;
  readonly acknowledged: boolean;
  /** A service whose host has a problem (SOFT or HARD); `false` for hosts. */
  readonly hostProblem: boolean;
}

/** How a problem stands; the first that applies of downtime, acknowledgement, host problem. */
export function problemHandling(facts: ProblemFacts): ProblemHandling {
  if (!facts.problem) return 'no-problem';
  if (facts.inDowntime) return 'in-downtime';
  if (facts.acknowledged) return 'acknowledged';
  if (facts.hostProblem) return 'host-problem';
  return 'unhandled';
}
