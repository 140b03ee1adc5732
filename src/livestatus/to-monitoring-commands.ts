/**
 * External commands (Nagios' names and argument order) as commands to the monitoring core.
 * One external command may become several (a host downtime with its services, a switch for
 * every member of a group); a command the core cannot carry out is an error, never ignored.
 * With `AuthUser` every object a command touches must be one the user may see (a contact of
 * it, directly or through a contact group; roles that see everything see all), and commands
 * without an object (global switches) are for such roles only.
 */
import { parsePluginOutput } from '../checks/plugin-output.js';
import type { PluginStatus } from '../model/check-result.js';
import type { Comment } from '../model/comment.js';
import type { Downtime } from '../model/downtime.js';
import type { MasterSwitch } from '../model/master-control.js';
import type { MonitoringCommand } from '../model/monitoring-command.js';
import { hostRef, type ObjectRef } from '../model/object-ref.js';
import type { Checkable, Configuration } from '../model/objects.js';
import type { ExternalCommand } from './ports.js';
import { lookupService } from '../model/service-index.js';

/** The monitoring commands an external command becomes, or why it cannot be carried out. */
export type Translation =
  | { readonly ok: true; readonly commands: readonly MonitoringCommand[] }
  /** `forbidden`: the command's AuthUser may not send it (the command itself is fine). */
  | { readonly ok: false; readonly error: string; readonly forbidden?: true };

/**
 * What the engine holds that some commands need: the comments (DEL_ALL_*_COMMENTS, and whom a
 * comment id belongs to) and the downtimes (whom a downtime id belongs to, with AuthUser).
 * The running `Monitoring` fits as it is.
 */
export interface CommandState {
  comments(): { values(): Iterable<Comment> };
  downtimes(): readonly Downtime[];
}

/** Whom an object toggle is about. */
type ToggleTarget =
  | 'host'
  | 'service'
  | 'host-services'
  | 'hostgroup-hosts'
  | 'hostgroup-services'
  | 'servicegroup-hosts'
  | 'servicegroup-services';

/** ENABLE_x / DISABLE_x: what x switches, and for whom. */
const TOGGLES: Readonly<Record<string, readonly [ToggleTarget, MasterSwitch]>> = {
  HOST_NOTIFICATIONS: ['host', 'notifications'],
  SVC_NOTIFICATIONS: ['service', 'notifications'],
  HOST_SVC_NOTIFICATIONS: ['host-services', 'notifications'],
  HOST_CHECK: ['host', 'activeChecks'],
  SVC_CHECK: ['service', 'activeChecks'],
  HOST_SVC_CHECKS: ['host-services', 'activeChecks'],
  PASSIVE_HOST_CHECKS: ['host', 'passiveChecks'],
  PASSIVE_SVC_CHECKS: ['service', 'passiveChecks'],
  HOST_FLAP_DETECTION: ['host', 'flapDetection'],
  SVC_FLAP_DETECTION: ['service', 'flapDetection'],
  HOST_EVENT_HANDLER: ['host', 'eventHandlers'],
  SVC_EVENT_HANDLER: ['service', 'eventHandlers'],
  HOSTGROUP_HOST_NOTIFICATIONS: ['hostgroup-hosts', 'notifications'],
  HOSTGROUP_SVC_NOTIFICATIONS: ['hostgroup-services', 'notifications'],
  HOSTGROUP_HOST_CHECKS: ['hostgroup-hosts', 'activeChecks'],
  HOSTGROUP_SVC_CHECKS: ['hostgroup-services', 'activeChecks'],
  SERVICEGROUP_HOST_NOTIFICATIONS: ['servicegroup-hosts', 'notifications'],
  SERVICEGROUP_SVC_NOTIFICATIONS: ['servicegroup-services', 'notifications'],
  SERVICEGROUP_HOST_CHECKS: ['servicegroup-hosts', 'activeChecks'],
  SERVICEGROUP_SVC_CHECKS: ['servicegroup-services', 'activeChecks'],
};

