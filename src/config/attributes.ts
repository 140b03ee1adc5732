/**
 * The attributes an administrator may set on each object type, as data. One table serves the
 * Nagios reader, the YAML reader, the JSON Schema, the converter and the builder, so the formats
 * cannot drift apart. Names are Nagios' directive names; native YAML uses the same keys.
 */

/** The object types of Nagios 4 plus Watchpost's users. */
export const OBJECT_TYPES = [
  'host',
  'service',
  'hostgroup',
  'servicegroup',
  'contact',
  'contactgroup',
  'command',
  'timeperiod',
  'hostdependency',
  'servicedependency',
  'hostescalation',
  'serviceescalation',
  'user',
] as const;

export type ObjectType = (typeof OBJECT_TYPES)[number];

/** Whether `word` names an object type. */
export function isObjectType(word: string): word is ObjectType {
  return (OBJECT_TYPES as readonly string[]).includes(word);
}

/**
 * How an attribute's value is written and what it becomes:
 * - `string`: free text; `name`: an object name (no commas);
 * - `int`, `float`: numbers; `bool`: Nagios `0`/`1`, YAML `true`/`false`;
 * - `interval`: Nagios interval units (minutes by default) or YAML `30s`/`5m`/`1h`, held in seconds;
 * - `list`: comma-separated names (wildcards and `!` exclusions where the builder allows them);
 * - `options`: comma-separated letters from `letters`;
 * - `command`: `name!arg1!arg2`; `commands`: a comma-separated list of those;
 * - `enum`: one of `values`.
 */
export type AttributeKind =
  | { readonly kind: 'string' }
  | { readonly kind: 'name' }
  | { readonly kind: 'int'; readonly min?: number }
  | { readonly kind: 'float'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'bool' }
  | { readonly kind: 'interval' }
  | { readonly kind: 'list' }
  | { readonly kind: 'options'; readonly letters: string }
  | { readonly kind: 'command' }
  | { readonly kind: 'commands' }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

export interface AttributeSpec {
  readonly name: string;
  readonly type: AttributeKind;
  readonly description: string;
  /** Read for compatibility and otherwise ignored (with a notice), e.g. Nagios' map coordinates. */
  readonly ignored?: boolean;
  /** Another spelling Nagios accepts for the same attribute (e.g. `normal_check_interval`). */
  readonly aliasOf?: string;
}

const str: AttributeKind = { kind: 'string' };
const name: AttributeKind = { kind: 'name' };
const bool: AttributeKind = { kind: 'bool' };
const interval: AttributeKind = { kind: 'interval' };
const list: AttributeKind = { kind: 'list' };
const command: AttributeKind = { kind: 'command' };
const percent: AttributeKind = { kind: 'float', min: 0, max: 100 };
const count: AttributeKind = { kind: 'int', min: 0 };

function a(
  attrName: string,
  type: AttributeKind,
  description: string,
  extra: Partial<AttributeSpec> = {},
): AttributeSpec {
  return { name: attrName, type, description, ...extra };
}

function ignored(attrName: string, description: string): AttributeSpec {
  return { name: attrName, type: str, description, ignored: true };
}

