/**
 * Reference checks over a built configuration: every command, time period, contact, contact
 * group and parent named must exist, and parents must not form a cycle. Each error points at
 * the line that named the missing object, once per definition.
 */
import { didYouMean } from '../lib/did-you-mean.js';
import { serviceKey } from '../model/objects.js';
import type { Checkable, Configuration, Host, Service, SourceRef } from '../model/objects.js';
import { findExcludeCycle } from '../model/time-period.js';
import { describeCycle } from './build-groups.js';
import type { Diagnostics } from './diagnostic.js';
import { attributeSource, type Definition } from './definition.js';

/** The definitions behind the built objects, for the lines of attributes. */
export interface DefinitionIndex {
  readonly hostDefs: ReadonlyMap<string, Definition>;
  /** Keyed by service key (`host;description`); looked up only for messages. */
  readonly serviceDefs: Pick<ReadonlyMap<string, Definition>, 'get'>;
  readonly contactDefs: ReadonlyMap<string, Definition>;
  readonly timePeriodDefs: ReadonlyMap<string, Definition>;
  readonly userDefs: ReadonlyMap<string, Definition>;
}

class Reporter {
  readonly #seen = new Set<string>();
  constructor(readonly diags: Diagnostics) {}

  /** Reports a missing reference once per place and name (one template can reach 10,000 objects). */
  missing(where: SourceRef, what: string, kind: string, name: string, known: Iterable<string>): void {
    const key = `${where.file}:${where.line}:${kind}:${name}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.diags.error(where, `${what}: unknown ${kind} '${name}'${didYouMean(name, known)}`);
  }
}

function place(def: Definition | undefined, attr: string, fallback: SourceRef): SourceRef {
  return def === undefined ? fallback : attributeSource(def, attr);
}

/** How hosts or services are named in messages and where their definitions are; asked only for a message. */
interface Naming<T extends Checkable> {
  readonly kind: 'host' | 'service';
  readonly nameOf: (obj: T) => string;
  readonly definitionOf: (name: string) => Definition | undefined;
}

/**
 * Checks the references of hosts and services. Runs for each of 100,000 services: an object
 * is named and its definition looked up only for a message, and nothing is allocated per object.
 */
class CheckableReferences {
  constructor(
    readonly config: Configuration,
    readonly report: Reporter,
  ) {}

  check<T extends Checkable>(obj: T, naming: Naming<T>): void {
    const { config } = this;
    if (obj.checkCommand !== null && !config.commands.has(obj.checkCommand.command)) {
      this.#missing(obj, naming, 'check_command', 'command', obj.checkCommand.command, config.commands.keys());
    }
    if (obj.eventHandler !== null && !config.commands.has(obj.eventHandler.command)) {
      this.#missing(obj, naming, 'event_handler', 'command', obj.eventHandler.command, config.commands.keys());
    }
    if (!config.timePeriods.has(obj.checkPeriod)) {
      this.#missing(obj, naming, 'check_period', 'time period', obj.checkPeriod, config.timePeriods.keys());
    }
    if (!config.timePeriods.has(obj.notificationPeriod)) {
      const period = obj.notificationPeriod;
      this.#missing(obj, naming, 'notification_period', 'time period', period, config.timePeriods.keys());
    }
    for (let i = 0; i < obj.contacts.length; i++) {
      const contact = obj.contacts[i] ?? '';
      if (!config.contacts.has(contact)) {
        this.#missing(obj, naming, 'contacts', 'contact', contact, config.contacts.keys());
      }
    }
    for (let i = 0; i < obj.contactGroups.length; i++) {
      const group = obj.contactGroups[i] ?? '';
      if (!config.contactGroups.has(group)) {
        this.#missing(obj, naming, 'contact_groups', 'contact group', group, config.contactGroups.keys());
      }
    }
  }

  #missing<T extends Checkable>(
    obj: T,
    naming: Naming<T>,
    attr: string,
    kind: string,
    reference: string,
    known: Iterable<string>,
  ): void {
    const name = naming.nameOf(obj);
    const def = naming.definitionOf(name);
    const where = def === undefined ? obj.source : attributeSource(def, attr);
    this.report.missing(where, `${naming.kind} '${name}'`, kind, reference, known);
  }
}

/** Checks every reference of `config`; errors go to `diags`. */
export function checkReferences(config: Configuration, defs: DefinitionIndex, diags: Diagnostics): void {
  const report = new Reporter(diags);
  const checkables = new CheckableReferences(config, report);
  const hosts: Naming<Host> = {
    kind: 'host',
    nameOf: (host) => host.name,
    definitionOf: (name) => defs.hostDefs.get(name),
  };
  for (const host of config.hosts.values()) {
    const def = defs.hostDefs.get(host.name);
    checkables.check(host, hosts);
    for (const parent of host.parents) {
      if (!config.hosts.has(parent)) {
        report.missing(
          place(def, 'parents', host.source),
          `host '${host.name}'`,
          'parent host',
          parent,
          config.hosts.keys(),
        );
      } else if (parent === host.name) {
        diags.error(place(def, 'parents', host.source), `host '${host.name}' is its own parent`);
      }
    }
  }
  checkParentCycles(config, defs, diags);
  const services: Naming<Service> = {
    kind: 'service',
    nameOf: (service) => serviceKey(service.hostName, service.description),
    definitionOf: (key) => defs.serviceDefs.get(key),
  };
  for (const service of config.services.values()) checkables.check(service, services);
  for (const contact of config.contacts.values()) {
    const def = defs.contactDefs.get(contact.name);
    const what = `contact '${contact.name}'`;
    for (const [attr, name] of [
      ['host_notification_period', contact.hostNotificationPeriod],
      ['service_notification_period', contact.serviceNotificationPeriod],
    ] as const) {
      if (!config.timePeriods.has(name)) {
        report.missing(place(def, attr, contact.source), what, 'time period', name, config.timePeriods.keys());
      }
    }
    for (const [attr, calls] of [
      ['host_notification_commands', contact.hostNotificationCommands],
      ['service_notification_commands', contact.serviceNotificationCommands],
    ] as const) {
      for (const call of calls) {
        if (!config.commands.has(call.command)) {
          report.missing(place(def, attr, contact.source), what, 'command', call.command, config.commands.keys());
        }
      }
    }
  }
  for (const period of config.timePeriods.values()) {
    const def = defs.timePeriodDefs.get(period.name);
    for (const excluded of period.rules.excludes) {
      if (!config.timePeriods.has(excluded)) {
        report.missing(
          place(def, 'exclude', period.source),
          `time period '${period.name}'`,
          'time period',
          excluded,
          config.timePeriods.keys(),
        );
      }
    }
  }
  const lookupPeriod = (name: string) => config.timePeriods.get(name)?.rules;
  const reportedCycles = new Set<string>();
  for (const period of config.timePeriods.values()) {
    const cycle = findExcludeCycle(period.name, lookupPeriod);
    if (cycle === null || cycle.some((name) => reportedCycles.has(name))) continue;
    for (const name of cycle) reportedCycles.add(name);
    const def = defs.timePeriodDefs.get(cycle[0] ?? period.name);
    diags.error(place(def, 'exclude', period.source), `time period exclusions form a cycle: ${describeCycle(cycle)}`);
  }
  for (const relation of [...config.hostDependencies, ...config.serviceDependencies]) {
    if (relation.dependencyPeriod !== null && !config.timePeriods.has(relation.dependencyPeriod)) {
      report.missing(
        relation.source,
        'dependency',
        'time period',
        relation.dependencyPeriod,
        config.timePeriods.keys(),
      );
    }
  }
  for (const escalation of [...config.hostEscalations, ...config.serviceEscalations]) {
    if (escalation.escalationPeriod !== null && !config.timePeriods.has(escalation.escalationPeriod)) {
      report.missing(
        escalation.source,
        'escalation',
        'time period',
        escalation.escalationPeriod,
        config.timePeriods.keys(),
      );
    }
    for (const contact of escalation.contacts) {
      if (!config.contacts.has(contact))
        report.missing(escalation.source, 'escalation', 'contact', contact, config.contacts.keys());
    }
    for (const group of escalation.contactGroups) {
      if (!config.contactGroups.has(group)) {
        report.missing(escalation.source, 'escalation', 'contact group', group, config.contactGroups.keys());
      }
    }
  }
  for (const user of config.users.values()) {
    if (user.contact !== null && !config.contacts.has(user.contact)) {
      report.missing(
        place(defs.userDefs.get(user.name), 'contact', user.source),
        `user '${user.name}'`,
        'contact',
        user.contact,
        config.contacts.keys(),
      );
    }
  }
}

/** Reports each cycle in the parent graph once, naming every host on it. */
function checkParentCycles(config: Configuration, defs: DefinitionIndex, diags: Diagnostics): void {
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  const path: string[] = [];
  // Iterative depth-first search: a chain of 10,000 parents must not overflow the stack. A cycle
  // runs through hosts with parents only, so a search need not start at a host without any.
  for (const [start, host] of config.hosts) {
    if (host.parents.length === 0 || done.has(start)) continue;
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    onPath.set(start, 0);
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      const parents = config.hosts.get(top.name)?.parents ?? [];
      if (top.next < parents.length) {
        const parent = parents[top.next++] ?? '';
        if (!config.hosts.has(parent) || done.has(parent) || parent === top.name) continue;
        const index = onPath.get(parent);
        if (index !== undefined) {
          const cycle = describeCycle([...path.slice(index), parent]);
          const def = defs.hostDefs.get(top.name);
          const host = config.hosts.get(top.name);
          if (host !== undefined) diags.error(place(def, 'parents', host.source), `parent cycle: ${cycle}`);
          continue;
        }
        onPath.set(parent, path.length);
        path.push(parent);
        stack.push({ name: parent, next: 0 });
      } else {
        stack.pop();
        path.pop();
        onPath.delete(top.name);
        done.add(top.name);
      }
    }
  }
}
