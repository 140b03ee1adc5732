/**
 * Counts of services by state over a set of services (a host's, a group's), computed once per
 * set and request however many `num_services_*` columns ask.
 */
import type { Service } from '../../model/objects.js';
import { col, type Column } from '../column.js';
import type { RowContext } from '../row-context.js';
import { hardStateId, serviceStateId, worseService } from './state-values.js';

/** Services by soft state (checked ones only), by hard state, and the worst states. */
export interface ServiceSummary {
  readonly total: number;
  readonly pending: number;
  /** Indexed by state id 0..3, checked services only. */
  readonly soft: readonly [number, number, number, number];
  readonly hard: readonly [number, number, number, number];
  readonly worst: number;
  readonly worstHard: number;
  /** Problems acknowledged or in downtime (the service's own, or its host's). */
  readonly handledProblems: number;
  readonly unhandledProblems: number;
}

const memo = new WeakMap<RowContext, WeakMap<object, ServiceSummary>>();

/** The summary of `services`, cached under `key` (a host or group object) for this request. */
export function serviceSummary(key: object, services: readonly Service[], ctx: RowContext): ServiceSummary {
  let cache = memo.get(ctx);
  if (cache === undefined) {
    cache = new WeakMap();
    memo.set(ctx, cache);
  }
  const known = cache.get(key);
  if (known !== undefined) return known;
  const soft: [number, number, number, number] = [0, 0, 0, 0];
  const hard: [number, number, number, number] = [0, 0, 0, 0];
  let pending = 0;
  let worst = 0;
  let worstHard = 0;
  let problems = 0;
  let handled = 0;
  for (const service of services) {
    const state = ctx.serviceState(service);
    const id = serviceStateId(state);
    const hardId = hardStateId(state, id);
    if (worseService(id, worst)) worst = id;
    if (worseService(hardId, worstHard)) worstHard = hardId;
    if (state.kind === 'pending') {
      pending++;
      continue;
    }
    soft[id] = (soft[id] ?? 0) + 1;
    hard[hardId] = (hard[hardId] ?? 0) + 1;
    if (id === 0) continue;
    problems++;
    const acknowledged = (ctx.serviceStatus(service)?.acknowledgement ?? null) !== null;
    if (
      acknowledged ||
      ctx.downtimeDepth(service.hostName, service.description) > 0 ||
      ctx.downtimeDepth(service.hostName, null) > 0
    )
      handled++;
  }
  const summary: ServiceSummary = {
    total: services.length,
    pending,
    soft,
    hard,
    worst,
    worstHard,
    handledProblems: handled,
    unhandledProblems: problems - handled,
  };
  cache.set(key, summary);
  return summary;
}

/** The `num_services*` and `worst_service*` columns over the summary `summaryOf` gives for a row. */
export function serviceSummaryColumns<R>(
  summaryOf: (row: R, ctx: RowContext) => ServiceSummary,
  owner: string,
): Column<R>[] {
  const soft = (id: number) => (r: R, c: RowContext) => summaryOf(r, c).soft[id] ?? 0;
  const hard = (id: number) => (r: R, c: RowContext) => summaryOf(r, c).hard[id] ?? 0;
  return [
    col.int('num_services', `Number of services of the ${owner}`, (r, c) => summaryOf(r, c).total),
    col.int('num_services_crit', 'Number of services in state CRITICAL', soft(2)),
    col.int(
      'num_services_handled_problems',
      'Number of service problems acknowledged or in downtime',
      (r, c) => summaryOf(r, c).handledProblems,
    ),
    col.int('num_services_hard_crit', 'Number of services in hard state CRITICAL', hard(2)),
    col.int('num_services_hard_ok', 'Number of services in hard state OK', hard(0)),
    col.int('num_services_hard_unknown', 'Number of services in hard state UNKNOWN', hard(3)),
    col.int('num_services_hard_warn', 'Number of services in hard state WARNING', hard(1)),
    col.int('num_services_ok', 'Number of services in state OK', soft(0)),
    col.int('num_services_pending', 'Number of services not checked yet', (r, c) => summaryOf(r, c).pending),
    col.int(
      'num_services_unhandled_problems',
      'Number of service problems neither acknowledged nor in downtime',
      (r, c) => summaryOf(r, c).unhandledProblems,
    ),
    col.int('num_services_unknown', 'Number of services in state UNKNOWN', soft(3)),
    col.int('num_services_warn', 'Number of services in state WARNING', soft(1)),
    col.int(
      'worst_service_hard_state',
      'Worst hard state of the services (OK < WARNING < UNKNOWN < CRITICAL)',
      (r, c) => summaryOf(r, c).worstHard,
    ),
    col.int(
      'worst_service_state',
      'Worst state of the services (OK < WARNING < UNKNOWN < CRITICAL)',
      (r, c) => summaryOf(r, c).worst,
    ),
  ];
}