/** Attributes that hosts and services share. */
const CHECKABLE: readonly AttributeSpec[] = [
  a('display_name', str, 'Name shown in the UI instead of the object name.'),
  a('check_command', command, 'Check command with arguments, `name!arg1!arg2`.'),
  a('max_check_attempts', { kind: 'int', min: 1 }, 'Results in a problem state before it becomes HARD.'),
  a('check_interval', interval, 'Time between regular checks (Nagios: minutes; YAML also `30s`, `5m`).'),
  a('retry_interval', interval, 'Time between checks while in a SOFT problem state.'),
  a('normal_check_interval', interval, 'Old name of check_interval.', { aliasOf: 'check_interval' }),
  a('retry_check_interval', interval, 'Old name of retry_interval.', { aliasOf: 'retry_interval' }),
  a('check_period', name, 'Time period in which active checks run.'),
  a('active_checks_enabled', bool, 'Whether the site runs the check command.'),
  a('passive_checks_enabled', bool, 'Whether results submitted from outside are accepted.'),
  a('check_freshness', bool, 'Whether silence of a passive object is detected.'),
  a(
    'freshness_threshold',
    { kind: 'int', min: 0 },
    'Seconds without a result before the object is stale; 0 = automatic.',
  ),
  a('event_handler', command, 'Command run when the state changes.'),
  a('event_handler_enabled', bool, 'Whether the event handler runs.'),
  a('flap_detection_enabled', bool, 'Whether flapping is detected.'),
  a('low_flap_threshold', percent, 'Percent state change below which flapping stops; 0 = global.'),
  a('high_flap_threshold', percent, 'Percent state change above which flapping starts; 0 = global.'),
  a('notifications_enabled', bool, 'Whether problems of this object notify.'),
  a('notification_period', name, 'Time period in which notifications go out.'),
  a('notification_interval', interval, 'Time between re-notifications while a problem lasts; 0 = once.'),
  a('first_notification_delay', interval, 'Time a problem must last before the first notification.'),
  a('contacts', list, 'Contacts notified about this object.'),
  a('contact_groups', list, 'Contact groups notified about this object.'),
  a('notes', str, 'Free text shown with the object.'),
  a('notes_url', str, 'Link to more information.'),
  a('action_url', str, 'Link to an action for this object.'),
  a('icon_image', str, 'Icon shown with the object.'),
  a('icon_image_alt', str, 'Alternative text of the icon.'),
  a('obsess_over_host', bool, 'Nagios OCSP/OCHP processing; read and ignored.', { ignored: true }),
  a('obsess_over_service', bool, 'Nagios OCSP/OCHP processing; read and ignored.', { ignored: true }),
  a('obsess', bool, 'Nagios OCSP/OCHP processing; read and ignored.', { ignored: true }),
  a('process_perf_data', bool, 'Whether performance data is kept (always on here).', { ignored: true }),
  a('retain_status_information', bool, 'Always retained here.', { ignored: true }),
  a('retain_nonstatus_information', bool, 'Always retained here.', { ignored: true }),
  a('hourly_value', count, 'Nagios importance value; read and ignored.', { ignored: true }),
  a('importance', count, 'Nagios importance value; read and ignored.', { ignored: true }),
  a('failure_prediction_enabled', bool, 'Removed in Nagios 4; read and ignored.', { ignored: true }),
  a('failure_prediction_options', str, 'Removed in Nagios 4; read and ignored.', { ignored: true }),
];

const HOST: readonly AttributeSpec[] = [
  a('host_name', name, 'Unique name of the host.'),
  a('alias', str, 'Longer description of the host.'),
  a('address', str, 'IP address or DNS name the checks use.'),
  a('address6', str, 'IPv6 address (Icinga/Naemon); used when address is empty.'),
  a('parents', list, 'Hosts between the site and this host: all down makes this one UNREACHABLE.'),
  a('hostgroups', list, 'Host groups this host belongs to.'),
  a(
    'initial_state',
    { kind: 'options', letters: 'oudp' },
    'State assumed before the first check; read and ignored (PENDING).',
    { ignored: true },
  ),
  a('flap_detection_options', { kind: 'options', letters: 'oudn' }, 'States taken into account by flap detection.'),
  a(
    'notification_options',
    { kind: 'options', letters: 'durfsn' },
    'Events that notify: d, u, r, f, s (or n for none).',
  ),
  a('stalking_options', { kind: 'options', letters: 'oudnN' }, 'States whose output changes are logged.'),
  a('site', name, 'Site that monitors this host (distributed monitoring).'),
  ignored('vrml_image', 'Nagios 3D map image; read and ignored.'),
  ignored('statusmap_image', 'Nagios status map image; read and ignored.'),
  ignored('2d_coords', 'Nagios status map coordinates; read and ignored.'),
  ignored('3d_coords', 'Nagios 3D map coordinates; read and ignored.'),
  ...CHECKABLE,
];

const SERVICE: readonly AttributeSpec[] = [
  a('host_name', list, 'Host(s) this service runs on; wildcards and `!` exclusions allowed.'),
  a('hostgroup_name', list, 'Host groups on whose members this service runs.'),
  a('service_description', str, 'Name of the service, unique per host.'),
  a('servicegroups', list, 'Service groups this service belongs to.'),
  a('is_volatile', bool, 'Every problem result notifies (not only state changes).'),
  a('parents', list, 'Parent services (Nagios 4); read and ignored.', { ignored: true }),
  a('parallelize_check', bool, 'Nagios 3 check parallelization (checks always run in parallel); read and ignored.', {
    ignored: true,
  }),
  a(
    'initial_state',
    { kind: 'options', letters: 'owucp' },
    'State assumed before the first check; read and ignored (PENDING).',
    { ignored: true },
  ),
  a('flap_detection_options', { kind: 'options', letters: 'owcun' }, 'States taken into account by flap detection.'),
  a(
    'notification_options',
    { kind: 'options', letters: 'wucrfsn' },
    'Events that notify: w, u, c, r, f, s (or n for none).',
  ),
  a('stalking_options', { kind: 'options', letters: 'owucnN' }, 'States whose output changes are logged.'),
  ...CHECKABLE,
];

