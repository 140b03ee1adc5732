/**
 * `hostsbygroup`, `servicesbygroup` and `servicesbyhostgroup`: one row per object and group it
 * is in, with the group's columns as `hostgroup_<name>` or `servicegroup_<name>`. Groups by name,
 * members in natural order; `hostgroup_name = g` (or `servicegroup_name`) limits the groups read.
 */
import type { Host, HostGroup, Service, ServiceGroup } from '../../model/objects.js';
import { joinColumns } from '../column.js';
import type { RowContext } from '../row-context.js';
import { defineTable, type RowSelection } from '../table.js';
import { HOST_GROUP_COLUMNS, SERVICE_GROUP_COLUMNS, memberHosts, memberServices } from './group-tables.js';
import { HOST_COLUMNS } from './host-columns.js';
import { hostVisible } from './hosts-table.js';
import { SERVICE_COLUMNS } from './service-columns.js';
import { serviceVisible } from './services-table.js';

interface HostInGroup {
  readonly host: Host;
  readonly group: HostGroup;
}

interface ServiceInGroup {
  readonly service: Service;
  readonly group: ServiceGroup;
}

interface ServiceInHostGroup {
  readonly service: Service;
  readonly group: HostGroup;
}

function groupsOf<G extends { readonly name: string }>(
  groups: ReadonlyMap<string, G>,
  selection: RowSelection,
  column: string,
): G[] {
  const names = selection.valuesOf(column);
  const keys = names === null ? [...groups.keys()] : [...names].filter((n) => groups.has(n));
  return keys.sort().flatMap((k) => groups.get(k) ?? []);
}

function* hostsByGroup(ctx: RowContext, selection: RowSelection): Iterable<HostInGroup> {
  for (const group of groupsOf(ctx.configuration.hostGroups, selection, 'hostgroup_name'))
    for (const host of memberHosts(group, ctx)) yield { host, group };
}

function* servicesByGroup(ctx: RowContext, selection: RowSelection): Iterable<ServiceInGroup> {
  for (const group of groupsOf(ctx.configuration.serviceGroups, selection, 'servicegroup_name'))
    for (const service of memberServices(group, ctx)) yield { service, group };
}

function* servicesByHostGroup(ctx: RowContext, selection: RowSelection): Iterable<ServiceInHostGroup> {
  for (const group of groupsOf(ctx.configuration.hostGroups, selection, 'hostgroup_name'))
    for (const host of memberHosts(group, ctx))
      for (const service of ctx.index.servicesOf(host.name)) yield { service, group };
}

/** `hostsbygroup`: every host column plus `hostgroup_<name>`, one row per host and host group. */
export const HOSTSBYGROUP_TABLE = defineTable<HostInGroup>({
  name: 'hostsbygroup',
  prefix: 'host_',
  columns: [
    ...joinColumns<HostInGroup, Host>(HOST_COLUMNS, '', (r) => r.host),
    ...joinColumns<HostInGroup, HostGroup>(HOST_GROUP_COLUMNS, 'hostgroup_', (r) => r.group),
  ],
  rows: hostsByGroup,
  visible: (row, contact, ctx) => hostVisible(row.host, contact, ctx),
});

/** `servicesbygroup`: every service column plus `servicegroup_<name>`, one row per service and service group. */
export const SERVICESBYGROUP_TABLE = defineTable<ServiceInGroup>({
  name: 'servicesbygroup',
  prefix: 'service_',
  columns: [
    ...joinColumns<ServiceInGroup, Service>(SERVICE_COLUMNS, '', (r) => r.service),
    ...joinColumns<ServiceInGroup, ServiceGroup>(SERVICE_GROUP_COLUMNS, 'servicegroup_', (r) => r.group),
  ],
  rows: servicesByGroup,
  visible: (row, contact, ctx) => serviceVisible(row.service, contact, ctx),
});

/** `servicesbyhostgroup`: every service column plus `hostgroup_<name>`, one row per service and host group of its host. */
export const SERVICESBYHOSTGROUP_TABLE = defineTable<ServiceInHostGroup>({
  name: 'servicesbyhostgroup',
  prefix: 'service_',
  columns: [
    ...joinColumns<ServiceInHostGroup, Service>(SERVICE_COLUMNS, '', (r) => r.service),
    ...joinColumns<ServiceInHostGroup, HostGroup>(HOST_GROUP_COLUMNS, 'hostgroup_', (r) => r.group),
  ],
  rows: servicesByHostGroup,
  visible: (row, contact, ctx) => serviceVisible(row.service, contact, ctx),
});
