/**
 * The external commands Livestatus accepts and the arguments each takes, as Nagios, Naemon and
 * Checkmk define them. A `service` argument is two fields (`host;description`); a `text`
 * argument at the end takes the rest of the line, `;` included.
 */

/** The kind of one argument, which says how its field(s) are checked. */
export type ArgumentKind =
  | 'host'
  | 'service'
  | 'hostgroup'
  | 'servicegroup'
  | 'contact'
  | 'bool'
  | 'int'
  | 'time'
  | 'state'
  | 'id'
  | 'float'
  | 'word'
  | 'text';

type Signature = readonly ArgumentKind[];

const ACK_HOST: Signature = ['host', 'int', 'bool', 'bool', 'word', 'text'];
const ACK_SVC: Signature = ['service', 'int', 'bool', 'bool', 'word', 'text'];
const DOWNTIME = (target: ArgumentKind): Signature => [target, 'time', 'time', 'bool', 'id', 'int', 'word', 'text'];

/** Commands that take nothing: global switches and process control. */
const GLOBAL = [
  'ENABLE_NOTIFICATIONS',
  'DISABLE_NOTIFICATIONS',
  'START_EXECUTING_HOST_CHECKS',
  'STOP_EXECUTING_HOST_CHECKS',
  'START_EXECUTING_SVC_CHECKS',
  'STOP_EXECUTING_SVC_CHECKS',
  'START_ACCEPTING_PASSIVE_HOST_CHECKS',
  'STOP_ACCEPTING_PASSIVE_HOST_CHECKS',
  'START_ACCEPTING_PASSIVE_SVC_CHECKS',
  'STOP_ACCEPTING_PASSIVE_SVC_CHECKS',
  'ENABLE_FLAP_DETECTION',
  'DISABLE_FLAP_DETECTION',
  'ENABLE_EVENT_HANDLERS',
  'DISABLE_EVENT_HANDLERS',
  'ENABLE_PERFORMANCE_DATA',
  'DISABLE_PERFORMANCE_DATA',
  'ENABLE_SERVICE_FRESHNESS_CHECKS',
  'DISABLE_SERVICE_FRESHNESS_CHECKS',
  'ENABLE_HOST_FRESHNESS_CHECKS',
  'DISABLE_HOST_FRESHNESS_CHECKS',
  'SAVE_STATE_INFORMATION',
  'READ_STATE_INFORMATION',
  'RESTART_PROCESS',
  'SHUTDOWN_PROCESS',
] as const;

/** ENABLE_/DISABLE_ pairs that take one object. */
const TOGGLES: readonly (readonly [string, ArgumentKind])[] = [
  ['HOST_NOTIFICATIONS', 'host'],
  ['SVC_NOTIFICATIONS', 'service'],
  ['HOST_SVC_NOTIFICATIONS', 'host'],
  ['HOST_CHECK', 'host'],
  ['SVC_CHECK', 'service'],
  ['HOST_SVC_CHECKS', 'host'],
  ['PASSIVE_HOST_CHECKS', 'host'],
  ['PASSIVE_SVC_CHECKS', 'service'],
  ['HOST_FLAP_DETECTION', 'host'],
  ['SVC_FLAP_DETECTION', 'service'],
  ['HOST_EVENT_HANDLER', 'host'],
  ['SVC_EVENT_HANDLER', 'service'],
  ['HOSTGROUP_HOST_NOTIFICATIONS', 'hostgroup'],
  ['HOSTGROUP_SVC_NOTIFICATIONS', 'hostgroup'],
  ['HOSTGROUP_HOST_CHECKS', 'hostgroup'],
  ['HOSTGROUP_SVC_CHECKS', 'hostgroup'],
  ['SERVICEGROUP_HOST_NOTIFICATIONS', 'servicegroup'],
  ['SERVICEGROUP_SVC_NOTIFICATIONS', 'servicegroup'],
  ['SERVICEGROUP_HOST_CHECKS', 'servicegroup'],
  ['SERVICEGROUP_SVC_CHECKS', 'servicegroup'],
  ['CONTACT_HOST_NOTIFICATIONS', 'contact'],
  ['CONTACT_SVC_NOTIFICATIONS', 'contact'],
];

