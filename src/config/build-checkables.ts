/**
 * Hosts and services from their definitions, with defaults filled in and Nagios' implied
 * inheritance applied (a service without contacts takes its host's contacts, contact groups,
 * notification period and interval).
 */
import type {
  Checkable,
  CommandCall,
  CustomAttributes,
  Labels,
  SourceRef,
  Host,
  HostNotificationOption,
  Service,
  ServiceNotificationOption,
} from '../model/objects.js';
import type { Definition } from './definition.js';
import { boolOf, commandOf, customAttributesOf, labelsOf, listOf, numberOf, textOf } from './definition-values.js';
import { DEFAULTS } from './defaults.js';

const NONE: readonly string[] = Object.freeze([]);

/** What a service inherits from its host when it does not set it itself. */
export interface Inherited {
  readonly contacts: readonly string[];
  readonly contactGroups: readonly string[];
  readonly notificationPeriod: string;
  readonly notificationInterval: number;
}

/**
 * The fields hosts and services share. Built as class instances rather than object spreads:
 * with 100,000 services, spread copies cost seconds and four times the memory.
 */
class CheckableFields implements Checkable {
  readonly displayName: string;
  readonly checkCommand: CommandCall | null;
  readonly checkInterval: number;
  readonly retryInterval: number;
  readonly maxCheckAttempts: number;
  readonly checkPeriod: string;
  readonly activeChecksEnabled: boolean;
  readonly passiveChecksEnabled: boolean;
  readonly checkFreshness: boolean;
  readonly freshnessThreshold: number;
  readonly eventHandler: CommandCall | null;
  readonly eventHandlerEnabled: boolean;
  readonly flapDetectionEnabled: boolean;
  readonly lowFlapThreshold: number;
  readonly highFlapThreshold: number;
  readonly notificationsEnabled: boolean;
  readonly notificationPeriod: string;
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

  constructor(def: Definition, displayName: string, inherited: Inherited | null, alwaysPeriod: string) {
    const ownContacts = listOf(def, 'contacts');
    const ownGroups = listOf(def, 'contact_groups');
    const inheritContacts = inherited !== null && ownContacts === undefined && ownGroups === undefined;
    this.displayName = displayName;
    this.checkCommand = commandOf(def, 'check_command') ?? null;
    this.checkInterval = numberOf(def, 'check_interval') ?? DEFAULTS.checkInterval;
    this.retryInterval = numberOf(def, 'retry_interval') ?? DEFAULTS.retryInterval;
    this.maxCheckAttempts = numberOf(def, 'max_check_attempts') ?? DEFAULTS.maxCheckAttempts;
    this.checkPeriod = textOf(def, 'check_period') ?? alwaysPeriod;
    this.activeChecksEnabled = boolOf(def, 'active_checks_enabled') ?? true;
    this.passiveChecksEnabled = boolOf(def, 'passive_checks_enabled') ?? true;
    this.checkFreshness = boolOf(def, 'check_freshness') ?? false;
    this.freshnessThreshold = numberOf(def, 'freshness_threshold') ?? DEFAULTS.freshnessThreshold;
    this.eventHandler = commandOf(def, 'event_handler') ?? null;
    this.eventHandlerEnabled = boolOf(def, 'event_handler_enabled') ?? true;
    this.flapDetectionEnabled = boolOf(def, 'flap_detection_enabled') ?? true;
    this.lowFlapThreshold = numberOf(def, 'low_flap_threshold') ?? DEFAULTS.lowFlapThreshold;
    this.highFlapThreshold = numberOf(def, 'high_flap_threshold') ?? DEFAULTS.highFlapThreshold;
    this.notificationsEnabled = boolOf(def, 'notifications_enabled') ?? true;
    this.notificationPeriod = textOf(def, 'notification_period') ?? inherited?.notificationPeriod ?? alwaysPeriod;
    this.notificationInterval =
      numberOf(def, 'notification_interval') ?? inherited?.notificationInterval ?? DEFAULTS.notificationInterval;
    this.firstNotificationDelay = numberOf(def, 'first_notification_delay') ?? DEFAULTS.firstNotificationDelay;
    this.contacts = inheritContacts ? inherited.contacts : (ownContacts ?? NONE);
    this.contactGroups = inheritContacts ? inherited.contactGroups : (ownGroups ?? NONE);
    this.notes = textOf(def, 'notes') ?? '';
    this.notesUrl = textOf(def, 'notes_url') ?? '';
    this.actionUrl = textOf(def, 'action_url') ?? '';
    this.iconImage = textOf(def, 'icon_image') ?? '';
    this.customAttributes = customAttributesOf(def);
    this.labels = labelsOf(def);
    this.source = def.source;
  }
}

