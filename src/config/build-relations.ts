/**
 * Dependencies and escalations, expanded from their host, host group, service and service group
 * lists into one record per object they concern, as Nagios expands them.
 */
import { didYouMean } from '../lib/did-you-mean.js';
import type {
  Escalation,
  HostDependency,
  HostGroup,
  Host,
  Service,
  ServiceDependency,
  ServiceGroup,
} from '../model/objects.js';
import { serviceKey } from '../model/objects.js';
import { lookupService } from '../model/service-index.js';
import type { Diagnostics } from './diagnostic.js';
import { attributeSource, type Definition } from './definition.js';
import { boolOf, listOf, numberOf, textOf } from './definition-values.js';
import { DEFAULTS } from './defaults.js';
import { expandNames } from './expand-names.js';

/** The objects relations point at. */
export interface RelationLookup {
  readonly hosts: ReadonlyMap<string, Host>;
  readonly services: ReadonlyMap<string, Service>;
  readonly hostGroups: ReadonlyMap<string, HostGroup>;
  readonly serviceGroups: ReadonlyMap<string, ServiceGroup>;
  /** Descriptions of each host's services. */
  readonly servicesByHost: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Indexes services by host, for relations that name services per host. */
export function servicesByHost(services: ReadonlyMap<string, Service>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const service of services.values()) {
    const set = out.get(service.hostName);
    if (set === undefined) out.set(service.hostName, new Set([service.description]));
    else set.add(service.description);
  }
  return out;
}

/** Hosts named by `hostAttr` and `groupAttr` of `def`; unknown names are errors. */
function hostsOf(
  def: Definition,
  hostAttr: string,
  groupAttr: string,
  lookup: RelationLookup,
  diags: Diagnostics,
  what: string,
): string[] {
  const hostNames = new Set(lookup.hosts.keys());
  const byHost = expandNames(listOf(def, hostAttr) ?? [], hostNames);
  for (const unknown of byHost.unknown) {
    diags.error(attributeSource(def, hostAttr), `${what}: unknown host '${unknown}'${didYouMean(unknown, hostNames)}`);
  }
  const out = new Set(byHost.names);
  const groupNames = new Set(lookup.hostGroups.keys());
  const byGroup = expandNames(listOf(def, groupAttr) ?? [], groupNames);
  for (const unknown of byGroup.unknown) {
    diags.error(
      attributeSource(def, groupAttr),
      `${what}: unknown host group '${unknown}'${didYouMean(unknown, groupNames)}`,
    );
  }
  for (const group of byGroup.names) for (const host of lookup.hostGroups.get(group)?.members ?? []) out.add(host);
  return [...out];
}

/** Services named by host × description lists plus service groups; unknown ones are errors. */
function servicesOf(
  def: Definition,
  hosts: readonly string[],
  attrs: { readonly description: string; readonly group: string },
  lookup: RelationLookup,
  diags: Diagnostics,
  what: string,
): string[] {
  const out = new Set<string>();
  const descriptions = listOf(def, attrs.description) ?? [];
  for (const host of hosts) {
    const own = lookup.servicesByHost.get(host) ?? new Set<string>();
    const expansion = expandNames(descriptions, own);
    for (const unknown of expansion.unknown) {
      diags.error(attributeSource(def, attrs.description), `${what}: unknown service '${serviceKey(host, unknown)}'`);
    }
    for (const description of expansion.names) out.add(serviceKey(host, description));
  }
  const groupNames = new Set(lookup.serviceGroups.keys());
  const byGroup = expandNames(listOf(def, attrs.group) ?? [], groupNames);
  for (const unknown of byGroup.unknown) {
    diags.error(
      attributeSource(def, attrs.group),
      `${what}: unknown service group '${unknown}'${didYouMean(unknown, groupNames)}`,
    );
  }
  for (const group of byGroup.names) {
    for (const ref of lookup.serviceGroups.get(group)?.members ?? [])
      out.add(serviceKey(ref.hostName, ref.description));
  }
  return [...out];
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(';');
  return [key.slice(0, at), key.slice(at + 1)];
}