const CONTACT: readonly AttributeSpec[] = [
  a('contact_name', name, 'Unique name of the contact.'),
  a('alias', str, 'Full name of the contact.'),
  a('contactgroups', list, 'Contact groups this contact belongs to.'),
  a('email', str, 'E-mail address notifications go to.'),
  a('pager', str, 'Pager number or address.'),
  ...[1, 2, 3, 4, 5, 6].map((n) => a(`address${n}`, str, `Additional address ${n} ($CONTACTADDRESS${n}$).`)),
  a('host_notifications_enabled', bool, 'Whether this contact gets host notifications.'),
  a('service_notifications_enabled', bool, 'Whether this contact gets service notifications.'),
  a('host_notification_period', name, 'When this contact gets host notifications.'),
  a('service_notification_period', name, 'When this contact gets service notifications.'),
  a('host_notification_options', { kind: 'options', letters: 'durfsn' }, 'Host events this contact is told about.'),
  a(
    'service_notification_options',
    { kind: 'options', letters: 'wucrfsn' },
    'Service events this contact is told about.',
  ),
  a('host_notification_commands', { kind: 'commands' }, 'Commands that notify this contact of host events.'),
  a('service_notification_commands', { kind: 'commands' }, 'Commands that notify this contact of service events.'),
  a('can_submit_commands', bool, 'Whether this contact may send commands.'),
  a('minimum_importance', count, 'Nagios minimum importance; read and ignored.', { ignored: true }),
  a('minimum_value', count, 'Nagios minimum value; read and ignored.', { ignored: true }),
  a('retain_status_information', bool, 'Always retained here.', { ignored: true }),
  a('retain_nonstatus_information', bool, 'Always retained here.', { ignored: true }),
];

const DEPENDENCY_COMMON: readonly AttributeSpec[] = [
  a('host_name', list, 'Host(s) depended on.'),
  a('hostgroup_name', list, 'Host groups depended on.'),
  a('dependent_host_name', list, 'Host(s) that depend.'),
  a('dependent_hostgroup_name', list, 'Host groups that depend.'),
  a('inherits_parent', bool, 'Whether the dependency inherits the dependencies of the host depended on.'),
  a('dependency_period', name, 'When the dependency applies.'),
];

const ESCALATION_COMMON: readonly AttributeSpec[] = [
  a('host_name', list, 'Host(s) escalated.'),
  a('hostgroup_name', list, 'Host groups escalated.'),
  a('contacts', list, 'Contacts notified from the first notification on.'),
  a('contact_groups', list, 'Contact groups notified from the first notification on.'),
  a('first_notification', { kind: 'int', min: 1 }, 'Number of the first notification escalated.'),
  a('last_notification', count, 'Number of the last notification escalated; 0 = all after.'),
  a('notification_interval', interval, 'Time between notifications while escalated.'),
  a('escalation_period', name, 'When the escalation applies.'),
];

