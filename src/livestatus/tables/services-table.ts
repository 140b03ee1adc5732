/**
 * The `services` table: one row per service, by host name and description, with every host
 * column as `host_<name>`. `Filter: host_name = x` (and `description = y`) looks services up
 * instead of scanning, as do `groups >= g` and `host_groups >= g`.
 */
import { serviceKey, type Service } from '../../model/objects.js';
import type { RowContext } from '../row-context.js';
import { defineTable, type RowSelection } from '../table.js';
import { hostVisible, selectHosts } from './hosts-table.js';
import { SERVICE_COLUMNS, hostOf } from './service-columns.js';
import { lookupService } from '../../model/service-index.js';

/** The services of the service groups in `groups`, in natural order, without duplicates. */
function servicesInGroups(groups: ReadonlySet<string>, ctx: RowContext): Service[] {
  const keys = new Set<string>();
  for (const group of groups) {
    for (const member of ctx.configuration.serviceGroups.get(group)?.members ?? [])
      keys.add(serviceKey(member.hostName, member.description));
  }
  return ctx.index.services.filter((s) => keys.has(serviceKey(s.hostName, s.description)));
}

/** The services a selection allows, as few as it says. */
export function selectServices(ctx: RowContext, selection: RowSelection): readonly Service[] {
  const hostNames = selection.valuesOf('host_name');
  const hostGroups = selection.valuesOf('host_groups');
  if (hostNames !== null || hostGroups !== null) {
    const descriptions = selection.valuesOf('description');
    const services: Service[] = [];
    for (const host of selectHosts(ctx, selection, 'host_name', 'host_groups')) {
      if (descriptions === null) {
        services.push(...ctx.index.servicesOf(host.name));
        continue;
      }
      for (const description of [...descriptions].sort()) {
        const service = lookupService(ctx.configuration.services, host.name, description);
        if (service !== undefined) services.push(service);
      }
    }
    return services;
  }
  const groups = selection.valuesOf('groups');
  if (groups !== null) return servicesInGroups(groups, ctx);
  return ctx.index.services;
}

/**
 * Whether a contact may see a service: a contact of the service or of its host (Checkmk's
 * default "loose" service authorization).
 */
export function serviceVisible(service: Service, contact: string, ctx: RowContext): boolean {
  return ctx.index.contactsOf(service).includes(contact) || hostVisible(hostOf(service, ctx), contact, ctx);
}

/** The service a WaitObject names: `host;service` or `host service`. */
export function findService(key: string, ctx: RowContext): Service | undefined {
  const semicolon = key.indexOf(';');
  const split = semicolon >= 0 ? semicolon : key.indexOf(' ');
  if (split < 0) return undefined;
  const host = key.slice(0, split);
  if (!ctx.index.hasHost(host)) return undefined;
  return lookupService(ctx.configuration.services, host, key.slice(split + 1));
}

/** `services`: one row per service of this site's hosts. */
export const SERVICES_TABLE = defineTable<Service>({
  name: 'services',
  prefix: 'service_',
  columns: SERVICE_COLUMNS,
  rows: selectServices,
  visible: serviceVisible,
  find: findService,
  rowCache: { version: (service, ctx, id) => ctx.serviceStatusVersion?.(service, id) ?? NaN },
  rowIds: (rows, ctx) => (rows === ctx.index.services ? ctx.index.serviceIds : null),
});
