/**
 * The Nagios macros of a notification ($NOTIFICATIONTYPE$, $HOSTNAME$, $SERVICEOUTPUT$,
 * $CONTACTEMAIL$, $LONGDATETIME$, ...), computed once when the notification is created, and
 * their expansion in notification command lines. Pure.
 *
 * In command lines, the output-like macros (outputs, performance data, author, comment) lose
 * the characters of Nagios' default `illegal_macro_output_chars` (`` `~$&|'"<> ``): those lines
 * usually run through a shell, and plugin output is written by whoever controls the monitored
 * machine. The environment (notification-environment.ts) carries the values unchanged.
 */
import {
  attemptOf,
  hostStatus,
  problemOf,
  serviceStatus,
  stateTypeOf,
  type HostState,
  type ServiceState,
} from '../../model/check-state.js';
import type { NotificationDecisionEvent } from '../../model/events.js';
import type { NotificationType } from '../../model/notification-decision.js';
import type { Contact, CustomAttributes, Host, Service } from '../../model/objects.js';

/** Nagios' name of a notification type. */
export const NOTIFICATION_TYPE_NAMES: Readonly<Record<NotificationType, string>> = {
  problem: 'PROBLEM',
  recovery: 'RECOVERY',
  acknowledgement: 'ACKNOWLEDGEMENT',
  'flapping-start': 'FLAPPINGSTART',
  'flapping-stop': 'FLAPPINGSTOP',
  'flapping-disabled': 'FLAPPINGDISABLED',
  'downtime-start': 'DOWNTIMESTART',
  'downtime-end': 'DOWNTIMEEND',
  'downtime-cancelled': 'DOWNTIMECANCELLED',
};

/** What the macros are computed from. */
export interface MacroSource {
  readonly event: NotificationDecisionEvent;
  readonly host: Host;
  readonly hostState: HostState;
  /** `null` for a host notification. */
  readonly service: { readonly service: Service; readonly state: ServiceState } | null;
  /** Nagios' name of the last HARD state before this one (`OK`, `DOWN`), `''` when not known. */
  readonly previousHardState: string;
  /** IANA zone of the date macros; `''` is the system's. */
  readonly timeZone: string;
}

const OUTPUT_MACROS = new Set([
  'HOSTOUTPUT',
  'LONGHOSTOUTPUT',
  'HOSTPERFDATA',
  'SERVICEOUTPUT',
  'LONGSERVICEOUTPUT',
  'SERVICEPERFDATA',
  'NOTIFICATIONAUTHOR',
  'NOTIFICATIONAUTHORNAME',
  'NOTIFICATIONAUTHORALIAS',
  'NOTIFICATIONCOMMENT',
  'HOSTACKAUTHOR',
  'HOSTACKCOMMENT',
  'SERVICEACKAUTHOR',
  'SERVICEACKCOMMENT',
]);

