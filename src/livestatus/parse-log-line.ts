/**
 * Nagios monitoring log lines as the Livestatus `log` table shows them: the class, the type
 * (the part before the colon), and the fields of each kind of line in Checkmk's order
 * (`[1700000000] SERVICE ALERT: host;service;CRITICAL;HARD;3;output`). The last field takes the
 * rest of the line, so an output with `;` stays whole (Checkmk cuts it at the `;`; our own log
 * writes outputs as they are), except the `;author;comment` that acknowledgement and custom
 * notifications end in. Pure.
 */

/** Checkmk's log classes. */
export const LOG_CLASSES = {
  info: 0,
  alert: 1,
  program: 2,
  notification: 3,
  passive: 4,
  command: 5,
  state: 6,
} as const;

/** One parsed log line. Fields a line does not have are empty (0, ''). */
export interface LogEntry {
  /** Epoch seconds. */
  readonly time: number;
  readonly lineno: number;
  /** The complete line, timestamp included. */
  readonly message: string;
  readonly type: string;
  readonly options: string;
  readonly logClass: number;
  readonly hostName: string;
  readonly serviceDescription: string;
  readonly state: number;
  readonly stateType: string;
  readonly stateInfo: string;
  readonly attempt: number;
  readonly pluginOutput: string;
  readonly longPluginOutput: string;
  readonly contactName: string;
  readonly commandName: string;
  readonly comment: string;
}

type Field =
  | 'host'
  | 'service'
  | 'hostState'
  | 'serviceState'
  | 'stateType'
  | 'attempt'
  | 'output'
  | 'longOutput'
  | 'contact'
  | 'command'
  | 'comment'
  | 'ignore';

interface Kind {
  readonly logClass: number;
  readonly fields: readonly Field[];
}

const STATE_LINE: readonly Field[] = ['host', 'hostState', 'stateType', 'attempt', 'output'];
const SVC_STATE_LINE: readonly Field[] = ['host', 'service', 'serviceState', 'stateType', 'attempt', 'output'];

/** The kinds of lines with fields, by type; the last field takes the rest of the line. */
const KINDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ['INITIAL HOST STATE', { logClass: LOG_CLASSES.state, fields: STATE_LINE }],
  ['CURRENT HOST STATE', { logClass: LOG_CLASSES.state, fields: STATE_LINE }],
  ['HOST ALERT', { logClass: LOG_CLASSES.alert, fields: STATE_LINE }],
  ['INITIAL SERVICE STATE', { logClass: LOG_CLASSES.state, fields: SVC_STATE_LINE }],
  ['CURRENT SERVICE STATE', { logClass: LOG_CLASSES.state, fields: SVC_STATE_LINE }],
  ['SERVICE ALERT', { logClass: LOG_CLASSES.alert, fields: SVC_STATE_LINE }],
  ['HOST DOWNTIME ALERT', { logClass: LOG_CLASSES.alert, fields: ['host', 'stateType', 'comment'] }],
  ['SERVICE DOWNTIME ALERT', { logClass: LOG_CLASSES.alert, fields: ['host', 'service', 'stateType', 'comment'] }],
  ['HOST FLAPPING ALERT', { logClass: LOG_CLASSES.alert, fields: ['host', 'stateType', 'comment'] }],
  ['SERVICE FLAPPING ALERT', { logClass: LOG_CLASSES.alert, fields: ['host', 'service', 'stateType', 'comment'] }],
  ['HOST ACKNOWLEDGE ALERT', { logClass: LOG_CLASSES.alert, fields: ['host', 'stateType', 'contact', 'comment'] }],
  [
    'SERVICE ACKNOWLEDGE ALERT',
    { logClass: LOG_CLASSES.alert, fields: ['host', 'service', 'stateType', 'contact', 'comment'] },
  ],
  ['TIMEPERIOD TRANSITION', { logClass: LOG_CLASSES.state, fields: ['ignore', 'ignore', 'ignore'] }],
  [
    'HOST NOTIFICATION',
    { logClass: LOG_CLASSES.notification, fields: ['contact', 'host', 'stateType', 'command', 'output'] },
  ],
  [
    'SERVICE NOTIFICATION',
    {
      logClass: LOG_CLASSES.notification,
      fields: ['contact', 'host', 'service', 'stateType', 'command', 'output'],
    },
  ],
  ['PASSIVE HOST CHECK', { logClass: LOG_CLASSES.passive, fields: ['host', 'hostState', 'output'] }],
  ['PASSIVE SERVICE CHECK', { logClass: LOG_CLASSES.passive, fields: ['host', 'service', 'serviceState', 'output'] }],
  ['EXTERNAL COMMAND', { logClass: LOG_CLASSES.command, fields: [] }],
  [
    'HOST EVENT HANDLER',
    { logClass: LOG_CLASSES.info, fields: ['host', 'hostState', 'stateType', 'attempt', 'command'] },
  ],
  [
    'SERVICE EVENT HANDLER',
    { logClass: LOG_CLASSES.info, fields: ['host', 'service', 'serviceState', 'stateType', 'attempt', 'command'] },
  ],
  ['LOG VERSION', { logClass: LOG_CLASSES.program, fields: [] }],
]);

