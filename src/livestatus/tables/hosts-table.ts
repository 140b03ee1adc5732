/**
 * The `hosts` table: one row per host this site monitors, by name. `Filter: name = x` (or an
 * `Or:` of such, or `groups >= g`) looks hosts up instead of scanning.
 */
import type { Host } from '../../model/objects.js';
import type { RowContext } from '../row-context.js';
import { defineTable, type RowSelection } from '../table.js';
import { HOST_COLUMNS } from './host-columns.js';

/** The hosts named in `names`, by name, that this site monitors. */
export function hostsNamed(names: ReadonlySet<string>, ctx: RowContext): Host[] {
  const hosts: Host[] = [];
  for (const name of [...names].sort()) {
    const host = ctx.configuration.hosts.get(name);
    if (host !== undefined && ctx.index.hasHost(name)) hosts.push(host);
  }
  return hosts;
}

/** The hosts of the host groups in `groups`, by name, without duplicates. */
export function hostsInGroups(groups: ReadonlySet<string>, ctx: RowContext): Host[] {
  const names = new Set<string>();
  for (const group of groups)
    for (const member of ctx.configuration.hostGroups.get(group)?.members ?? []) names.add(member);
  return hostsNamed(names, ctx);
}

/** The hosts a selection allows, as few as it says. */
export function selectHosts(
  ctx: RowContext,
  selection: RowSelection,
  nameColumn: string,
  groupsColumn: string,
): readonly Host[] {
  const names = selection.valuesOf(nameColumn);
  if (names !== null) return hostsNamed(names, ctx);
  const groups = selection.valuesOf(groupsColumn);
  if (groups !== null) return hostsInGroups(groups, ctx);
  return ctx.index.hosts;
}

/** Whether a contact may see a host: it is one of its contacts, directly or through a group. */
export function hostVisible(host: Host, contact: string, ctx: RowContext): boolean {
  return ctx.index.contactsOf(host).includes(contact);
}

/** `hosts`: one row per host of this site. */
export const HOSTS_TABLE = defineTable<Host>({
  name: 'hosts',
  prefix: 'host_',
  columns: HOST_COLUMNS,
  rows: (ctx, selection) => selectHosts(ctx, selection, 'name', 'groups'),
  visible: hostVisible,
  find: (key, ctx) => (ctx.index.hasHost(key) ? ctx.configuration.hosts.get(key) : undefined),
});