/** The signature of every known command. */
export const COMMAND_SIGNATURES: ReadonlyMap<string, Signature> = new Map<string, Signature>([
  ...GLOBAL.map((name) => [name, []] as const),
  ...TOGGLES.flatMap(([rest, kind]) => [[`ENABLE_${rest}`, [kind]] as const, [`DISABLE_${rest}`, [kind]] as const]),
  ['ACKNOWLEDGE_HOST_PROBLEM', ACK_HOST],
  ['ACKNOWLEDGE_SVC_PROBLEM', ACK_SVC],
  ['ACKNOWLEDGE_HOST_PROBLEM_EXPIRE', ['host', 'int', 'bool', 'bool', 'time', 'word', 'text']],
  ['ACKNOWLEDGE_SVC_PROBLEM_EXPIRE', ['service', 'int', 'bool', 'bool', 'time', 'word', 'text']],
  ['REMOVE_HOST_ACKNOWLEDGEMENT', ['host']],
  ['REMOVE_SVC_ACKNOWLEDGEMENT', ['service']],
  ['SCHEDULE_HOST_DOWNTIME', DOWNTIME('host')],
  ['SCHEDULE_SVC_DOWNTIME', DOWNTIME('service')],
  ['SCHEDULE_HOST_SVC_DOWNTIME', DOWNTIME('host')],
  ['SCHEDULE_HOSTGROUP_HOST_DOWNTIME', DOWNTIME('hostgroup')],
  ['SCHEDULE_HOSTGROUP_SVC_DOWNTIME', DOWNTIME('hostgroup')],
  ['SCHEDULE_SERVICEGROUP_HOST_DOWNTIME', DOWNTIME('servicegroup')],
  ['SCHEDULE_SERVICEGROUP_SVC_DOWNTIME', DOWNTIME('servicegroup')],
  ['SCHEDULE_AND_PROPAGATE_HOST_DOWNTIME', DOWNTIME('host')],
  ['SCHEDULE_AND_PROPAGATE_TRIGGERED_HOST_DOWNTIME', DOWNTIME('host')],
  ['DEL_HOST_DOWNTIME', ['id']],
  ['DEL_SVC_DOWNTIME', ['id']],
  ['PROCESS_HOST_CHECK_RESULT', ['host', 'state', 'text']],
  ['PROCESS_SERVICE_CHECK_RESULT', ['service', 'state', 'text']],
  ['SCHEDULE_HOST_CHECK', ['host', 'time']],
  ['SCHEDULE_FORCED_HOST_CHECK', ['host', 'time']],
  ['SCHEDULE_SVC_CHECK', ['service', 'time']],
  ['SCHEDULE_FORCED_SVC_CHECK', ['service', 'time']],
  ['SCHEDULE_HOST_SVC_CHECKS', ['host', 'time']],
  ['SCHEDULE_FORCED_HOST_SVC_CHECKS', ['host', 'time']],
  ['ADD_HOST_COMMENT', ['host', 'bool', 'word', 'text']],
  ['ADD_SVC_COMMENT', ['service', 'bool', 'word', 'text']],
  ['DEL_HOST_COMMENT', ['id']],
  ['DEL_SVC_COMMENT', ['id']],
  ['DEL_ALL_HOST_COMMENTS', ['host']],
  ['DEL_ALL_SVC_COMMENTS', ['service']],
  ['SEND_CUSTOM_HOST_NOTIFICATION', ['host', 'int', 'word', 'text']],
  ['SEND_CUSTOM_SVC_NOTIFICATION', ['service', 'int', 'word', 'text']],
  ['CHANGE_HOST_MODATTR', ['host', 'int']],
  ['CHANGE_SVC_MODATTR', ['service', 'int']],
  ['CHANGE_CONTACT_MODATTR', ['contact', 'int']],
  ['CHANGE_CUSTOM_HOST_VAR', ['host', 'word', 'text']],
  ['CHANGE_CUSTOM_SVC_VAR', ['service', 'word', 'text']],
  ['CHANGE_HOST_CHECK_COMMAND', ['host', 'text']],
  ['CHANGE_SVC_CHECK_COMMAND', ['service', 'text']],
  ['CHANGE_NORMAL_HOST_CHECK_INTERVAL', ['host', 'float']],
  ['CHANGE_NORMAL_SVC_CHECK_INTERVAL', ['service', 'float']],
  ['CHANGE_RETRY_HOST_CHECK_INTERVAL', ['host', 'float']],
  ['CHANGE_RETRY_SVC_CHECK_INTERVAL', ['service', 'float']],
  ['CHANGE_MAX_HOST_CHECK_ATTEMPTS', ['host', 'int']],
  ['CHANGE_MAX_SVC_CHECK_ATTEMPTS', ['service', 'int']],
  ['DELAY_HOST_NOTIFICATION', ['host', 'time']],
  ['DELAY_SVC_NOTIFICATION', ['service', 'time']],
  ['LOG', ['text']],
]);

/** The field names of a signature for messages: `host;service;time`. */
export function describeSignature(signature: Signature): string {
  return signature.map((kind) => (kind === 'service' ? 'host;service' : kind)).join(';');
}

/** Why a field does not fit its kind, or `null` when it does. */
export function checkArgument(kind: ArgumentKind, field: string): string | null {
  switch (kind) {
    case 'host':
    case 'service':
    case 'hostgroup':
    case 'servicegroup':
    case 'contact':
      return field === '' ? `empty ${kind} name` : null;
    case 'bool':
      return /^[01]$/.test(field) ? null : `expected 0 or 1, got '${field}'`;
    case 'int':
    case 'id':
      return /^-?\d{1,15}$/.test(field) ? null : `expected a whole number, got '${field}'`;
    case 'time':
      return /^\d{1,12}$/.test(field) ? null : `expected a time in epoch seconds, got '${field}'`;
    case 'state':
      return /^[0-3]$/.test(field) ? null : `expected a state 0..3, got '${field}'`;
    case 'float':
      return /^-?(\d+\.?\d*|\.\d+)$/.test(field) ? null : `expected a number, got '${field}'`;
    case 'word':
    case 'text':
      return null;
  }
}
