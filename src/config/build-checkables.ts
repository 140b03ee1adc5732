/**
 * Hosts and services from their definitions, with defaults filled in and Nagios' implied
 * inheritance applied (a service without contacts takes its host's contacts, contact groups,
 * notification period and interval).
 */
import type {
  Checkable,
  CommandCall,
  Host,
  HostNotificationOption,
  Service,
  ServiceNotificationOption,
} from '../model/objects.js';
import type { AttributeValue, Definition } from './definition.js';
import { customAttributesOf, labelsOf } from './definition-values.js';
import { DEFAULTS } from './defaults.js';
import { FieldReader } from './layered-values.js';

const NONE: readonly string[] = Object.freeze([]);

/** The attributes hosts and services are built from, read per object in one go (see {@link FieldReader}). */
const FIELDS = [
  'display_name',
  'check_command',
  'check_interval',
  'retry_interval',
  'max_check_attempts',
  'check_period',
  'active_checks_enabled',
  'passive_checks_enabled',
  'check_freshness',
  'freshness_threshold',
  'event_handler',
  'event_handler_enabled',
  'flap_detection_enabled',
  'low_flap_threshold',
  'high_flap_threshold',
  'notifications_enabled',
  'notification_period',
  'notification_interval',
  'first_notification_delay',
  'contacts',
  'contact_groups',
  'notes',
  'notes_url',
  'action_url',
  'icon_image',
  'notification_options',
  'alias',
  'address',
  'address6',
  'parents',
  'site',
  'is_volatile',
] as const;

type Field = (typeof FIELDS)[number];

/** The position of each field in what {@link FieldReader.read} answers. */
const F = Object.fromEntries(FIELDS.map((field, i) => [field, i])) as Readonly<Record<Field, number>>;

/**
 * The values of {@link FIELDS} of one definition, typed as the readers of definition-values.ts
 * type them. `v` is set to each definition's values in turn: one view serves a whole build.
 */
class FieldValues {
  constructor(public v: readonly (AttributeValue | undefined)[]) {}

  text(field: number): string | undefined {
    const value = this.v[field];
    return typeof value === 'string' ? value : undefined;
  }

  number(field: number): number | undefined {
    const value = this.v[field];
    return typeof value === 'number' ? value : undefined;
  }

  bool(field: number): boolean | undefined {
    const value = this.v[field];
    return typeof value === 'boolean' ? value : undefined;
  }

  list(field: number): readonly string[] | undefined {
    const value = this.v[field];
    if (!Array.isArray(value)) return undefined;
    const items: readonly unknown[] = value;
    for (let i = 0; i < items.length; i++) if (typeof items[i] !== 'string') return undefined;
    return value as readonly string[];
  }

  command(field: number): CommandCall | undefined {
    const value = this.v[field];
    return typeof value === 'object' && value !== null && !Array.isArray(value) && 'command' in value
      ? value
      : undefined;
  }
}

/** What a service inherits from its host when it does not set it itself. */
export interface Inherited {
  readonly contacts: readonly string[];
  readonly contactGroups: readonly string[];
  readonly notificationPeriod: string;
  readonly notificationInterval: number;
}

/**
 * A service as {@link CheckableBuilder} makes it: its id and service groups are set once every
 * service is built.
 */
export type BuiltService = Omit<Service, 'id' | 'serviceGroups'> & { id: number; serviceGroups: readonly string[] };

/** The fields hosts and services share, writable: see {@link checkableFields}. */
type CheckableFields = { -readonly [K in keyof Omit<Checkable, 'displayName'>]: Checkable[K] };

/** A {@link CheckableFields} to be overwritten. */
function blankFields(): CheckableFields {
  return {
    checkCommand: null,
    checkInterval: 0,
    retryInterval: 0,
    maxCheckAttempts: 0,
    checkPeriod: '',
    activeChecksEnabled: true,
    passiveChecksEnabled: true,
    checkFreshness: false,
    freshnessThreshold: 0,
    eventHandler: null,
    eventHandlerEnabled: true,
    flapDetectionEnabled: true,
    lowFlapThreshold: 0,
    highFlapThreshold: 0,
    notificationsEnabled: true,
    notificationPeriod: '',
    notificationInterval: 0,
    firstNotificationDelay: 0,
    contacts: NONE,
    contactGroups: NONE,
    notes: '',
    notesUrl: '',
    actionUrl: '',
    iconImage: '',
    customAttributes: {},
    labels: {},
    source: { file: '', line: 0 },
  };
}

/**
 * Writes the fields hosts and services share into `c`, which the host or service literal then
 * copies, so that each object is made by one object literal. V8 allocates the objects of a
 * literal whose objects mostly survive straight in the old generation, which spares the garbage
 * collector copying 100,000 services twice (as it must for class instances); and a literal,
 * unlike a spread copy, costs no more than a constructor. `c` is one object per builder,
 * overwritten for each host or service: a fresh one per object was 100,000 objects of garbage.
 */