/** Host and service dependencies, one record per master/dependent pair. */
export function buildDependencies(
  hostDefs: readonly Definition[],
  serviceDefs: readonly Definition[],
  lookup: RelationLookup,
  diags: Diagnostics,
): { hostDependencies: HostDependency[]; serviceDependencies: ServiceDependency[] } {
  const hostDependencies: HostDependency[] = [];
  for (const def of hostDefs) {
    const masters = hostsOf(def, 'host_name', 'hostgroup_name', lookup, diags, 'host dependency');
    const dependents = hostsOf(
      def,
      'dependent_host_name',
      'dependent_hostgroup_name',
      lookup,
      diags,
      'host dependency',
    );
    if (listOf(def, 'host_name') === undefined && listOf(def, 'hostgroup_name') === undefined) {
      diags.error(def.source, 'host dependency names no host_name or hostgroup_name');
    }
    if (listOf(def, 'dependent_host_name') === undefined && listOf(def, 'dependent_hostgroup_name') === undefined) {
      diags.error(def.source, 'host dependency names no dependent_host_name or dependent_hostgroup_name');
    }
    for (const hostName of masters) {
      for (const dependentHostName of dependents) {
        if (hostName === dependentHostName) continue;
        hostDependencies.push({
          hostName,
          dependentHostName,
          inheritsParent: boolOf(def, 'inherits_parent') ?? false,
          executionFailureCriteria: listOf(def, 'execution_failure_criteria') ?? ['n'],
          notificationFailureCriteria: listOf(def, 'notification_failure_criteria') ?? ['n'],
          dependencyPeriod: textOf(def, 'dependency_period') ?? null,
          source: def.source,
        });
      }
    }
  }

  const serviceDependencies: ServiceDependency[] = [];
  for (const def of serviceDefs) {
    const what = 'service dependency';
    const masterHosts = hostsOf(def, 'host_name', 'hostgroup_name', lookup, diags, what);
    const masters = servicesOf(
      def,
      masterHosts,
      { description: 'service_description', group: 'servicegroup_name' },
      lookup,
      diags,
      what,
    );
    if (masters.length === 0) diags.warning(def.source, 'service dependency names no service that exists');
    // Without dependent hosts, the dependent services are on the master's host ("same host").
    const sameHost =
      listOf(def, 'dependent_host_name') === undefined && listOf(def, 'dependent_hostgroup_name') === undefined;
    const dependentHosts = sameHost
      ? masterHosts
      : hostsOf(def, 'dependent_host_name', 'dependent_hostgroup_name', lookup, diags, what);
    const dependents = servicesOf(
      def,
      dependentHosts,
      { description: 'dependent_service_description', group: 'dependent_servicegroup_name' },
      lookup,
      diags,
      what,
    );
    for (const master of masters) {
      const [hostName, serviceDescription] = splitKey(master);
      for (const dependent of dependents) {
        const [dependentHostName, dependentServiceDescription] = splitKey(dependent);
        if (master === dependent || (sameHost && hostName !== dependentHostName)) continue;
        serviceDependencies.push({
          hostName,
          serviceDescription,
          dependentHostName,
          dependentServiceDescription,
          inheritsParent: boolOf(def, 'inherits_parent') ?? false,
          executionFailureCriteria: listOf(def, 'execution_failure_criteria') ?? ['n'],
          notificationFailureCriteria: listOf(def, 'notification_failure_criteria') ?? ['n'],
          dependencyPeriod: textOf(def, 'dependency_period') ?? null,
          source: def.source,
        });
      }
    }
  }
  return { hostDependencies, serviceDependencies };
}

function escalation(
  def: Definition,
  hostName: string,
  serviceDescription: string | null,
  notificationInterval: number,
): Escalation {
  return {
    hostName,
    serviceDescription,
    firstNotification: numberOf(def, 'first_notification') ?? DEFAULTS.escalationFirstNotification,
    lastNotification: numberOf(def, 'last_notification') ?? DEFAULTS.escalationLastNotification,
    notificationInterval: numberOf(def, 'notification_interval') ?? notificationInterval,
    escalationPeriod: textOf(def, 'escalation_period') ?? null,
    escalationOptions: listOf(def, 'escalation_options') ?? [],
    contacts: listOf(def, 'contacts') ?? [],
    contactGroups: listOf(def, 'contact_groups') ?? [],
    source: def.source,
  };
}

/** Host and service escalations, one record per host or service escalated. */
export function buildEscalations(
  hostDefs: readonly Definition[],
  serviceDefs: readonly Definition[],
  lookup: RelationLookup,
  diags: Diagnostics,
): { hostEscalations: Escalation[]; serviceEscalations: Escalation[] } {
  const hostEscalations: Escalation[] = [];
  for (const def of hostDefs) {
    const hosts = hostsOf(def, 'host_name', 'hostgroup_name', lookup, diags, 'host escalation');
    if (listOf(def, 'contacts') === undefined && listOf(def, 'contact_groups') === undefined) {
      diags.error(def.source, 'host escalation names no contacts or contact_groups');
    }
    for (const hostName of hosts) {
      const host = lookup.hosts.get(hostName);
      hostEscalations.push(
        escalation(def, hostName, null, host?.notificationInterval ?? DEFAULTS.notificationInterval),
      );
    }
  }
  const serviceEscalations: Escalation[] = [];
  for (const def of serviceDefs) {
    const what = 'service escalation';
    const hosts = hostsOf(def, 'host_name', 'hostgroup_name', lookup, diags, what);
    const keys = servicesOf(
      def,
      hosts,
      { description: 'service_description', group: 'servicegroup_name' },
      lookup,
      diags,
      what,
    );
    if (listOf(def, 'contacts') === undefined && listOf(def, 'contact_groups') === undefined) {
      diags.error(def.source, 'service escalation names no contacts or contact_groups');
    }
    for (const key of keys) {
      const [hostName, description] = splitKey(key);
      const service = lookupService(lookup.services, hostName, description);
      serviceEscalations.push(
        escalation(def, hostName, description, service?.notificationInterval ?? DEFAULTS.notificationInterval),
      );
    }
  }
  return { hostEscalations, serviceEscalations };
}
