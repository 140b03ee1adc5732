/**
 * The columns of the `hosts` table, which the services, hostsbygroup, downtimes and comments
 * tables also offer as `host_<name>`.
 */
import type { HostState } from '../../model/check-state.js';
import type { Host } from '../../model/objects.js';
import { col, type Column, type ListItem } from '../column.js';
import type { RowContext } from '../row-context.js';
import { checkableColumns } from './checkable-columns.js';
import { serviceSummary, serviceSummaryColumns } from './service-summary.js';
import {
  attemptOf,
  hasBeenChecked,
  hardStateId,
  hostStateId,
  observed,
  previousHostStateId,
  seconds,
  serviceStateId,
} from './state-values.js';

const NONE: readonly never[] = Object.freeze([]);
const EMPTY_DICT: ReadonlyMap<string, string> = new Map();

function hostState(host: Host, ctx: RowContext): HostState {
  return ctx.hostState(host.name);
}

/**
 * `last_time_down` and friends: the last check when the host is in that state now; older times
 * are not kept, except the last time UP, which the engine keeps.
 */
function lastTimeIn(id: number) {
  return (host: Host, ctx: RowContext): number => {
    const state = hostState(host, ctx);
    if (state.kind !== 'pending' && hostStateId(state) === id) return observed(state, 'lastCheck');
    if (id !== 0) return 0;
    const lastUp = ctx.hostStatus(host.name)?.lastTimeOk ?? null;
    return lastUp === null ? 0 : seconds(lastUp);
  };
}

/** One tuple per service of the host, with the fields `fields` picks. */
function servicesWith(fields: 'state' | 'info' | 'fullstate') {
  return (host: Host, ctx: RowContext): readonly ListItem[] =>
    ctx.index.servicesOf(host.name).map((service) => {
      const state = ctx.serviceState(service);
      const id = serviceStateId(state);
      const checked = hasBeenChecked(state) ? 1 : 0;
      if (fields === 'state') return [service.description, id, checked];
      const output = state.kind === 'pending' ? '' : state.output;
      if (fields === 'info') return [service.description, id, checked, output];
      return [
        service.description,
        id,
        checked,
        output,
        hardStateId(state, id),
        attemptOf(state),
        service.maxCheckAttempts,
        ctx.downtimeDepth(service.hostName, service.description),
        (ctx.serviceStatus(service)?.acknowledgement ?? null) === null ? 0 : 1,
        1,
      ];
    });
}

/** Every column of a host row. */
export const HOST_COLUMNS: readonly Column<Host>[] = [
  ...checkableColumns<Host, HostState>({
    noun: 'host',
    object: (host) => host,
    state: hostState,
    status: (host, ctx) => ctx.hostStatus(host.name),
    hostName: (host) => host.name,
    description: () => null,
    service: () => null,
    hostProblem: () => false,
    stateId: hostStateId,
    previousStateId: previousHostStateId,
  }),
  ...serviceSummaryColumns<Host>((host, ctx) => serviceSummary(host, ctx.index.servicesOf(host.name), ctx), 'host'),
  col.string('address', 'IP address or DNS name', (h) => h.address),
  col.string('alias', 'Alias (long name)', (h) => h.alias),
  col.list('childs', 'Hosts that have this host as a parent', (h, c) => c.index.childsOf(h.name)),
  col.string('filename', 'The file the host is defined in', (h) => h.source.file),
  col.list('groups', 'Host groups the host is a member of', (h) => h.hostGroups),
  col.time('last_time_down', 'Last time the host was DOWN (only while it is)', lastTimeIn(1)),
  col.time('last_time_unreachable', 'Last time the host was UNREACHABLE (only while it is)', lastTimeIn(2)),
  col.time('last_time_up', 'Last check that found the host UP', lastTimeIn(0)),
  col.string('name', 'Host name', (h) => h.name),
  col.bool('obsess_over_host', 'Whether obsessing is enabled (never)', () => false),
  col.list('parents', 'Parent hosts', (h) => h.parents),
  col.list('services', 'Descriptions of the services of the host', (h, c) =>
    c.index.servicesOf(h.name).map((s) => s.description),
  ),
  col.list(
    'services_with_fullstate',
    'Services: description, state, checked, output, hard state, attempt, max attempts, downtime depth, acknowledged, in service period',
    servicesWith('fullstate'),
  ),
  col.list('services_with_info', 'Services: description, state, has been checked, output', servicesWith('info')),
  col.list('services_with_state', 'Services: description, state, has been checked', servicesWith('state')),
  col.string('statusmap_image', 'Image for the status map', () => ''),
  col.list('tag_names', 'Names of the host tags (none)', () => NONE),
  col.list('tag_values', 'Values of the host tags (none)', () => NONE),
  col.dict('tags', 'Host tags (none)', () => EMPTY_DICT),
  col.int('total_services', 'Number of services of the host', (h, c) => c.index.servicesOf(h.name).length),
];