function checkableFields(
  c: CheckableFields,
  def: Definition,
  f: FieldValues,
  inherited: Inherited | null,
  alwaysPeriod: string,
): void {
  const ownContacts = f.list(F.contacts);
  const ownGroups = f.list(F.contact_groups);
  const inheritContacts = inherited !== null && ownContacts === undefined && ownGroups === undefined;
  c.checkCommand = f.command(F.check_command) ?? null;
  c.checkInterval = f.number(F.check_interval) ?? DEFAULTS.checkInterval;
  c.retryInterval = f.number(F.retry_interval) ?? DEFAULTS.retryInterval;
  c.maxCheckAttempts = f.number(F.max_check_attempts) ?? DEFAULTS.maxCheckAttempts;
  c.checkPeriod = f.text(F.check_period) ?? alwaysPeriod;
  c.activeChecksEnabled = f.bool(F.active_checks_enabled) ?? true;
  c.passiveChecksEnabled = f.bool(F.passive_checks_enabled) ?? true;
  c.checkFreshness = f.bool(F.check_freshness) ?? false;
  c.freshnessThreshold = f.number(F.freshness_threshold) ?? DEFAULTS.freshnessThreshold;
  c.eventHandler = f.command(F.event_handler) ?? null;
  c.eventHandlerEnabled = f.bool(F.event_handler_enabled) ?? true;
  c.flapDetectionEnabled = f.bool(F.flap_detection_enabled) ?? true;
  c.lowFlapThreshold = f.number(F.low_flap_threshold) ?? DEFAULTS.lowFlapThreshold;
  c.highFlapThreshold = f.number(F.high_flap_threshold) ?? DEFAULTS.highFlapThreshold;
  c.notificationsEnabled = f.bool(F.notifications_enabled) ?? true;
  c.notificationPeriod = f.text(F.notification_period) ?? inherited?.notificationPeriod ?? alwaysPeriod;
  c.notificationInterval =
    f.number(F.notification_interval) ?? inherited?.notificationInterval ?? DEFAULTS.notificationInterval;
  c.firstNotificationDelay = f.number(F.first_notification_delay) ?? DEFAULTS.firstNotificationDelay;
  c.contacts = inheritContacts ? inherited.contacts : (ownContacts ?? NONE);
  c.contactGroups = inheritContacts ? inherited.contactGroups : (ownGroups ?? NONE);
  c.notes = f.text(F.notes) ?? '';
  c.notesUrl = f.text(F.notes_url) ?? '';
  c.actionUrl = f.text(F.action_url) ?? '';
  c.iconImage = f.text(F.icon_image) ?? '';
  c.customAttributes = customAttributesOf(def);
  c.labels = labelsOf(def);
  c.source = def.source;
}

/**
 * How hosts or services are built: the values of the one being built, the fields they share,
 * and what the builder remembers. One per builder and kind, reused for every object.
 */
interface Making<T extends string> {
  readonly f: FieldValues;
  readonly c: CheckableFields;
  /** The time period objects without a check or notification period get. */
  readonly always: string;
  /** The notification options of this kind of object. */
  readonly options: KnownOptions<T>;
}

function hostOf(
  making: Making<HostNotificationOption>,
  def: Definition,
  name: string,
  hostGroups: readonly string[],
): Host {
  const { f, c, always } = making;
  checkableFields(c, def, f, null, always);
  return {
    displayName: f.text(F.display_name) ?? name,
    checkCommand: c.checkCommand,
    checkInterval: c.checkInterval,
    retryInterval: c.retryInterval,
    maxCheckAttempts: c.maxCheckAttempts,
    checkPeriod: c.checkPeriod,
    activeChecksEnabled: c.activeChecksEnabled,
    passiveChecksEnabled: c.passiveChecksEnabled,
    checkFreshness: c.checkFreshness,
    freshnessThreshold: c.freshnessThreshold,
    eventHandler: c.eventHandler,
    eventHandlerEnabled: c.eventHandlerEnabled,
    flapDetectionEnabled: c.flapDetectionEnabled,
    lowFlapThreshold: c.lowFlapThreshold,
    highFlapThreshold: c.highFlapThreshold,
    notificationsEnabled: c.notificationsEnabled,
    notificationPeriod: c.notificationPeriod,
    notificationInterval: c.notificationInterval,
    firstNotificationDelay: c.firstNotificationDelay,
    contacts: c.contacts,
    contactGroups: c.contactGroups,
    notes: c.notes,
    notesUrl: c.notesUrl,
    actionUrl: c.actionUrl,
    iconImage: c.iconImage,
    customAttributes: c.customAttributes,
    labels: c.labels,
    source: c.source,
    name,
    alias: f.text(F.alias) ?? name,
    // Nagios uses the host name as address when none is given.
    address: f.text(F.address) ?? f.text(F.address6) ?? name,
    parents: f.list(F.parents) ?? NONE,
    hostGroups,
    notificationOptions: making.options.of(f.list(F.notification_options)),
    folder: def.folder,
    site: f.text(F.site) ?? null,
  };
}

