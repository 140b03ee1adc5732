/**
 * The group tables: `hostgroups`, `servicegroups` and `contactgroups`, one row per group by
 * name. With `AuthUser` a host or service group is visible when one of its members is
 * (Checkmk's default "loose" group authorization).
 */
import { type ContactGroup, type Host, type HostGroup, type Service, type ServiceGroup } from '../../model/objects.js';
import { col, hostServiceItemKey, type Column } from '../column.js';
import type { RowContext } from '../row-context.js';
import { defineTable, type RowSelection } from '../table.js';
import { hostVisible, hostsNamed } from './hosts-table.js';
import { serviceVisible } from './services-table.js';
import { serviceSummary, serviceSummaryColumns } from './service-summary.js';
import { hasBeenChecked, hostStateId, serviceStateId, worseHost } from './state-values.js';
import { lookupService } from '../../model/service-index.js';

const byName = <G extends { readonly name: string }>(groups: ReadonlyMap<string, G>, selection: RowSelection): G[] => {
  const names = selection.valuesOf('name');
  const all = names === null ? [...groups.values()] : [...names].flatMap((n) => groups.get(n) ?? []);
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
};

const hostMemo = new WeakMap<RowContext, WeakMap<HostGroup, readonly Host[]>>();

/** The member hosts of a host group that this site monitors, by name (cached per request). */
export function memberHosts(group: HostGroup, ctx: RowContext): readonly Host[] {
  let cache = hostMemo.get(ctx);
  if (cache === undefined) hostMemo.set(ctx, (cache = new WeakMap()));
  let hosts = cache.get(group);
  if (hosts === undefined) cache.set(group, (hosts = hostsNamed(new Set(group.members), ctx)));
  return hosts;
}

const serviceMemo = new WeakMap<RowContext, WeakMap<ServiceGroup, readonly Service[]>>();

/** The member services of a service group that this site monitors, in natural order (cached per request). */
export function memberServices(group: ServiceGroup, ctx: RowContext): readonly Service[] {
  let cache = serviceMemo.get(ctx);
  if (cache === undefined) serviceMemo.set(ctx, (cache = new WeakMap()));
  let services = cache.get(group);
  if (services === undefined) {
    const found: Service[] = [];
    for (const member of group.members) {
      const service = lookupService(ctx.configuration.services, member.hostName, member.description);
      if (service !== undefined && ctx.index.hasHost(service.hostName)) found.push(service);
    }
    found.sort((a, b) =>
      a.hostName < b.hostName
        ? -1
        : a.hostName > b.hostName
          ? 1
          : a.description < b.description
            ? -1
            : a.description > b.description
              ? 1
              : 0,
    );
    cache.set(group, (services = found));
  }
  return services;
}

function hostCounts(
  group: HostGroup,
  ctx: RowContext,
): { up: number; down: number; unreach: number; pending: number; worst: number } {
  const counts = { up: 0, down: 0, unreach: 0, pending: 0, worst: 0 };
  for (const host of memberHosts(group, ctx)) {
    const state = ctx.hostState(host.name);
    const id = hostStateId(state);
    if (worseHost(id, counts.worst)) counts.worst = id;
    if (state.kind === 'pending') counts.pending++;
    else if (id === 0) counts.up++;
    else if (id === 1) counts.down++;
    else counts.unreach++;
  }
  return counts;
}