class HostObject extends CheckableFields implements Host {
  readonly name: string;
  readonly alias: string;
  readonly address: string;
  readonly parents: readonly string[];
  readonly hostGroups: readonly string[];
  readonly notificationOptions: readonly HostNotificationOption[];
  readonly folder: string;
  readonly site: string | null;

  constructor(def: Definition, name: string, hostGroups: readonly string[], alwaysPeriod: string) {
    super(def, textOf(def, 'display_name') ?? name, null, alwaysPeriod);
    this.name = name;
    this.alias = textOf(def, 'alias') ?? name;
    // Nagios uses the host name as address when none is given.
    this.address = textOf(def, 'address') ?? textOf(def, 'address6') ?? name;
    this.parents = listOf(def, 'parents') ?? NONE;
    this.hostGroups = hostGroups;
    this.notificationOptions = withoutNone(listOf(def, 'notification_options'), DEFAULTS.hostNotificationOptions);
    this.folder = def.folder;
    this.site = textOf(def, 'site') ?? null;
  }
}

class ServiceObject extends CheckableFields implements Service {
  id = -1;
  readonly hostName: string;
  readonly description: string;
  serviceGroups: readonly string[];
  readonly notificationOptions: readonly ServiceNotificationOption[];
  readonly isVolatile: boolean;

  constructor(def: Definition, hostName: string, description: string, inherited: Inherited, alwaysPeriod: string) {
    super(def, textOf(def, 'display_name') ?? description, inherited, alwaysPeriod);
    this.hostName = hostName;
    this.description = description;
    this.serviceGroups = NONE;
    this.notificationOptions = withoutNone(listOf(def, 'notification_options'), DEFAULTS.serviceNotificationOptions);
    this.isVolatile = boolOf(def, 'is_volatile') ?? false;
  }
}

/**
 * The options of `all` in `options`; `n` means none. A list holding only options of `all` (the
 * usual case) is returned itself: it is shared by every object inheriting it.
 */
function withoutNone<T extends string>(options: readonly string[] | undefined, all: readonly T[]): readonly T[] {
  if (options === undefined) return all;
  if (options.includes('n')) return NONE as readonly T[];
  const known = (o: string): o is T => (all as readonly string[]).includes(o);
  return isEvery(options, known) ? options : options.filter(known);
}

function isEvery<T extends string>(items: readonly string[], test: (item: string) => item is T): items is readonly T[] {
  return items.every(test);
}

/** A host from its definition; `hostGroups` comes from resolved membership (both sides). */
export function buildHost(def: Definition, name: string, hostGroups: readonly string[], alwaysPeriod: string): Host {
  return new HostObject(def, name, hostGroups, alwaysPeriod);
}

/** A service of `hostName`; `serviceGroups` comes from resolved membership. */
export function buildService(
  def: Definition,
  hostName: string,
  description: string,
  inherited: Inherited,
  alwaysPeriod: string,
): Service {
  return new ServiceObject(def, hostName, description, inherited, alwaysPeriod);
}

/** Numbers the services built by {@link buildService} in their final order, from 0. */
export function numberServices(services: Iterable<Service>): void {
  let id = 0;
  for (const service of services) if (service instanceof ServiceObject) service.id = id++;
}

/** Sets the groups of a service built by {@link buildService}, once membership is resolved. */
export function setServiceGroups(service: Service, groups: readonly string[]): void {
  if (service instanceof ServiceObject) service.serviceGroups = groups;
}