/** Every attribute each object type accepts, in the order the documentation lists them. */
export const ATTRIBUTES: Readonly<Record<ObjectType, readonly AttributeSpec[]>> = {
  host: HOST,
  service: SERVICE,
  hostgroup: [
    a('hostgroup_name', name, 'Unique name of the host group.'),
    a('alias', str, 'Longer description of the group.'),
    a('members', list, 'Member hosts; wildcards and `!` exclusions allowed.'),
    a('hostgroup_members', list, 'Host groups whose members belong to this group too.'),
    a('notes', str, 'Free text.'),
    a('notes_url', str, 'Link to more information.'),
    a('action_url', str, 'Link to an action.'),
  ],
  servicegroup: [
    a('servicegroup_name', name, 'Unique name of the service group.'),
    a('alias', str, 'Longer description of the group.'),
    a('members', list, 'Members as `host,service,host,service,...`.'),
    a('servicegroup_members', list, 'Service groups whose members belong to this group too.'),
    a('notes', str, 'Free text.'),
    a('notes_url', str, 'Link to more information.'),
    a('action_url', str, 'Link to an action.'),
  ],
  contact: CONTACT,
  contactgroup: [
    a('contactgroup_name', name, 'Unique name of the contact group.'),
    a('alias', str, 'Longer description of the group.'),
    a('members', list, 'Member contacts.'),
    a('contactgroup_members', list, 'Contact groups whose members belong to this group too.'),
  ],
  command: [
    a('command_name', name, 'Unique name of the command.'),
    a('command_line', str, 'Command line with Nagios macros ($HOSTADDRESS$, $ARG1$, $USER1$, ...).'),
  ],
  timeperiod: [
    a('timeperiod_name', name, 'Unique name of the time period.'),
    a('alias', str, 'Longer description.'),
    a('exclude', list, 'Time periods whose times are taken out of this one.'),
  ],
  hostdependency: [
    ...DEPENDENCY_COMMON,
    a(
      'execution_failure_criteria',
      { kind: 'options', letters: 'odupn' },
      'States of the master that suppress checks.',
    ),
    a(
      'notification_failure_criteria',
      { kind: 'options', letters: 'odupn' },
      'States of the master that suppress notifications.',
    ),
  ],
  servicedependency: [
    ...DEPENDENCY_COMMON,
    a('service_description', list, 'Service(s) depended on.'),
    a('servicegroup_name', list, 'Service groups depended on.'),
    a('dependent_service_description', list, 'Service(s) that depend.'),
    a('dependent_servicegroup_name', list, 'Service groups that depend.'),
    a(
      'execution_failure_criteria',
      { kind: 'options', letters: 'owucpn' },
      'States of the master that suppress checks.',
    ),
    a(
      'notification_failure_criteria',
      { kind: 'options', letters: 'owucpn' },
      'States of the master that suppress notifications.',
    ),
  ],
  hostescalation: [
    ...ESCALATION_COMMON,
    a('escalation_options', { kind: 'options', letters: 'durn' }, 'States escalated.'),
  ],
  serviceescalation: [
    ...ESCALATION_COMMON,
    a('service_description', list, 'Service(s) escalated.'),
    a('servicegroup_name', list, 'Service groups escalated.'),
    a('escalation_options', { kind: 'options', letters: 'wucrn' }, 'States escalated.'),
  ],
  user: [
    a('user_name', name, 'Login name of the user.'),
    a('alias', str, 'Full name.'),
    a(
      'role',
      { kind: 'enum', values: ['admin', 'user', 'guest'] },
      'admin: everything; user: own objects and folders; guest: sees all, changes nothing.',
    ),
    a('contact', name, 'Contact whose objects this user sees (default: the contact of the same name).'),
    a('email', str, 'E-mail address.'),
    a('folders', list, 'Folders under conf.d whose hosts this user manages.'),
    a('password_hash', str, 'scrypt hash written by `watchpost user passwd`.'),
  ],
};

/** The attribute that names an object of each type (used for templates, messages and duplicates). */
export const NAME_ATTRIBUTE: Readonly<Record<ObjectType, string | null>> = {
  host: 'host_name',
  service: null,
  hostgroup: 'hostgroup_name',
  servicegroup: 'servicegroup_name',
  contact: 'contact_name',
  contactgroup: 'contactgroup_name',
  command: 'command_name',
  timeperiod: 'timeperiod_name',
  hostdependency: null,
  servicedependency: null,
  hostescalation: null,
  serviceescalation: null,
  user: 'user_name',
};

const INDEX = new Map<ObjectType, ReadonlyMap<string, AttributeSpec>>(
  OBJECT_TYPES.map((type) => [type, new Map(ATTRIBUTES[type].map((spec) => [spec.name, spec]))]),
);

/** The attribute `attrName` of `type`, or `undefined` when the type has no such attribute. */
export function attributeSpec(type: ObjectType, attrName: string): AttributeSpec | undefined {
  return INDEX.get(type)?.get(attrName);
}

/** Every attribute name of `type`, for "did you mean" suggestions. */
export function attributeNames(type: ObjectType): readonly string[] {
  return ATTRIBUTES[type].map((spec) => spec.name);
}