function serviceOf(
  making: Making<ServiceNotificationOption>,
  def: Definition,
  host: Host,
  description: string,
): BuiltService {
  const { f, c, always } = making;
  checkableFields(c, def, f, host, always);
  return {
    // First, next to the hidden class: a Livestatus scan reads these of every service.
    id: -1,
    hostName: host.name,
    description,
    displayName: f.text(F.display_name) ?? description,
    checkCommand: c.checkCommand,
    checkInterval: c.checkInterval,
    retryInterval: c.retryInterval,
    maxCheckAttempts: c.maxCheckAttempts,
    checkPeriod: c.checkPeriod,
    activeChecksEnabled: c.activeChecksEnabled,
    passiveChecksEnabled: c.passiveChecksEnabled,
    checkFreshness: c.checkFreshness,
    freshnessThreshold: c.freshnessThreshold,
    eventHandler: c.eventHandler,
    eventHandlerEnabled: c.eventHandlerEnabled,
    flapDetectionEnabled: c.flapDetectionEnabled,
    lowFlapThreshold: c.lowFlapThreshold,
    highFlapThreshold: c.highFlapThreshold,
    notificationsEnabled: c.notificationsEnabled,
    notificationPeriod: c.notificationPeriod,
    notificationInterval: c.notificationInterval,
    firstNotificationDelay: c.firstNotificationDelay,
    contacts: c.contacts,
    contactGroups: c.contactGroups,
    notes: c.notes,
    notesUrl: c.notesUrl,
    actionUrl: c.actionUrl,
    iconImage: c.iconImage,
    customAttributes: c.customAttributes,
    labels: c.labels,
    source: c.source,
    serviceGroups: NONE,
    notificationOptions: making.options.of(f.list(F.notification_options)),
    isVolatile: f.bool(F.is_volatile) ?? false,
  };
}

/**
 * The notification options objects get from the lists their definitions hold: the options of
 * `all` in the list, none for `n`, all without a list. The last list's answer is remembered:
 * objects inheriting one template share its list.
 */
class KnownOptions<T extends string> {
  readonly #all: readonly T[];
  #last: readonly string[] | undefined = undefined;
  #lastOptions: readonly T[];

  constructor(all: readonly T[]) {
    this.#all = all;
    this.#lastOptions = all;
  }

  /** A list holding only options of `all` (the usual case) is answered itself, shared as it is. */
  of(options: readonly string[] | undefined): readonly T[] {
    if (options === this.#last) return this.#lastOptions;
    this.#last = options;
    this.#lastOptions = this.#known(options);
    return this.#lastOptions;
  }

  #known(options: readonly string[] | undefined): readonly T[] {
    if (options === undefined) return this.#all;
    if (options.includes('n')) return NONE as readonly T[];
    const known = (o: string): o is T => (this.#all as readonly string[]).includes(o);
    return isEvery(options, known) ? options : options.filter(known);
  }
}

function isEvery<T extends string>(items: readonly string[], test: (item: string) => item is T): items is readonly T[] {
  return items.every(test);
}

/**
 * Builds the hosts and services of one configuration. It remembers where the attributes of each
 * kind of definition are (see {@link FieldReader}), so it serves one build only.
 */
export class CheckableBuilder {
  readonly #reader = new FieldReader(FIELDS);
  readonly #hosts: Making<HostNotificationOption>;
  readonly #services: Making<ServiceNotificationOption>;

  /** `alwaysPeriod` is the time period objects without a check or notification period get. */
  constructor(alwaysPeriod: string) {
    const f = new FieldValues([]);
    const c = blankFields();
    this.#hosts = { f, c, always: alwaysPeriod, options: new KnownOptions(DEFAULTS.hostNotificationOptions) };
    this.#services = { f, c, always: alwaysPeriod, options: new KnownOptions(DEFAULTS.serviceNotificationOptions) };
  }

  /** A host from its definition; `hostGroups` comes from resolved membership (both sides). */
  host(def: Definition, name: string, hostGroups: readonly string[]): Host {
    this.#hosts.f.v = this.#reader.read(def.values);
    return hostOf(this.#hosts, def, name, hostGroups);
  }

  /** A service of `host` (whose contacts and notification settings it inherits); `serviceGroups` comes later. */
  service(def: Definition, host: Host, description: string): BuiltService {
    this.#services.f.v = this.#reader.read(def.values);
    return serviceOf(this.#services, def, host, description);
  }
}

/** Numbers the services built by {@link CheckableBuilder} in their final order, from 0. */
export function numberServices(services: Iterable<BuiltService>): void {
  let id = 0;
  for (const service of services) service.id = id++;
}

/** Sets the groups of a service built by {@link CheckableBuilder}, once membership is resolved. */
export function setServiceGroups(service: BuiltService, groups: readonly string[]): void {
  service.serviceGroups = groups;
}
