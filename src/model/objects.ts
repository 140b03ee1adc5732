/**
 * The configured monitoring objects of one site, as the rest of the system sees them after
 * configuration has been read, inherited and validated. Plain readonly data: no behaviour, no I/O.
 *
 * Durations are whole seconds. Names are the administrator's names, unchanged.
 */
import type { TimePeriodRules } from './time-period.js';

/** Where a definition was written, so that every message can point at it. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** A command with its `$ARGn$` arguments, written `name!arg1!arg2` in Nagios configuration. */
export interface CommandCall {
  readonly command: string;
  readonly args: readonly string[];
}

/** Nagios host notification options: down, unreachable, recovery, flapping, scheduled downtime. */
export type HostNotificationOption = 'd' | 'u' | 'r' | 'f' | 's';
/** Nagios service notification options: warning, unknown, critical, recovery, flapping, downtime. */
export type ServiceNotificationOption = 'w' | 'u' | 'c' | 'r' | 'f' | 's';

/** Custom attributes (`_SERIAL` in Nagios, `custom: {serial: ...}` natively), keyed in upper case. */
export type CustomAttributes = Readonly<Record<string, string>>;
/** Labels (Checkmk's host/service labels, also called tags): free key/value pairs for rules. */
export type Labels = Readonly<Record<string, string>>;

/** What hosts and services share: how they are checked and how they notify. */
export interface Checkable {
  readonly displayName: string;
  readonly checkCommand: CommandCall | null;
  readonly checkInterval: number;
  readonly retryInterval: number;
  readonly maxCheckAttempts: number;
  readonly checkPeriod: string;
  readonly activeChecksEnabled: boolean;
  readonly passiveChecksEnabled: boolean;
  readonly checkFreshness: boolean;
  /** Seconds; 0 lets the engine derive it from the check interval. */
  readonly freshnessThreshold: number;
  readonly eventHandler: CommandCall | null;
  readonly eventHandlerEnabled: boolean;
  readonly flapDetectionEnabled: boolean;
  /** Percent; 0 means "use the site's global threshold". */
  readonly lowFlapThreshold: number;
  readonly highFlapThreshold: number;
  readonly notificationsEnabled: boolean;
  readonly notificationPeriod: string;
  /** Seconds between re-notifications while a problem lasts; 0 notifies once. */
  readonly notificationInterval: number;
  readonly firstNotificationDelay: number;
  readonly contacts: readonly string[];
  readonly contactGroups: readonly string[];
  readonly notes: string;
  readonly notesUrl: string;
  readonly actionUrl: string;
  readonly iconImage: string;
  readonly customAttributes: CustomAttributes;
  readonly labels: Labels;
  readonly source: SourceRef;
}

/** Anything with an address. */
export interface Host extends Checkable {
  readonly name: string;
  readonly alias: string;
  readonly address: string;
  readonly parents: readonly string[];
  readonly hostGroups: readonly string[];
  readonly notificationOptions: readonly HostNotificationOption[];
  /** Folder path below `conf.d`, `''` for the top; Nagios objects have their file's folder. */
  readonly folder: string;
  /** The site that monitors this host; `null` means the local site. */
  readonly site: string | null;
}

/** One aspect of a host. */
export interface Service extends Checkable {
  /**
   * The service's position in its configuration, from 0 (Nagios 4's service id): lets adapters
   * keep per-service data in arrays instead of maps, which a scan of every service reads.
   */
  readonly id: number;
  readonly hostName: string;
  readonly description: string;
  readonly serviceGroups: readonly string[];
  readonly notificationOptions: readonly ServiceNotificationOption[];
  readonly isVolatile: boolean;
}

export interface HostGroup {
  readonly name: string;
  readonly alias: string;
  /** Every member host, whichever side declared the membership. */
  readonly members: readonly string[];
  readonly notes: string;
  readonly source: SourceRef;
}

/** A service named by its host and description. */
export interface ServiceRef {
  readonly hostName: string;
  readonly description: string;
}

export interface ServiceGroup {
  readonly name: string;
  readonly alias: string;
  readonly members: readonly ServiceRef[];
  readonly notes: string;
  readonly source: SourceRef;
}

export interface Contact {
  readonly name: string;
  readonly alias: string;
  readonly email: string;
  readonly pager: string;
  /** `address1` … `address6`, in order; empty strings where unset. */
  readonly addresses: readonly string[];
  readonly contactGroups: readonly string[];
  readonly hostNotificationsEnabled: boolean;
  readonly serviceNotificationsEnabled: boolean;
  readonly hostNotificationPeriod: string;
  readonly serviceNotificationPeriod: string;
  readonly hostNotificationOptions: readonly HostNotificationOption[];
  readonly serviceNotificationOptions: readonly ServiceNotificationOption[];
  readonly hostNotificationCommands: readonly CommandCall[];
  readonly serviceNotificationCommands: readonly CommandCall[];
  readonly canSubmitCommands: boolean;
  readonly customAttributes: CustomAttributes;
  readonly source: SourceRef;
}

