/**
 * The columns of the `services` table: the service's own, and every host column as `host_<name>`.
 */
import { PENDING, type ServiceState } from '../../model/check-state.js';
import type { ServiceStatus } from '../../model/object-status.js';
import type { Host, Service } from '../../model/objects.js';
import { col, joinColumns, ownRow, type Column } from '../column.js';
import type { RowContext } from '../row-context.js';
import { checkableColumns } from './checkable-columns.js';
import { HOST_COLUMNS } from './host-columns.js';
import { observed, previousServiceStateId, seconds, serviceStateId } from './state-values.js';

/**
 * The status read last: the service and the request it was read for. One row asks for its status
 * several times (a filter on `state`, then the `state` column; four `Stats: state = n`), and each
 * read is a lookup in the site's map of every object, which is what a 100,000-row scan spends
 * its time on. A request is answered within one turn of the event loop, during which statuses do
 * not change (the StatusSource contract), so the same service in the same request has the same status.
 */
const lastRead: { service: Service | null; ctx: RowContext | null; status: ServiceStatus | undefined } = {
  service: null,
  ctx: null,
  status: undefined,
};

/** The status of `service`; `id` is its id when the caller has it without reading the service (else -1). */
export function serviceStatusOf(service: Service, ctx: RowContext, id = -1): ServiceStatus | undefined {
  if (lastRead.service !== service || lastRead.ctx !== ctx) {
    lastRead.status = ctx.serviceStatus(service, id);
    lastRead.service = service;
    lastRead.ctx = ctx;
  }
  return lastRead.status;
}

function serviceState(service: Service, ctx: RowContext): ServiceState {
  return serviceStatusOf(service, ctx)?.state ?? PENDING;
}

/**
 * `last_time_warning` and friends: the last check while the service is in that state; older
 * times are not kept, except the last time OK, which the engine keeps.
 */
function lastTimeIn(id: number) {
  return (service: Service, ctx: RowContext): number => {
    const state = serviceState(service, ctx);
    if (state.kind !== 'pending' && serviceStateId(state) === id) return observed(state, 'lastCheck');
    if (id !== 0) return 0;
    const lastOk = serviceStatusOf(service, ctx)?.lastTimeOk ?? null;
    return lastOk === null ? 0 : seconds(lastOk);
  };
}

/** Whether the host of a service has a problem now, soft or hard. */
function hostHasProblem(service: Service, ctx: RowContext): boolean {
  const kind = ctx.hostState(service.hostName).kind;
  return kind === 'soft-problem' || kind === 'hard-problem';
}

/**
 * The host of a service. A service is only listed when its host is (the index guarantees it),
 * so the fallback is never reached in practice; it keeps getters total.
 */
export function hostOf(service: Service, ctx: RowContext): Host {
  const host = ctx.configuration.hosts.get(service.hostName);
  if (host === undefined) throw new Error(`livestatus: service ${service.hostName};${service.description} has no host`);
  return host;
}

/** The service's own columns, without the joined host columns. */
export const OWN_SERVICE_COLUMNS: readonly Column<Service>[] = [
  ...checkableColumns<Service, ServiceState>({
    noun: 'service',
    object: (service) => service,
    state: serviceState,
    status: serviceStatusOf,
    hostName: (service) => service.hostName,
    description: (service) => service.description,
    service: (service) => service,
    hostProblem: hostHasProblem,
    stateId: serviceStateId,
    previousStateId: previousServiceStateId,
  }),
  ...[
    col.string<Service>('description', 'Service description', (s) => s.description),
    col.list<Service>('groups', 'Service groups the service is a member of', (s) => s.serviceGroups),
    col.bool<Service>('is_volatile', 'Whether the service is volatile', (s) => s.isVolatile),
    col.time('last_time_critical', 'Last time the service was CRITICAL (only while it is)', lastTimeIn(2)),
    col.time('last_time_ok', 'Last check that found the service OK', lastTimeIn(0)),
    col.time('last_time_unknown', 'Last time the service was UNKNOWN (only while it is)', lastTimeIn(3)),
    col.time('last_time_warning', 'Last time the service was WARNING (only while it is)', lastTimeIn(1)),
    col.bool<Service>('obsess_over_service', 'Whether obsessing is enabled (never)', () => false),
  ].map(ownRow),
];

/** `host_name` read from the service itself: every GUI asks for it, and the join would look the host up. */
const HOST_NAME = ownRow(col.string<Service>('host_name', 'Host name', (s) => s.hostName));

/**
 * `state` read as an id straight from the source (see StatusSource.serviceStateIds): scans,
 * `Filter: state` and `Stats: state` read it for every row, by id where the scan knows it
 * (Column.getAt). The same values as the checkable column.
 */
const STATE: Column<Service> = {
  name: 'state',
  description: 'The current state of the service',
  type: 'int',
  ownRow: true,
  get: (service, ctx) => stateIdOf(service, -1, ctx),
  getAt: stateIdOf,
};

/** The state id of a service; `id` as for {@link serviceStatusOf}. */
function stateIdOf(service: Service, id: number, ctx: RowContext): number {
  return ctx.serviceStateId === undefined
    ? serviceStateId(serviceStatusOf(service, ctx, id)?.state ?? PENDING)
    : ctx.serviceStateId(service, id);
}

/** Every column of a service row: its own and its host's as `host_<name>`. */
export const SERVICE_COLUMNS: readonly Column<Service>[] = [
  ...OWN_SERVICE_COLUMNS.map((c) => (c.name === STATE.name ? STATE : c)),
  ...joinColumns<Service, Host>(HOST_COLUMNS, 'host_', hostOf).map((c) => (c.name === HOST_NAME.name ? HOST_NAME : c)),
];
