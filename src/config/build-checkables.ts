/**
 * Hosts and services from their definitions, with defaults filled in and Nagios' implied
 * inheritance applied (a service without contacts takes its host's contacts, contact groups,
 * notification period and interval).
 */
import type { Checkable, Host, HostNotificationOption, Service, ServiceNotificationOption } from '../model/objects.js';
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

function checkable(def: Definition, displayName: string, inherited: Inherited | null, alwaysPeriod: string): Checkable {
  const ownContacts = listOf(def, 'contacts');
  const ownGroups = listOf(def, 'contact_groups');
  const inheritContacts = inherited !== null && ownContacts === undefined && ownGroups === undefined;
  const checkInterval = numberOf(def, 'check_interval') ?? DEFAULTS.checkInterval;
  return {
    displayName,
    checkCommand: commandOf(def, 'check_command') ?? null,
    checkInterval,
    retryInterval: numberOf(def, 'retry_interval') ?? DEFAULTS.retryInterval,
    maxCheckAttempts: numberOf(def, 'max_check_attempts') ?? DEFAULTS.maxCheckAttempts,
    checkPeriod: textOf(def, 'check_period') ?? alwaysPeriod,
    activeChecksEnabled: boolOf(def, 'active_checks_enabled') ?? true,
    passiveChecksEnabled: boolOf(def, 'passive_checks_enabled') ?? true,
    checkFreshness: boolOf(def, 'check_freshness') ?? false,
    freshnessThreshold: numberOf(def, 'freshness_threshold') ?? DEFAULTS.freshnessThreshold,
    eventHandler: commandOf(def, 'event_handler') ?? null,
    eventHandlerEnabled: boolOf(def, 'event_handler_enabled') ?? true,
    flapDetectionEnabled: boolOf(def, 'flap_detection_enabled') ?? true,
    lowFlapThreshold: numberOf(def, 'low_flap_threshold') ?? DEFAULTS.lowFlapThreshold,
    highFlapThreshold: numberOf(def, 'high_flap_threshold') ?? DEFAULTS.highFlapThreshold,
    notificationsEnabled: boolOf(def, 'notifications_enabled') ?? true,
    notificationPeriod: textOf(def, 'notification_period') ?? inherited?.notificationPeriod ?? alwaysPeriod,
    notificationInterval:
      numberOf(def, 'notification_interval') ?? inherited?.notificationInterval ?? DEFAULTS.notificationInterval,
    firstNotificationDelay: numberOf(def, 'first_notification_delay') ?? DEFAULTS.firstNotificationDelay,
    contacts: inheritContacts ? inherited.contacts : (ownContacts ?? NONE),
    contactGroups: inheritContacts ? inherited.contactGroups : (ownGroups ?? NONE),
    notes: textOf(def, 'notes') ?? '',
    notesUrl: textOf(def, 'notes_url') ?? '',
    actionUrl: textOf(def, 'action_url') ?? '',
    iconImage: textOf(def, 'icon_image') ?? '',
    customAttributes: customAttributesOf(def),
    labels: labelsOf(def),
    source: def.source,
  };
}

function withoutNone<T extends string>(options: readonly string[] | undefined, all: readonly T[]): readonly T[] {
  if (options === undefined) return all;
  if (options.includes('n')) return NONE as readonly T[];
  return options.filter((o): o is T => (all as readonly string[]).includes(o));
}

/** A host from its definition; `hostGroups` comes from resolved membership (both sides). */
export function buildHost(def: Definition, name: string, hostGroups: readonly string[], alwaysPeriod: string): Host {
  return {
    ...checkable(def, textOf(def, 'display_name') ?? name, null, alwaysPeriod),
    name,
    alias: textOf(def, 'alias') ?? name,
    // Nagios uses the host name as address when none is given.
    address: textOf(def, 'address') ?? textOf(def, 'address6') ?? name,
    parents: listOf(def, 'parents') ?? NONE,
    hostGroups,
    notificationOptions: withoutNone<HostNotificationOption>(
      listOf(def, 'notification_options'),
      DEFAULTS.hostNotificationOptions,
    ),
    folder: def.folder,
    site: textOf(def, 'site') ?? null,
  };
}

/** What a host passes on to its services. */
export function inheritedFrom(host: Host): Inherited {
  return {
    contacts: host.contacts,
    contactGroups: host.contactGroups,
    notificationPeriod: host.notificationPeriod,
    notificationInterval: host.notificationInterval,
  };
}

/** A service of `hostName`; `serviceGroups` comes from resolved membership. */
export function buildService(
  def: Definition,
  hostName: string,
  description: string,
  inherited: Inherited,
  alwaysPeriod: string,
): Service {
  return {
    ...checkable(def, textOf(def, 'display_name') ?? description, inherited, alwaysPeriod),
    hostName,
    description,
    serviceGroups: NONE,
    notificationOptions: withoutNone<ServiceNotificationOption>(
      listOf(def, 'notification_options'),
      DEFAULTS.serviceNotificationOptions,
    ),
    isVolatile: boolOf(def, 'is_volatile') ?? false,
  };
}