/** Nagios' default illegal_macro_output_chars. */
const ILLEGAL_OUTPUT_CHARS = /[`~$&|'"<>]/g;

function addCustom(out: Record<string, string>, prefix: string, attributes: CustomAttributes): void {
  for (const [key, value] of Object.entries(attributes)) out[`${prefix}${key.replace(/^_/, '')}`] = value;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Making a DateTimeFormat costs more than the rest of routing a notification: one per zone is kept.
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = DATE_FORMATS.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      ...(timeZone === '' ? {} : { timeZone }),
      weekday: 'short',
      month: 'short',
      day: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    DATE_FORMATS.set(timeZone, format);
  }
  return format;
}

/** The date macros of `at` in `timeZone`, in Nagios' default (`us`) date format. */
export function dateMacros(at: number, timeZone: string): Record<string, string> {
  const parts = dateFormat(timeZone).formatToParts(new Date(at));
  const p = (type: Intl.DateTimeFormatPartTypes): string => parts.find((x) => x.type === type)?.value ?? '';
  const monthNumber = String(MONTHS.indexOf(p('month')) + 1).padStart(2, '0');
  const time = `${p('hour')}:${p('minute')}:${p('second')}`;
  const date = `${monthNumber}-${p('day')}-${p('year')}`;
  return {
    LONGDATETIME: `${p('weekday')} ${p('month')} ${p('day')} ${time} ${p('timeZoneName')} ${p('year')}`,
    SHORTDATETIME: `${date} ${time}`,
    DATE: date,
    TIME: time,
    TIMET: String(Math.floor(at / 1000)),
  };
}

interface StateNames {
  readonly current: { readonly name: string; readonly id: number };
  readonly last: { readonly name: string; readonly id: number };
}

function stateMacros(
  prefix: 'HOST' | 'SERVICE',
  state: HostState | ServiceState,
  names: StateNames,
): Record<string, string> {
  const observed = state.kind === 'pending' ? null : state;
  return {
    [`${prefix}STATE`]: names.current.name,
    [`${prefix}STATEID`]: String(names.current.id),
    [`LAST${prefix}STATE`]: names.last.name,
    [`LAST${prefix}STATEID`]: String(names.last.id),
    [`${prefix}STATETYPE`]: stateTypeOf(state).toUpperCase(),
    [`${prefix}ATTEMPT`]: String(attemptOf(state)),
    [`${prefix}OUTPUT`]: observed?.output ?? '',
    [`LONG${prefix}OUTPUT`]: observed?.longOutput ?? '',
    [`${prefix}PERFDATA`]: observed?.perfdata ?? '',
  };
}

function hostNames(state: HostState): StateNames {
  return {
    current: hostStatus(problemOf(state)),
    last: hostStatus(state.kind === 'pending' ? null : state.previousProblem),
  };
}

function serviceNames(state: ServiceState): StateNames {
  return {
    current: serviceStatus(problemOf(state)),
    last: serviceStatus(state.kind === 'pending' ? null : state.previousProblem),
  };
}

/** The macros of a notification, without the contact's. */
export function notificationMacros(source: MacroSource): Record<string, string> {
  const { event, host } = source;
  const out: Record<string, string> = {
    NOTIFICATIONTYPE: NOTIFICATION_TYPE_NAMES[event.type],
    NOTIFICATIONNUMBER: String(event.number),
    NOTIFICATIONAUTHOR: event.author,
    NOTIFICATIONAUTHORNAME: event.author,
    NOTIFICATIONAUTHORALIAS: event.author,
    NOTIFICATIONCOMMENT: event.comment,
    NOTIFICATIONISESCALATED: '0',
    HOSTNAME: host.name,
    HOSTALIAS: host.alias,
    HOSTADDRESS: host.address,
    HOSTDISPLAYNAME: host.displayName,
    ...stateMacros('HOST', source.hostState, hostNames(source.hostState)),
    MAXHOSTATTEMPTS: String(host.maxCheckAttempts),
    HOSTGROUPNAMES: host.hostGroups.join(','),
    HOSTGROUPNAME: host.hostGroups[0] ?? '',
    HOSTNOTES: host.notes,
    HOSTNOTESURL: host.notesUrl,
    ...dateMacros(event.at, source.timeZone),
  };
  addCustom(out, '_HOST', host.customAttributes);
  // The state is the one the decision was about (the same as the current one, when routed at once).
  if (source.service === null) {
    const decided = hostStatus(event.problem === 'down' || event.problem === 'unreachable' ? event.problem : null);
    out.HOSTSTATE = decided.name;
    out.HOSTSTATEID = String(decided.id);
    out.HOSTNOTIFICATIONNUMBER = String(event.number);
    out.HOSTOUTPUT = event.output;
    out.PREVIOUSHOSTHARDSTATE = source.previousHardState;
  } else {
    const { service, state } = source.service;
    Object.assign(out, stateMacros('SERVICE', state, serviceNames(state)));
    const problem = event.problem;
    const decided = serviceStatus(
      problem === 'warning' || problem === 'critical' || problem === 'unknown' ? problem : null,
    );
    out.SERVICESTATE = decided.name;
    out.SERVICESTATEID = String(decided.id);
    out.SERVICEDESC = service.description;
    out.SERVICEDISPLAYNAME = service.displayName;
    out.MAXSERVICEATTEMPTS = String(service.maxCheckAttempts);
    out.SERVICEGROUPNAMES = service.serviceGroups.join(',');
    out.SERVICEGROUPNAME = service.serviceGroups[0] ?? '';
    out.SERVICENOTES = service.notes;
    out.SERVICENOTESURL = service.notesUrl;
    out.SERVICENOTIFICATIONNUMBER = String(event.number);
    out.SERVICEOUTPUT = event.output;
    out.PREVIOUSSERVICEHARDSTATE = source.previousHardState;
    addCustom(out, '_SERVICE', service.customAttributes);
  }
  return out;
}

/** The contact's macros. */
export function contactMacros(contact: Contact): Record<string, string> {
  const out: Record<string, string> = {
    CONTACTNAME: contact.name,
    CONTACTALIAS: contact.alias,
    CONTACTEMAIL: contact.email,
    CONTACTPAGER: contact.pager,
    CONTACTGROUPNAMES: contact.contactGroups.join(','),
  };
  for (let i = 0; i < 6; i++) out[`CONTACTADDRESS${i + 1}`] = contact.addresses[i] ?? '';
  addCustom(out, '_CONTACT', contact.customAttributes);
  return out;
}

/** Macros Nagios knows that a notification may leave without value: they expand to nothing. */
const KNOWN_EMPTY =
  /^(SERVICE|LASTSERVICE|LONGSERVICE|MAXSERVICE|HOST|CONTACT|NOTIFICATION|_HOST|_SERVICE|_CONTACT)[A-Z0-9_]*$/;

/**
 * Expands `$NAME$` in a notification command line: the macros, `$ARGn$` from `args`, `$USERn$`
 * from `userMacros`; `$$` is a `$`; an unknown name stays as written, as in Nagios.
 */
export function expandNotificationLine(
  line: string,
  macros: Readonly<Record<string, string>>,
  args: readonly string[] = [],
  userMacros: ReadonlyMap<number, string> = new Map(),
): string {
  const expand = (text: string, argValues: readonly string[]): string =>
    text.replace(/\$([A-Za-z0-9_]*)\$/g, (whole, name: string) => {
      if (name === '') return '$';
      const arg = /^ARG([0-9]{1,2})$/.exec(name);
      if (arg !== null) return argValues[Number(arg[1]) - 1] ?? '';
      const user = /^USER([0-9]{1,3})$/.exec(name);
      if (user !== null) return userMacros.get(Number(user[1])) ?? '';
      const value = macros[name];
      if (value !== undefined) return OUTPUT_MACROS.has(name) ? value.replace(ILLEGAL_OUTPUT_CHARS, '') : value;
      return KNOWN_EMPTY.test(name) ? '' : whole;
    });
  // Arguments are expanded first, so that `notify-by-pager!$CONTACTPAGER$` works; inside one, `$ARGn$` is empty.
  return expand(
    line,
    args.map((arg) => expand(arg, [])),
  );
}
