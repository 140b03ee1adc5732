/**
 * The builder: links the definitions that the readers delivered (Nagios or YAML, any mix) into
 * the site's Configuration — names indexed, host lists expanded, group membership resolved from
 * both sides, defaults and implied inheritance applied, every reference checked.
 */
import { didYouMean } from '../lib/did-you-mean.js';
import type {
  Command,
  Configuration,
  Contact,
  ContactGroup,
  Host,
  HostGroup,
  Role,
  RoleName,
  ServiceGroup,
  ServiceRef,
  TimePeriod,
  User,
} from '../model/objects.js';
import { serviceKey } from '../model/objects.js';
import { ServiceIndex } from '../model/service-index.js';
import { NAME_ATTRIBUTE, type ObjectType } from './attributes.js';
import { CheckableBuilder, numberServices, setServiceGroups, type BuiltService } from './build-checkables.js';
import { groupsOfMembers, resolveGroups, resolveNested } from './build-groups.js';
import { buildDependencies, buildEscalations, servicesByHost } from './build-relations.js';
import { buildTimePeriod, alwaysPeriod } from './build-time-periods.js';
import { checkReferences } from './check-references.js';
import type { Diagnostics } from './diagnostic.js';
import { attributeSource, type Definition } from './definition.js';
import { asList, asText, boolOf, commandsOf, customAttributesOf, listOf, textOf } from './definition-values.js';
import { DEFAULTS } from './defaults.js';
import { expandNames } from './expand-names.js';
import { FieldReader } from './layered-values.js';

export interface BuildInput {
  readonly definitions: readonly Definition[];
  readonly userMacros?: ReadonlyMap<number, string>;
  readonly diagnostics: Diagnostics;
}

/** The predefined roles of SPEC §2. */
export const ROLES: ReadonlyMap<RoleName, Role> = new Map<RoleName, Role>([
  ['admin', { name: 'admin', alias: 'Administrator', seesAll: true, mayCommand: true, mayConfigureGlobally: true }],
  [
    'user',
    { name: 'user', alias: 'Normal monitoring user', seesAll: false, mayCommand: true, mayConfigureGlobally: false },
  ],
  ['guest', { name: 'guest', alias: 'Guest user', seesAll: true, mayCommand: false, mayConfigureGlobally: false }],
]);

const TYPE_LABEL: Readonly<Record<ObjectType, string>> = {
  host: 'host',
  service: 'service',
  hostgroup: 'host group',
  servicegroup: 'service group',
  contact: 'contact',
  contactgroup: 'contact group',
  command: 'command',
  timeperiod: 'time period',
  hostdependency: 'host dependency',
  servicedependency: 'service dependency',
  hostescalation: 'host escalation',
  serviceescalation: 'service escalation',
  user: 'user',
};

/** Human name of an object type, for messages. */
export function typeLabel(type: ObjectType): string {
  return TYPE_LABEL[type];
}

/** Definitions of one type by name; duplicates and missing names are errors. */
function indexByName(defs: readonly Definition[], type: ObjectType, diags: Diagnostics): Map<string, Definition> {
  const nameAttr = NAME_ATTRIBUTE[type];
  const index = new Map<string, Definition>();
  if (nameAttr === null) return index;
  for (const def of defs) {
    const name = textOf(def, nameAttr);
    if (name === undefined) {
      diags.error(def.source, `${TYPE_LABEL[type]} definition has no ${nameAttr}`);
      continue;
    }
    const first = index.get(name);
    if (first !== undefined) {
      diags.error(
        attributeSource(def, nameAttr),
        `duplicate ${TYPE_LABEL[type]} '${name}' (first defined at ${first.source.file}:${first.source.line})`,
      );
      continue;
    }
    index.set(name, def);
  }
  return index;
}

function byType(definitions: readonly Definition[]): Map<ObjectType, Definition[]> {
  const out = new Map<ObjectType, Definition[]>();
  // By index: an iterator allocates a result per step until the loop is optimised.
  for (let i = 0; i < definitions.length; i++) {
    const def = definitions[i];
    if (def === undefined) continue;
    const list = out.get(def.type);
    if (list === undefined) out.set(def.type, [def]);
    else list.push(def);
  }
  return out;
}