const HOST_STATES: Readonly<Record<string, number>> = { UP: 0, DOWN: 1, UNREACHABLE: 2, RECOVERY: 0 };
const SERVICE_STATES: Readonly<Record<string, number>> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3, RECOVERY: 0 };

/** Program lines without a colon that Checkmk counts as class program. */
const PROGRAM_TEXT =
  /logging initial states|starting\.\.\.|shutting down\.\.\.|Bailing out|active mode\.\.\.|standby mode\.\.\.|restarting\.\.\./;

/** A state name, or the one in parentheses (`ACKNOWLEDGEMENT (CRITICAL)`); 0 when not a state. */
function stateFromText(text: string, states: Readonly<Record<string, number>>): number {
  const inner = /\(([A-Z]+)\)/.exec(text)?.[1] ?? text;
  return states[inner] ?? 0;
}

function stateNumber(text: string): number {
  return /^[0-3]$/.test(text) ? Number(text) : 0;
}

/** Parses one line; `null` for a line without a `[time]` stamp. */
export function parseLogLine(line: string, lineno: number): LogEntry | null {
  const stamp = /^\[(\d{1,12})\] /.exec(line);
  if (stamp === null) return null;
  const text = line.slice(stamp[0].length);
  const colon = text.indexOf(': ');
  const type = colon < 0 ? text : text.slice(0, colon);
  const options = colon < 0 ? '' : text.slice(colon + 2);
  const kind = colon < 0 ? undefined : KINDS.get(type);
  const entry = {
    time: Number(stamp[1]),
    lineno,
    message: line,
    type,
    options,
    logClass: kind?.logClass ?? (PROGRAM_TEXT.test(text) ? LOG_CLASSES.program : LOG_CLASSES.info),
    hostName: '',
    serviceDescription: '',
    state: 0,
    stateType: '',
    stateInfo: '',
    attempt: 0,
    pluginOutput: '',
    longPluginOutput: '',
    contactName: '',
    commandName: '',
    comment: '',
  };
  if (kind === undefined || kind.fields.length === 0) return entry;
  const parts = options.split(';');
  const fields = kind.fields;
  const isService = fields.includes('service');
  for (let i = 0; i < fields.length; i++) {
    const last = i === fields.length - 1;
    let value = last ? parts.slice(i).join(';') : (parts[i] ?? '');
    // Acknowledgement and custom notifications end in `;author;comment` (Nagios' format).
    if (
      last &&
      fields[i] === 'output' &&
      /^(ACKNOWLEDGEMENT|CUSTOM)\b/.test(entry.stateType) &&
      parts.length >= i + 3
    ) {
      value = parts.slice(i, parts.length - 2).join(';');
      entry.comment = parts.slice(parts.length - 1).join(';');
    }
    switch (fields[i]) {
      case 'host':
        entry.hostName = value;
        break;
      case 'service':
        entry.serviceDescription = value;
        break;
      case 'hostState':
        // Passive check lines carry the number, alerts the name.
        entry.state = HOST_STATES[value] ?? stateNumber(value);
        break;
      case 'serviceState':
        entry.state = SERVICE_STATES[value] ?? stateNumber(value);
        break;
      case 'stateType':
        entry.stateType = value;
        if (kind.logClass === LOG_CLASSES.notification) {
          entry.state = stateFromText(value, isService ? SERVICE_STATES : HOST_STATES);
          entry.stateInfo = /\(([A-Z]+)\)/.test(value) ? value.slice(0, value.indexOf(' (')) : '';
        }
        break;
      case 'attempt':
        entry.attempt = Number.parseInt(value, 10) || 0;
        break;
      case 'output':
        entry.pluginOutput = value;
        break;
      case 'longOutput':
        entry.longPluginOutput = value;
        break;
      case 'contact':
        entry.contactName = value;
        break;
      case 'command':
        entry.commandName = value;
        break;
      case 'comment':
        entry.comment = value;
        break;
      case 'ignore':
      case undefined:
        break;
    }
  }
  return entry;
}