const GLOBAL_SWITCHES: Readonly<Record<string, readonly [MasterSwitch, boolean]>> = {
  ENABLE_NOTIFICATIONS: ['notifications', true],
  DISABLE_NOTIFICATIONS: ['notifications', false],
  START_EXECUTING_HOST_CHECKS: ['activeChecks', true],
  STOP_EXECUTING_HOST_CHECKS: ['activeChecks', false],
  START_EXECUTING_SVC_CHECKS: ['activeChecks', true],
  STOP_EXECUTING_SVC_CHECKS: ['activeChecks', false],
  START_ACCEPTING_PASSIVE_HOST_CHECKS: ['passiveChecks', true],
  STOP_ACCEPTING_PASSIVE_HOST_CHECKS: ['passiveChecks', false],
  START_ACCEPTING_PASSIVE_SVC_CHECKS: ['passiveChecks', true],
  STOP_ACCEPTING_PASSIVE_SVC_CHECKS: ['passiveChecks', false],
  ENABLE_FLAP_DETECTION: ['flapDetection', true],
  DISABLE_FLAP_DETECTION: ['flapDetection', false],
  ENABLE_EVENT_HANDLERS: ['eventHandlers', true],
  DISABLE_EVENT_HANDLERS: ['eventHandlers', false],
};

/** Commands the engine cannot carry out, with the reason given to whoever sent one. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  SCHEDULE_AND_PROPAGATE_TRIGGERED_HOST_DOWNTIME:
    'triggered propagation is not supported: the id of the parent downtime is not known before it is scheduled',
};

const failed = (error: string): Translation => ({ ok: false, error });
const forbidden = (error: string): Translation => ({ ok: false, error, forbidden: true });

function ok(...commands: MonitoringCommand[]): Translation {
  return { ok: true, commands };
}

/** The services of each host, built once per configuration. */
const servicesByHost = new WeakMap<Configuration, Map<string, ObjectRef[]>>();

/** The services of a host, as references. */
function servicesOf(hostName: string, config: Configuration): readonly ObjectRef[] {
  let byHost = servicesByHost.get(config);
  if (byHost === undefined) {
    byHost = new Map();
    for (const service of config.services.values()) {
      const ref: ObjectRef = { object: 'service', hostName: service.hostName, description: service.description };
      const list = byHost.get(service.hostName);
      if (list === undefined) byHost.set(service.hostName, [ref]);
      else list.push(ref);
    }
    servicesByHost.set(config, byHost);
  }
  return byHost.get(hostName) ?? [];
}

/** The object named by the first argument(s): a host, or a host and a service. */
function target(command: ExternalCommand, isService: boolean, config: Configuration): ObjectRef | string {
  const [hostName = '', description = ''] = command.args;
  if (!config.hosts.has(hostName)) return `unknown host '${hostName}'`;
  if (!isService) return hostRef(hostName);
  if (lookupService(config.services, hostName, description) === undefined) {
    return `unknown service '${hostName};${description}'`;
  }
  return { object: 'service', hostName, description };
}

/** The objects a toggle or group command is about, or why there are none to find. */
function targetsOf(kind: ToggleTarget, command: ExternalCommand, config: Configuration): readonly ObjectRef[] | string {
  const name = command.args[0] ?? '';
  switch (kind) {
    case 'host':
    case 'service': {
      const ref = target(command, kind === 'service', config);
      return typeof ref === 'string' ? ref : [ref];
    }
    case 'host-services': {
      const ref = target(command, false, config);
      return typeof ref === 'string' ? ref : servicesOf(ref.hostName, config);
    }
    case 'hostgroup-hosts':
    case 'hostgroup-services': {
      const group = config.hostGroups.get(name);
      if (group === undefined) return `unknown host group '${name}'`;
      const hosts = group.members.filter((h) => config.hosts.has(h));
      return kind === 'hostgroup-hosts' ? hosts.map(hostRef) : hosts.flatMap((h) => servicesOf(h, config));
    }
    case 'servicegroup-hosts':
    case 'servicegroup-services': {
      const group = config.serviceGroups.get(name);
      if (group === undefined) return `unknown service group '${name}'`;
      const members = group.members.filter(
        (m) => lookupService(config.services, m.hostName, m.description) !== undefined,
      );
      if (kind === 'servicegroup-services') {
        return members.map((m): ObjectRef => ({ object: 'service', hostName: m.hostName, description: m.description }));
      }
      return [...new Set(members.map((m) => m.hostName))].map(hostRef);
    }
  }
}