/** Links `input.definitions` into a Configuration. Errors go to `input.diagnostics`. */
export function buildConfiguration(input: BuildInput): Configuration {
  const diags = input.diagnostics;
  const defs = byType(input.definitions);
  const of = (type: ObjectType): readonly Definition[] => defs.get(type) ?? [];

  const hostDefs = indexByName(of('host'), 'host', diags);
  const hostGroupDefs = indexByName(of('hostgroup'), 'hostgroup', diags);
  const serviceGroupDefs = indexByName(of('servicegroup'), 'servicegroup', diags);
  const contactDefs = indexByName(of('contact'), 'contact', diags);
  const contactGroupDefs = indexByName(of('contactgroup'), 'contactgroup', diags);
  const commandDefs = indexByName(of('command'), 'command', diags);
  const timePeriodDefs = indexByName(of('timeperiod'), 'timeperiod', diags);
  const userDefs = indexByName(of('user'), 'user', diags);

  const timePeriods = new Map<string, TimePeriod>();
  for (const [name, def] of timePeriodDefs) timePeriods.set(name, buildTimePeriod(def, name, diags));
  const always = alwaysPeriod(timePeriods);

  const hostMembership = resolveGroups(
    {
      label: 'host group',
      memberLabel: 'host',
      groups: hostGroupDefs,
      members: hostDefs,
      memberSideAttr: 'hostgroups',
      nestedAttr: 'hostgroup_members',
    },
    diags,
  );
  const groupsOfHost = groupsOfMembers(hostMembership);
  const checkables = new CheckableBuilder(always);
  const hosts = new Map<string, Host>();
  for (const [name, def] of hostDefs) hosts.set(name, checkables.host(def, name, groupsOfHost.get(name) ?? []));

  const hostGroups = new Map<string, HostGroup>();
  for (const [name, def] of hostGroupDefs) {
    hostGroups.set(name, {
      name,
      alias: textOf(def, 'alias') ?? name,
      members: [...(hostMembership.get(name) ?? [])],
      notes: textOf(def, 'notes') ?? '',
      source: def.source,
    });
  }

  const built = buildServices(of('service'), hosts, hostMembership, checkables, diags);
  const { services, definitions: serviceDefinitions } = built;
  numberServices(services.values());
  const serviceGroups = buildServiceGroups(serviceGroupDefs, built, diags);

  const contactMembership = resolveGroups(
    {
      label: 'contact group',
      memberLabel: 'contact',
      groups: contactGroupDefs,
      members: contactDefs,
      memberSideAttr: 'contactgroups',
      nestedAttr: 'contactgroup_members',
    },
    diags,
  );
  const groupsOfContact = groupsOfMembers(contactMembership);
  const contacts = new Map<string, Contact>();
  for (const [name, def] of contactDefs)
    contacts.set(name, buildContact(def, name, groupsOfContact.get(name) ?? [], always));
  const contactGroups = new Map<string, ContactGroup>();
  for (const [name, def] of contactGroupDefs) {
    contactGroups.set(name, {
      name,
      alias: textOf(def, 'alias') ?? name,
      members: [...(contactMembership.get(name) ?? [])],
      source: def.source,
    });
  }

  const commands = new Map<string, Command>();
  for (const [name, def] of commandDefs) {
    const line = textOf(def, 'command_line');
    if (line === undefined || line.trim() === '') {
      diags.error(def.source, `command '${name}' has no command_line`);
    }
    commands.set(name, { name, line: line ?? '', source: def.source });
  }

  const users = new Map<string, User>();
  for (const [name, def] of userDefs) users.set(name, buildUser(def, name, contacts));

  // Only relations naming services per host need the index: most sites have none.
  const perHost =
    of('servicedependency').length + of('serviceescalation').length > 0 ? servicesByHost(services) : new Map();
  const lookup = { hosts, services, hostGroups, serviceGroups, servicesByHost: perHost };
  const configuration: Configuration = {
    hosts,
    services,
    hostGroups,
    serviceGroups,
    contacts,
    contactGroups,
    commands,
    timePeriods,
    ...buildDependencies(of('hostdependency'), of('servicedependency'), lookup, diags),
    ...buildEscalations(of('hostescalation'), of('serviceescalation'), lookup, diags),
    users,
    roles: ROLES,
    userMacros: input.userMacros ?? new Map(),
  };
  const serviceDefs = {
    get: (key: string) => {
      const at = services.positionOfKey(key);
      return at === -1 ? undefined : serviceDefinitions[at];
    },
  };
  checkReferences(configuration, { hostDefs, contactDefs, userDefs, timePeriodDefs, serviceDefs }, diags);
  return configuration;
}

