/**
 * Lookups the tables need that the configuration does not hold directly: the objects of this
 * site in Livestatus' natural order (hosts by name, services by host and description), each
 * host's services and children, and the contacts of an object through its contact groups. Built
 * once per configuration and site, then shared by every request until a reload.
 */
import type { Checkable, Configuration, Contact, Host, Service } from '../model/objects.js';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Derived, read-only lookups over one configuration. */
export class ObjectIndex {
  /** The hosts this site monitors, by name. */
  readonly hosts: readonly Host[];
  /** Their services, by host name, then description. */
  readonly services: readonly Service[];
  /** The id of each of {@link services}, in the same order: a scan reads these, not each service object. */
  readonly serviceIds: Int32Array;
  readonly #hostNames: ReadonlySet<string>;
  readonly #servicesOfHost = new Map<string, Service[]>();
  readonly #childs = new Map<string, string[]>();
  readonly #contactsOf = new WeakMap<Checkable, readonly string[]>();
  readonly #groupsOfContact = new Map<string, string[]>();
  readonly #configuration: Configuration;

  constructor(configuration: Configuration, site: string) {
    this.#configuration = configuration;
    const mine = (host: Host | undefined): host is Host =>
      host !== undefined && (host.site === null || host.site === site);
    this.hosts = [...configuration.hosts.values()].filter(mine).sort((a, b) => byString(a.name, b.name));
    this.#hostNames = new Set(this.hosts.map((h) => h.name));
    const services: Service[] = [];
    for (const service of configuration.services.values()) {
      if (!mine(configuration.hosts.get(service.hostName))) continue;
      services.push(service);
      const list = this.#servicesOfHost.get(service.hostName);
      if (list === undefined) this.#servicesOfHost.set(service.hostName, [service]);
      else list.push(service);
    }
    services.sort((a, b) => byString(a.hostName, b.hostName) || byString(a.description, b.description));
    this.services = services;
    this.serviceIds = Int32Array.from(services, (s) => s.id);
    for (const list of this.#servicesOfHost.values()) list.sort((a, b) => byString(a.description, b.description));
    for (const host of this.hosts) {
      for (const parent of host.parents) {
        const list = this.#childs.get(parent);
        if (list === undefined) this.#childs.set(parent, [host.name]);
        else list.push(host.name);
      }
    }
    for (const contact of configuration.contacts.values()) this.#groupsOfContact.set(contact.name, []);
    for (const group of [...configuration.contactGroups.values()].sort((a, b) => byString(a.name, b.name))) {
      for (const member of group.members) this.#groupsOfContact.get(member)?.push(group.name);
    }
  }

  /** Whether this site monitors the host. */
  hasHost(name: string): boolean {
    return this.#hostNames.has(name);
  }

  /** The services of a host, by description; empty for an unknown host. */
  servicesOf(hostName: string): readonly Service[] {
    return this.#servicesOfHost.get(hostName) ?? [];
  }

  /** The hosts that name `hostName` as a parent, by name. */
  childsOf(hostName: string): readonly string[] {
    return this.#childs.get(hostName) ?? [];
  }

  /** The contact groups a contact belongs to, by name. */
  groupsOfContact(contact: Contact): readonly string[] {
    return this.#groupsOfContact.get(contact.name) ?? contact.contactGroups;
  }

  /** Every contact of a host or service: its own and those of its contact groups, by name. */
  contactsOf(object: Checkable): readonly string[] {
    const known = this.#contactsOf.get(object);
    if (known !== undefined) return known;
    const names = new Set(object.contacts);
    for (const group of object.contactGroups) {
      for (const member of this.#configuration.contactGroups.get(group)?.members ?? []) names.add(member);
    }
    const sorted = [...names].sort(byString);
    this.#contactsOf.set(object, sorted);
    return sorted;
  }
}

const cache = new WeakMap<Configuration, Map<string, ObjectIndex>>();

/** The index of a configuration for a site, built on first use and kept while the configuration lives. */
export function objectIndex(configuration: Configuration, site: string): ObjectIndex {
  let bySite = cache.get(configuration);
  if (bySite === undefined) {
    bySite = new Map();
    cache.set(configuration, bySite);
  }
  let index = bySite.get(site);
  if (index === undefined) {
    index = new ObjectIndex(configuration, site);
    bySite.set(site, index);
  }
  return index;
}
