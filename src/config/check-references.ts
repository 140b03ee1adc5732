/**
 * Reference checks over a built configuration: every command, time period, contact, contact
 * group and parent named must exist, and parents must not form a cycle. Each error points at
 * the line that named the missing object, once per definition.
 */
import { didYouMean } from '../lib/did-you-mean.js';
import type { Checkable, CommandCall, Configuration, SourceRef } from '../model/objects.js';
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

  /**
   * Reports a missing reference once per place and name (one template can reach 10,000
   * objects). `what` names the object; a function is called only when there is a message.
   */
  missing(where: SourceRef, what: string | (() => string), kind: string, name: string, known: Iterable<string>): void {
    const key = `${where.file}:${where.line}:${kind}:${name}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const object = typeof what === 'string' ? what : what();
    this.diags.error(where, `${object}: unknown ${kind} '${name}'${didYouMean(name, known)}`);
  }
}

function place(def: Definition | undefined, attr: string, fallback: SourceRef): SourceRef {
  return def === undefined ? fallback : attributeSource(def, attr);
}

/** A host or service by name, and where its definition is (looked up only for a message). */
interface CheckableName {
  readonly kind: 'host' | 'service';
  /** The host name or the service key. */
  readonly name: string;
  readonly definitionOf: (name: string) => Definition | undefined;
}

/** Checks the references of one host or service; the object is named and its definition looked up only for a message. */
function checkCheckable(obj: Checkable, named: CheckableName, config: Configuration, report: Reporter): void {
  const what = (): string => `${named.kind} '${named.name}'`;
  const place = (attr: string, fallback: SourceRef): SourceRef => {
    const def = named.definitionOf(named.name);
    return def === undefined ? fallback : attributeSource(def, attr);
  };
  const command = (attr: string, call: CommandCall | null): void => {
    if (call !== null && !config.commands.has(call.command)) {
      report.missing(place(attr, obj.source), what, 'command', call.command, config.commands.keys());
    }
  };
  command('check_command', obj.checkCommand);
  command('event_handler', obj.eventHandler);
  const period = (attr: string, name: string): void => {
    if (!config.timePeriods.has(name)) {
      report.missing(place(attr, obj.source), what, 'time period', name, config.timePeriods.keys());
    }
  };
  period('check_period', obj.checkPeriod);
  period('notification_period', obj.notificationPeriod);
  for (const contact of obj.contacts) {
    if (!config.contacts.has(contact)) {
      report.missing(place('contacts', obj.source), what, 'contact', contact, config.contacts.keys());
    }
  }
  for (const group of obj.contactGroups) {
    if (!config.contactGroups.has(group)) {
      report.missing(place('contact_groups', obj.source), what, 'contact group', group, config.contactGroups.keys());
    }
  }
}

/** Checks every reference of `config`; errors go to `diags`. */
export function checkReferences(config: Configuration, defs: DefinitionIndex, diags: Diagnostics): void {
  const report = new Reporter(diags);
  const hostDef = (name: string): Definition | undefined => defs.hostDefs.get(name);
  for (const host of config.hosts.values()) {
    const def = defs.hostDefs.get(host.name);
    checkCheckable(host, { kind: 'host', name: host.name, definitionOf: hostDef }, config, report);
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
  const serviceDef = (key: string): Definition | undefined => defs.serviceDefs.get(key);
  for (const [key, service] of config.services) {
    checkCheckable(service, { kind: 'service', name: key, definitionOf: serviceDef }, config, report);
  }
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
  // Iterative depth-first search: a chain of 10,000 parents must not overflow the stack.
  for (const start of config.hosts.keys()) {
    if (done.has(start)) continue;
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