interface HostUniverse {
  readonly hostNames: ReadonlySet<string>;
  readonly groupNames: ReadonlySet<string>;
  readonly hostMembership: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Whether a host list item names one host by name (not a wildcard, not an exclusion). */
function isPlainName(item: string): boolean {
  return !item.startsWith('!') && !item.includes('*') && !item.includes('?');
}

/**
 * The hosts a service definition applies to through host lists, groups and patterns, and which
 * of them it names explicitly. (A service for one host by name takes the fast path of
 * {@link buildServices} instead.)
 */
function serviceHosts(
  def: Definition,
  description: string,
  universe: HostUniverse,
  diags: Diagnostics,
): { targets: Iterable<string>; explicit: (host: string) => boolean } {
  const hostItems = listOf(def, 'host_name') ?? [];
  const groupItems = listOf(def, 'hostgroup_name') ?? [];
  const byHost = expandNames(hostItems, universe.hostNames);
  for (const unknown of byHost.unknown) {
    diags.error(
      attributeSource(def, 'host_name'),
      `service '${description}': unknown host '${unknown}'${didYouMean(unknown, universe.hostNames)}`,
    );
  }
  const targets = new Set(byHost.names);
  const byGroup = expandNames(groupItems, universe.groupNames);
  for (const unknown of byGroup.unknown) {
    diags.error(
      attributeSource(def, 'hostgroup_name'),
      `service '${description}': unknown host group '${unknown}'${didYouMean(unknown, universe.groupNames)}`,
    );
  }
  for (const group of byGroup.names) for (const host of universe.hostMembership.get(group) ?? []) targets.add(host);
  // Exclusions apply across both lists: `!web02` removes a host that a group brought in.
  for (const item of hostItems) if (item.startsWith('!')) targets.delete(item.slice(1));
  for (const item of groupItems) {
    if (item.startsWith('!')) for (const host of universe.hostMembership.get(item.slice(1)) ?? []) targets.delete(host);
  }
  if (targets.size === 0 && byHost.unknown.length === 0 && byGroup.unknown.length === 0) {
    diags.warning(def.source, `service '${description}' applies to no host`);
  }
  const explicit = new Set(hostItems.filter(isPlainName));
  return { targets, explicit: (host) => explicit.has(host) };
}

/** Built services and the definition of each, by the service's position. */
interface BuiltServices {
  readonly services: ServiceIndex<BuiltService>;
  readonly definitions: readonly Definition[];
}

/**
 * Services expanded onto their hosts. A service named for a host explicitly wins over one that
 * reaches the host through a host group or wildcard, as in Nagios; two of equal rank keep the first.
 * The common case, a service for one host by name, costs its service and an index entry: it runs
 * 100,000 times in a large site.
 */
function buildServices(
  defs: readonly Definition[],
  hosts: ReadonlyMap<string, Host>,
  hostMembership: ReadonlyMap<string, ReadonlySet<string>>,
  checkables: CheckableBuilder,
  diags: Diagnostics,
): BuiltServices {
  const services = new ServiceIndex<BuiltService>();
  const definitions: Definition[] = [];
  /** Positions of services that reached their host through a group or pattern, which a named one replaces. */
  const indirect = new Set<number>();
  let universe: HostUniverse | null = null;

  const add = (def: Definition, host: Host, description: string, named: boolean): void => {
    const position = services.positionOf(host.name, description);
    if (position === -1) {
      const added = services.add(checkables.service(def, host, description));
      definitions.push(def);
      if (!named) indirect.add(added);
      return;
    }
    // Only a named service replaces one that came through a group or pattern.
    const replaceable = indirect.has(position);
    if (!replaceable || !named) {
      const existing = services.at(position);
      const where = existing === undefined ? '?' : `${existing.source.file}:${existing.source.line}`;
      const severity = !replaceable && named ? 'error' : 'warning';
      diags.add({
        severity,
        file: def.source.file,
        line: def.source.line,
        message: `duplicate service '${description}' on host '${host.name}' (first defined at ${where})${severity === 'warning' ? '; the first is kept' : ''}`,
      });
      return;
    }
    services.replace(checkables.service(def, host, description));
    definitions[position] = def;
    indirect.delete(position);
  };

  // Read through one plan per shape of definition: two map lookups per attribute and service add up.
  const reader = new FieldReader(['service_description', 'host_name', 'hostgroup_name']);
  for (const def of defs) {
    const read = reader.read(def.values);
    const description = asText(read[0]);
    const hostItems = asList(read[1]);
    const groupItems = asList(read[2]);
    if (description === undefined || description.trim() === '') {
      diags.error(def.source, 'service definition has no service_description');
      continue;
    }
    if (hostItems === undefined && groupItems === undefined) {
      diags.error(def.source, `service '${description}' names no host_name or hostgroup_name`);
      continue;
    }
    const single = hostItems?.length === 1 && (groupItems?.length ?? 0) === 0 ? hostItems[0] : undefined;
    const host = single !== undefined && isPlainName(single) ? hosts.get(single) : undefined;
    if (host !== undefined) {
      add(def, host, description, true);
      continue;
    }
    universe ??= { hostNames: new Set(hosts.keys()), groupNames: new Set(hostMembership.keys()), hostMembership };
    const { targets, explicit } = serviceHosts(def, description, universe, diags);
    for (const hostName of targets) {
      const target = hosts.get(hostName);
      if (target !== undefined) add(def, target, description, explicit(hostName));
    }
  }
  return { services, definitions };
}

/** Service groups from `members` pairs, services' `servicegroups` and nested groups. */
function buildServiceGroups(
  groupDefs: ReadonlyMap<string, Definition>,
  { services, definitions }: BuiltServices,
  diags: Diagnostics,
): Map<string, ServiceGroup> {
  const direct = new Map<string, Set<string>>();
  for (const [name, def] of groupDefs) {
    const members = new Set<string>();
    const items = listOf(def, 'members') ?? [];
    if (items.length % 2 !== 0) {
      diags.error(
        attributeSource(def, 'members'),
        `service group '${name}': members must be pairs 'host,service,...', got ${items.length} names`,
      );
    }
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = serviceKey(items[i] ?? '', items[i + 1] ?? '');
      if (!services.has(key)) {
        diags.error(attributeSource(def, 'members'), `service group '${name}': unknown service '${key}'`);
      } else {
        members.add(key);
      }
    }
    direct.set(name, members);
  }
  const reader = new FieldReader(['servicegroups']);
  for (let i = 0; i < definitions.length; i++) {
    const def = definitions[i];
    const service = services.at(i);
    const groups = def === undefined ? undefined : asList(reader.read(def.values)[0]);
    if (def === undefined || service === undefined || groups === undefined) continue;
    const key = serviceKey(service.hostName, service.description);
    for (const group of groups) {
      const set = direct.get(group);
      if (set === undefined) {
        diags.error(
          attributeSource(def, 'servicegroups'),
          `service '${key}': unknown service group '${group}'${didYouMean(group, groupDefs.keys())}`,
        );
      } else {
        set.add(key);
      }
    }
  }
  const membership = resolveNested(
    { label: 'service group', groups: groupDefs, nestedAttr: 'servicegroup_members' },
    direct,
    diags,
  );
  for (const [key, groups] of groupsOfMembers(membership)) {
    const service = services.get(key);
    if (service !== undefined) setServiceGroups(service, groups);
  }
  const out = new Map<string, ServiceGroup>();
  for (const [name, def] of groupDefs) {
    const members: ServiceRef[] = [];
    for (const key of membership.get(name) ?? []) {
      const service = services.get(key);
      if (service !== undefined) members.push({ hostName: service.hostName, description: service.description });
    }
    out.set(name, {
      name,
      alias: textOf(def, 'alias') ?? name,
      members,
      notes: textOf(def, 'notes') ?? '',
      source: def.source,
    });
  }
  return out;
}