/** A host and every host below it (its children, their children, ...), each once. */
function hostAndDescendants(hostName: string, config: Configuration): ObjectRef[] {
  const childs = new Map<string, string[]>();
  for (const host of config.hosts.values()) {
    for (const parent of host.parents) {
      const list = childs.get(parent);
      if (list === undefined) childs.set(parent, [host.name]);
      else list.push(host.name);
    }
  }
  const seen = new Set<string>([hostName]);
  const queue = [hostName];
  for (let i = 0; i < queue.length; i++) {
    for (const child of childs.get(queue[i] ?? '') ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return queue.map(hostRef);
}

const seconds = (field: string | undefined): number => Number(field ?? '0') * 1000;

/** The downtimes a SCHEDULE_*_DOWNTIME command asks for, one per object. */
function downtimesFor(refs: readonly ObjectRef[], fields: readonly string[], includeServices: boolean): Translation {
  const [start, end, fixed = '1', trigger = '0', duration = '0', author = '', comment = ''] = fields;
  return ok(
    ...refs.map((ref): MonitoringCommand => ({
      kind: 'schedule-downtime',
      target: ref,
      start: seconds(start),
      end: seconds(end),
      fixed: fixed !== '0',
      durationMs: seconds(duration),
      triggeredBy: trigger === '0' ? null : Number(trigger),
      author,
      comment,
      ...(includeServices ? { includeServices: true } : {}),
    })),
  );
}

/** Translates one command, without looking at who sent it. */
function translate(
  command: ExternalCommand,
  config: Configuration,
  now: number,
  state: CommandState | undefined,
): Translation {
  const name = command.name;
  const unsupported = UNSUPPORTED[name];
  if (unsupported !== undefined) return failed(`${name}: ${unsupported}`);
  const global = GLOBAL_SWITCHES[name];
  if (global !== undefined) return ok({ kind: 'set-switch', scope: 'global', name: global[0], enabled: global[1] });

  const toggle = /^(ENABLE|DISABLE)_(.+)$/.exec(name);
  const toggled = toggle === null ? undefined : TOGGLES[toggle[2] ?? ''];
  if (toggle !== null && toggled !== undefined) {
    const refs = targetsOf(toggled[0], command, config);
    if (typeof refs === 'string') return failed(refs);
    const enabled = toggle[1] === 'ENABLE';
    return ok(...refs.map((scope): MonitoringCommand => ({ kind: 'set-switch', scope, name: toggled[1], enabled })));
  }

  const isService = name.includes('_SVC_') || name.includes('SERVICE_');
  const rest = command.args.slice(isService ? 2 : 1);
  switch (name) {
    case 'ACKNOWLEDGE_HOST_PROBLEM':
    case 'ACKNOWLEDGE_SVC_PROBLEM':
    case 'ACKNOWLEDGE_HOST_PROBLEM_EXPIRE':
    case 'ACKNOWLEDGE_SVC_PROBLEM_EXPIRE': {
      const ref = target(command, isService, config);
      if (typeof ref === 'string') return failed(ref);
      const expiring = name.endsWith('_EXPIRE');
      const [sticky = '0', notify = '0', persistent = '0', ...more] = rest;
      const [end = '0', author = '', written = ''] = expiring ? more : ['0', ...more];
      // The Checkmk GUI sends an end time as one more field after the comment (a CMC extension);
      // it refuses `;` in acknowledgement comments, so a trailing `;<epoch>` is that field.
      const appended = expiring ? null : /^(.*);(\d{9,12})$/s.exec(written);
      const comment = appended?.[1] ?? written;
      // An end time of 0 means none (Naemon).
      const expires = seconds(appended?.[2] ?? end);
      return ok({
        kind: 'acknowledge',
        target: ref,
        sticky: sticky === '2',
        notify: notify !== '0',
        persistent: persistent !== '0',
        author,
        comment,
        ...(expires > 0 ? { expires } : {}),
      });
    }
    case 'REMOVE_HOST_ACKNOWLEDGEMENT':
    case 'REMOVE_SVC_ACKNOWLEDGEMENT': {
      const ref = target(command, isService, config);
      return typeof ref === 'string' ? failed(ref) : ok({ kind: 'remove-acknowledgement', target: ref });
    }
    case 'SCHEDULE_HOST_DOWNTIME':
    case 'SCHEDULE_SVC_DOWNTIME':
    case 'SCHEDULE_HOST_SVC_DOWNTIME': {
      const ref = target(command, isService, config);
      if (typeof ref === 'string') return failed(ref);
      return downtimesFor([ref], rest, name === 'SCHEDULE_HOST_SVC_DOWNTIME');
    }
    case 'SCHEDULE_AND_PROPAGATE_HOST_DOWNTIME': {
      const ref = target(command, false, config);
      if (typeof ref === 'string') return failed(ref);
      return downtimesFor(hostAndDescendants(ref.hostName, config), rest, false);
    }
    case 'SCHEDULE_HOSTGROUP_HOST_DOWNTIME':
    case 'SCHEDULE_HOSTGROUP_SVC_DOWNTIME':
    case 'SCHEDULE_SERVICEGROUP_HOST_DOWNTIME':
    case 'SCHEDULE_SERVICEGROUP_SVC_DOWNTIME': {
      const group = name.includes('HOSTGROUP') ? 'hostgroup' : 'servicegroup';
      const members = name.endsWith('_HOST_DOWNTIME') ? 'hosts' : 'services';
      const refs = targetsOf(`${group}-${members}`, command, config);
      if (typeof refs === 'string') return failed(refs);
      return downtimesFor(refs, command.args.slice(1), false);
    }
    case 'DEL_HOST_DOWNTIME':
    case 'DEL_SVC_DOWNTIME':
      return ok({ kind: 'delete-downtime', id: Number(command.args[0]) });
    case 'ADD_HOST_COMMENT':
    case 'ADD_SVC_COMMENT': {
      const ref = target(command, isService, config);
      if (typeof ref === 'string') return failed(ref);
      const [persistent = '0', author = '', comment = ''] = rest;
      return ok({ kind: 'add-comment', target: ref, persistent: persistent !== '0', author, comment });
    }
    case 'DEL_HOST_COMMENT':
    case 'DEL_SVC_COMMENT':
      return ok({ kind: 'delete-comment', id: Number(command.args[0]) });
    case 'DEL_ALL_HOST_COMMENTS':
    case 'DEL_ALL_SVC_COMMENTS': {
      const ref = target(command, isService, config);
      if (typeof ref === 'string') return failed(ref);
      if (state === undefined) return failed(`${name} needs the comments of the running monitoring`);
      const ids: number[] = [];
      for (const comment of state.comments().values()) if (sameRef(comment.target, ref)) ids.push(comment.id);
      return ok(...ids.map((id): MonitoringCommand => ({ kind: 'delete-comment', id })));
    }
    case 'SCHEDULE_HOST_CHECK':
    case 'SCHEDULE_FORCED_HOST_CHECK':
    case 'SCHEDULE_SVC_CHECK':
    case 'SCHEDULE_FORCED_SVC_CHECK': {
      const ref = target(command, isService, config);
      if (typeof ref === 'string') return failed(ref);
      return ok({ kind: 'schedule-check', target: ref, at: seconds(rest[0]) || now, forced: name.includes('FORCED') });
    }
    case 'SCHEDULE_HOST_SVC_CHECKS':
    case 'SCHEDULE_FORCED_HOST_SVC_CHECKS': {
      const ref = target(command, false, config);
      if (typeof ref === 'string') return failed(ref);
      const at = seconds(command.args[1]) || now;
      const forced = name.includes('FORCED');
      return ok(
        ...servicesOf(ref.hostName, config).map((t): MonitoringCommand => ({
          kind: 'schedule-check',
          target: t,
          at,
          forced,
        })),
      );
    }
    case 'PROCESS_HOST_CHECK_RESULT':
    case 'PROCESS_SERVICE_CHECK_RESULT': {
      const ref = target(command, isService, config);
      if (typeof ref === 'string') return failed(ref);
      const [status = '3', text = ''] = rest;
      // Passive results carry `\n` escapes for their long output, as Nagios' command file does.
      const parsed = parsePluginOutput(text.replace(/\\n/g, '\n'));
      const code = Math.min(3, Math.max(0, Number(status))) as PluginStatus;
      return ok({ kind: 'process-result', target: ref, result: { status: code, ...parsed, durationMs: 0 } });
    }
    default:
      return failed(`${name} is not supported by this site yet`);
  }
}

function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  if (a.object !== b.object || a.hostName !== b.hostName) return false;
  return a.object === 'host' || (b.object === 'service' && a.description === b.description);
}

/** Who `authUser` is: sees everything, or the contact whose objects they see; a string says why not at all. */
function whoIs(
  authUser: string,
  config: Configuration,
): { readonly all: true } | { readonly contact: string } | string {
  const user = config.users.get(authUser);
  if (user === undefined) {
    // Livestatus' AuthUser is a contact name in Nagios and Checkmk: a contact without a user account.
    return config.contacts.has(authUser) ? { contact: authUser } : `unknown user '${authUser}'`;
  }
  const role = config.roles.get(user.role);
  if (role === undefined || !role.mayCommand) return `user '${authUser}' may not send commands`;
  return role.seesAll ? { all: true } : { contact: user.contact ?? user.name };
}

/** Whether `contact` is a contact of the object, directly or through one of its contact groups. */
function isContactOf(object: Checkable, contact: string, config: Configuration): boolean {
  if (object.contacts.includes(contact)) return true;
  return object.contactGroups.some((g) => config.contactGroups.get(g)?.members.includes(contact) ?? false);
}

/** Whether `contact` may see the object: a contact of it, or for a service of its host too. */
function maySee(ref: ObjectRef, contact: string, config: Configuration): boolean {
  const host = config.hosts.get(ref.hostName);
  if (host === undefined) return false;
  if (isContactOf(host, contact, config)) return true;
  if (ref.object === 'host') return false;
  const service = lookupService(config.services, ref.hostName, ref.description);
  return service !== undefined && isContactOf(service, contact, config);
}

/** The object a command is about, `'global'` for a site-wide one, `null` when not known here. */
function objectOf(command: MonitoringCommand, state: CommandState | undefined): ObjectRef | 'global' | null {
  switch (command.kind) {
    case 'set-switch':
      return command.scope;
    case 'delete-downtime':
      return state?.downtimes().find((d) => d.id === command.id)?.target ?? null;
    case 'delete-comment': {
      if (state === undefined) return null;
      for (const comment of state.comments().values()) if (comment.id === command.id) return comment.target;
      return null;
    }
    default:
      return command.target;
  }
}

/**
 * Translates one external command; `now` is the time the command counts from (ms), `state` the
 * running monitoring (needed by DEL_ALL_*_COMMENTS, and with AuthUser by commands naming a
 * downtime or comment by id).
 */
export function toMonitoringCommands(
  command: ExternalCommand,
  config: Configuration,
  now: number,
  state?: CommandState,
): Translation {
  const translation = translate(command, config, now, state);
  if (!translation.ok || command.authUser === undefined) return translation;
  const who = whoIs(command.authUser, config);
  if (typeof who === 'string') return forbidden(`${command.name}: ${who}`);
  if ('all' in who) return translation;
  for (const monitoringCommand of translation.commands) {
    const object = objectOf(monitoringCommand, state);
    if (object === 'global')
      return forbidden(`${command.name}: user '${command.authUser}' may not change global settings`);
    if (object === null)
      return forbidden(`${command.name}: cannot tell whether user '${command.authUser}' may see the object`);
    if (!maySee(object, who.contact, config)) {
      const what = object.object === 'host' ? object.hostName : `${object.hostName};${object.description}`;
      return forbidden(`${command.name}: user '${command.authUser}' may not command '${what}'`);
    }
  }
  return translation;
}