export interface ContactGroup {
  readonly name: string;
  readonly alias: string;
  readonly members: readonly string[];
  readonly source: SourceRef;
}

/** A command line with Nagios macros, run by the site (checks, notifications, event handlers). */
export interface Command {
  readonly name: string;
  readonly line: string;
  readonly source: SourceRef;
}

export interface TimePeriod {
  readonly name: string;
  readonly alias: string;
  readonly rules: TimePeriodRules;
  readonly source: SourceRef;
}

/** Nagios dependency failure criteria: o, d, u, p (host) or o, w, u, c, p (service); `n` is none. */
export type FailureCriteria = readonly string[];

export interface HostDependency {
  readonly hostName: string;
  readonly dependentHostName: string;
  readonly inheritsParent: boolean;
  readonly executionFailureCriteria: FailureCriteria;
  readonly notificationFailureCriteria: FailureCriteria;
  readonly dependencyPeriod: string | null;
  readonly source: SourceRef;
}

export interface ServiceDependency {
  readonly hostName: string;
  readonly serviceDescription: string;
  readonly dependentHostName: string;
  readonly dependentServiceDescription: string;
  readonly inheritsParent: boolean;
  readonly executionFailureCriteria: FailureCriteria;
  readonly notificationFailureCriteria: FailureCriteria;
  readonly dependencyPeriod: string | null;
  readonly source: SourceRef;
}

/** Who else is notified, and how often, from the nth notification of a problem on. */
export interface Escalation {
  readonly hostName: string;
  /** `null` for a host escalation. */
  readonly serviceDescription: string | null;
  readonly firstNotification: number;
  /** 0 means "and every one after". */
  readonly lastNotification: number;
  readonly notificationInterval: number;
  readonly escalationPeriod: string | null;
  readonly escalationOptions: readonly string[];
  readonly contacts: readonly string[];
  readonly contactGroups: readonly string[];
  readonly source: SourceRef;
}

/** The three roles of SPEC §2: what a user may see and do. */
export type RoleName = 'admin' | 'user' | 'guest';

export interface Role {
  readonly name: RoleName;
  readonly alias: string;
  /** Sees every object, not only those they are a contact of. */
  readonly seesAll: boolean;
  /** May send commands (acknowledge, downtime, ...) for the objects they see. */
  readonly mayCommand: boolean;
  /** May change global settings and every folder. */
  readonly mayConfigureGlobally: boolean;
}

export interface User {
  readonly name: string;
  readonly alias: string;
  readonly role: RoleName;
  /** The contact whose objects this user sees; by default the contact of the same name. */
  readonly contact: string | null;
  readonly email: string;
  /** Folders this user manages hosts in (role `user`). */
  readonly folders: readonly string[];
  /** A scrypt hash as written by `watchpost user`; `null` means no password login. */
  readonly passwordHash: string | null;
  readonly source: SourceRef;
}

/** The key of a service: host name and description, separated by `;` as Nagios logs them. */
export function serviceKey(hostName: string, description: string): string {
  return `${hostName};${description}`;
}

/** Every object of a site's configuration, after inheritance and validation. */
export interface Configuration {
  readonly hosts: ReadonlyMap<string, Host>;
  /** Keyed by {@link serviceKey}. */
  readonly services: ReadonlyMap<string, Service>;
  readonly hostGroups: ReadonlyMap<string, HostGroup>;
  readonly serviceGroups: ReadonlyMap<string, ServiceGroup>;
  readonly contacts: ReadonlyMap<string, Contact>;
  readonly contactGroups: ReadonlyMap<string, ContactGroup>;
  readonly commands: ReadonlyMap<string, Command>;
  readonly timePeriods: ReadonlyMap<string, TimePeriod>;
  readonly hostDependencies: readonly HostDependency[];
  readonly serviceDependencies: readonly ServiceDependency[];
  readonly hostEscalations: readonly Escalation[];
  readonly serviceEscalations: readonly Escalation[];
  readonly users: ReadonlyMap<string, User>;
  readonly roles: ReadonlyMap<RoleName, Role>;
  /** `$USER1$` … `$USER256$` from Nagios resource files, keyed by n (`$USER1$` is 1). */
  readonly userMacros: ReadonlyMap<number, string>;
}

/** The counts that `check-config` prints, keyed as SPEC §9 names them. */
export function countObjects(config: Configuration): Record<string, number> {
  return {
    hosts: config.hosts.size,
    services: config.services.size,
    hostgroups: config.hostGroups.size,
    servicegroups: config.serviceGroups.size,
    contacts: config.contacts.size,
    contactgroups: config.contactGroups.size,
    commands: config.commands.size,
    timeperiods: config.timePeriods.size,
    hostdependencies: config.hostDependencies.length,
    servicedependencies: config.serviceDependencies.length,
    hostescalations: config.hostEscalations.length,
    serviceescalations: config.serviceEscalations.length,
    users: config.users.size,
    roles: config.roles.size,
  };
}