function buildContact(def: Definition, name: string, groups: readonly string[], always: string): Contact {
  return {
    name,
    alias: textOf(def, 'alias') ?? name,
    email: textOf(def, 'email') ?? '',
    pager: textOf(def, 'pager') ?? '',
    addresses: [1, 2, 3, 4, 5, 6].map((n) => textOf(def, `address${n}`) ?? ''),
    contactGroups: groups,
    hostNotificationsEnabled: boolOf(def, 'host_notifications_enabled') ?? true,
    serviceNotificationsEnabled: boolOf(def, 'service_notifications_enabled') ?? true,
    hostNotificationPeriod: textOf(def, 'host_notification_period') ?? always,
    serviceNotificationPeriod: textOf(def, 'service_notification_period') ?? always,
    hostNotificationOptions: optionsOrDefault(
      listOf(def, 'host_notification_options'),
      DEFAULTS.hostNotificationOptions,
    ),
    serviceNotificationOptions: optionsOrDefault(
      listOf(def, 'service_notification_options'),
      DEFAULTS.serviceNotificationOptions,
    ),
    hostNotificationCommands: commandsOf(def, 'host_notification_commands') ?? [],
    serviceNotificationCommands: commandsOf(def, 'service_notification_commands') ?? [],
    canSubmitCommands: boolOf(def, 'can_submit_commands') ?? true,
    customAttributes: customAttributesOf(def),
    source: def.source,
  };
}

function optionsOrDefault<T extends string>(options: readonly string[] | undefined, all: readonly T[]): readonly T[] {
  if (options === undefined) return all;
  if (options.includes('n')) return [];
  return options.filter((o): o is T => (all as readonly string[]).includes(o));
}

function buildUser(def: Definition, name: string, contacts: ReadonlyMap<string, Contact>): User {
  const role = textOf(def, 'role');
  return {
    name,
    alias: textOf(def, 'alias') ?? name,
    role: role === 'admin' || role === 'guest' ? role : 'user',
    contact: textOf(def, 'contact') ?? (contacts.has(name) ? name : null),
    email: textOf(def, 'email') ?? '',
    folders: listOf(def, 'folders') ?? [],
    passwordHash: textOf(def, 'password_hash') ?? null,
    source: def.source,
  };
}