/** The columns of a host group row, also offered as `hostgroup_<name>` by the by-group tables. */
export const HOST_GROUP_COLUMNS: readonly Column<HostGroup>[] = [
  col.string('action_url', 'An optional URL to custom actions or information', () => ''),
  col.string('alias', 'Alias of the host group', (g) => g.alias),
  col.list('members', 'Names of the member hosts', (g, c) => memberHosts(g, c).map((h) => h.name)),
  col.list('members_with_state', 'Member hosts: name, state, has been checked', (g, c) =>
    memberHosts(g, c).map((h) => {
      const state = c.hostState(h.name);
      return [h.name, hostStateId(state), hasBeenChecked(state) ? 1 : 0];
    }),
  ),
  col.string('name', 'Name of the host group', (g) => g.name),
  col.string('notes', 'Notes', (g) => g.notes),
  col.string('notes_url', 'URL with further notes', () => ''),
  col.int('num_hosts', 'Number of member hosts', (g, c) => memberHosts(g, c).length),
  col.int('num_hosts_down', 'Number of member hosts that are DOWN', (g, c) => hostCounts(g, c).down),
  col.int('num_hosts_pending', 'Number of member hosts not checked yet', (g, c) => hostCounts(g, c).pending),
  col.int('num_hosts_unreach', 'Number of member hosts that are UNREACHABLE', (g, c) => hostCounts(g, c).unreach),
  col.int('num_hosts_up', 'Number of member hosts that are UP', (g, c) => hostCounts(g, c).up),
  col.int(
    'worst_host_state',
    'Worst state of the member hosts (UP < UNREACHABLE < DOWN)',
    (g, c) => hostCounts(g, c).worst,
  ),
  ...serviceSummaryColumns<HostGroup>(
    (g, c) =>
      serviceSummary(
        g,
        memberHosts(g, c).flatMap((h) => c.index.servicesOf(h.name)),
        c,
      ),
    'hosts of the group',
  ),
];

/** `hostgroups`: one row per host group, by name, with counts of its hosts and their services. */
export const HOSTGROUPS_TABLE = defineTable<HostGroup>({
  name: 'hostgroups',
  prefix: 'hostgroup_',
  columns: HOST_GROUP_COLUMNS,
  rows: (ctx, selection) => byName(ctx.configuration.hostGroups, selection),
  visible: (group, contact, ctx) => memberHosts(group, ctx).some((h) => hostVisible(h, contact, ctx)),
  find: (key, ctx) => ctx.configuration.hostGroups.get(key),
});

/** The columns of a service group row, also offered as `servicegroup_<name>` by `servicesbygroup`. */
export const SERVICE_GROUP_COLUMNS: readonly Column<ServiceGroup>[] = [
  col.string('action_url', 'An optional URL to custom actions or information', () => ''),
  col.string('alias', 'Alias of the service group', (g) => g.alias),
  col.list(
    'members',
    'Member services: host name, description',
    (g, c) => memberServices(g, c).map((s) => [s.hostName, s.description]),
    hostServiceItemKey,
  ),
  col.list(
    'members_with_state',
    'Member services: host name, description, state, has been checked',
    (g, c) =>
      memberServices(g, c).map((s) => {
        const state = c.serviceState(s);
        return [s.hostName, s.description, serviceStateId(state), hasBeenChecked(state) ? 1 : 0];
      }),
    hostServiceItemKey,
  ),
  col.string('name', 'Name of the service group', (g) => g.name),
  col.string('notes', 'Notes', (g) => g.notes),
  col.string('notes_url', 'URL with further notes', () => ''),
  ...serviceSummaryColumns<ServiceGroup>((g, c) => serviceSummary(g, memberServices(g, c), c), 'group'),
];

/** `servicegroups`: one row per service group, by name, with counts of its services. */
export const SERVICEGROUPS_TABLE = defineTable<ServiceGroup>({
  name: 'servicegroups',
  prefix: 'servicegroup_',
  columns: SERVICE_GROUP_COLUMNS,
  rows: (ctx, selection) => byName(ctx.configuration.serviceGroups, selection),
  visible: (group, contact, ctx) => memberServices(group, ctx).some((s) => serviceVisible(s, contact, ctx)),
  find: (key, ctx) => ctx.configuration.serviceGroups.get(key),
});

/** `contactgroups`: one row per contact group, by name. */
export const CONTACTGROUPS_TABLE = defineTable<ContactGroup>({
  name: 'contactgroups',
  prefix: 'contactgroup_',
  columns: [
    col.string('alias', 'Alias of the contact group', (g) => g.alias),
    col.list('members', 'Names of the member contacts', (g) => g.members),
    col.string('name', 'Name of the contact group', (g) => g.name),
  ],
  rows: (ctx, selection) => byName(ctx.configuration.contactGroups, selection),
  find: (key, ctx) => ctx.configuration.contactGroups.get(key),
});
