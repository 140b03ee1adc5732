/**
 * External commands (Nagios' names and argument order) as commands to the monitoring core.
 * One external command may become several (a host downtime with its services, a switch for
 * every member of a group); a command the core cannot carry out is an error, never ignored.
 */
import type { PluginStatus } from '../model/check-result.js';
import type { MasterSwitch } from '../model/master-control.js';
import type { MonitoringCommand } from '../model/monitoring-command.js';
import { hostRef, type ObjectRef } from '../model/object-ref.js';
import { parsePluginOutput } from '../checks/plugin-output.js';
import type { Configuration } from '../model/objects.js';
import type { ExternalCommand } from './ports.js';

export type Translation =
  | { readonly ok: true; readonly commands: readonly MonitoringCommand[] }
  | { readonly ok: false; readonly error: string };

const SWITCH_OF: Readonly<Record<string, MasterSwitch>> = {
  NOTIFICATIONS: 'notifications',
  CHECK: 'activeChecks',
  CHECKS: 'activeChecks',
  PASSIVE_HOST_CHECKS: 'passiveChecks',
  PASSIVE_SVC_CHECKS: 'passiveChecks',
  FLAP_DETECTION: 'flapDetection',
  EVENT_HANDLER: 'eventHandlers',
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

function ok(...commands: MonitoringCommand[]): Translation {
  return { ok: true, commands };
}

/** The object named by the first argument(s): a host, or a host and a service. */
function target(command: ExternalCommand, isService: boolean, config: Configuration): ObjectRef | string {
  const [hostName = '', description = ''] = command.args;
  if (!config.hosts.has(hostName)) return `unknown host '${hostName}'`;
  if (!isService) return hostRef(hostName);
  if (!config.services.has(`${hostName};${description}`)) return `unknown service '${hostName};${description}'`;
  return { object: 'service', hostName, description };
}

/** The services of a host, as references. */
function servicesOf(hostName: string, config: Configuration): ObjectRef[] {
  const out: ObjectRef[] = [];
  for (const service of config.services.values()) {
    if (service.hostName === hostName) out.push({ object: 'service', hostName, description: service.description });
  }
  return out;
}

const seconds = (field: string | undefined): number => Number(field ?? '0') * 1000;

/** Translates one external command; `now` is the time the command counts from (ms). */
export function toMonitoringCommands(command: ExternalCommand, config: Configuration, now: number): Translation {
  const name = command.name;
  const global = GLOBAL_SWITCHES[name];
  if (global !== undefined) return ok({ kind: 'set-switch', scope: 'global', name: global[0], enabled: global[1] });

  const isService = name.includes('_SVC_') || name.includes('SERVICE_');
  const rest = command.args.slice(isService ? 2 : 1);
  const toggle = /^(ENABLE|DISABLE)_(HOST|SVC)_(.+)$/.exec(name);
  if (
    toggle !== null &&
    (SWITCH_OF[toggle[3] ?? ''] !== undefined || (toggle[2] === 'HOST' && toggle[3] === 'SVC_CHECKS'))
  ) {
    const ref = target(command, toggle[2] === 'SVC', config);
    if (typeof ref === 'string') return { ok: false, error: ref };
    const enabled = toggle[1] === 'ENABLE';
    if (toggle[3] === 'SVC_CHECKS' || toggle[3] === 'SVC_NOTIFICATIONS') {
      const what: MasterSwitch = toggle[3] === 'SVC_CHECKS' ? 'activeChecks' : 'notifications';
      return ok(
        ...servicesOf(ref.hostName, config).map((scope): MonitoringCommand => ({
          kind: 'set-switch',
          scope,
          name: what,
          enabled,
        })),
      );
    }
    const switchName = SWITCH_OF[toggle[3] ?? ''];
    if (switchName !== undefined) return ok({ kind: 'set-switch', scope: ref, name: switchName, enabled });
  }

  switch (name) {
    case 'ACKNOWLEDGE_HOST_PROBLEM':
    case 'ACKNOWLEDGE_SVC_PROBLEM': {
      const ref = target(command, isService, config);
      if (typeof ref === 'string') return { ok: false, error: ref };
      const [sticky = '0', notify = '0', persistent = '0', author = '', comment = ''] = rest;
      return ok({
        kind: 'acknowledge',
        target: ref,
        sticky: sticky === '2',
        notify: notify !== '0',
        persistent: persistent !== '0',
        author,
        comment,
      });
    }
    case 'REMOVE_HOST_ACKNOWLEDGEMENT':
    case 'REMOVE_SVC_ACKNOWLEDGEMENT': {
      const ref = target(command, isService, config);
      return typeof ref === 'string' ? { ok: false, error: ref } : ok({ kind: 'remove-acknowledgement', target: ref });
    }
    case 'SCHEDULE_HOST_DOWNTIME':
    case 'SCHEDULE_SVC_DOWNTIME':
    case 'SCHEDULE_HOST_SVC_DOWNTIME': {
      const ref = target(command, isService, config);
      if (typeof ref === 'string') return { ok: false, error: ref };
      const [start, end, fixed = '1', trigger = '0', duration = '0', author = '', comment = ''] = rest;
      return ok({
        kind: 'schedule-downtime',
        target: ref,
        start: seconds(start),
        end: seconds(end),
        fixed: fixed !== '0',
        durationMs: seconds(duration),
        triggeredBy: trigger === '0' ? null : Number(trigger),
        author,
        comment,
        ...(name === 'SCHEDULE_HOST_SVC_DOWNTIME' ? { includeServices: true } : {}),
      });
    }
    case 'DEL_HOST_DOWNTIME':
    case 'DEL_SVC_DOWNTIME':
      return ok({ kind: 'delete-downtime', id: Number(command.args[0]) });
    case 'ADD_HOST_COMMENT':
    case 'ADD_SVC_COMMENT': {
      const ref = target(command, isService, config);
      if (typeof ref === 'string') return { ok: false, error: ref };
      const [persistent = '0', author = '', comment = ''] = rest;
      return ok({ kind: 'add-comment', target: ref, persistent: persistent !== '0', author, comment });
    }
    case 'DEL_HOST_COMMENT':
    case 'DEL_SVC_COMMENT':
      return ok({ kind: 'delete-comment', id: Number(command.args[0]) });
    case 'SCHEDULE_HOST_CHECK':
    case 'SCHEDULE_FORCED_HOST_CHECK':
    case 'SCHEDULE_SVC_CHECK':
    case 'SCHEDULE_FORCED_SVC_CHECK': {
      const ref = target(command, isService, config);
      if (typeof ref === 'string') return { ok: false, error: ref };
      return ok({ kind: 'schedule-check', target: ref, at: seconds(rest[0]) || now, forced: name.includes('FORCED') });
    }
    case 'SCHEDULE_HOST_SVC_CHECKS':
    case 'SCHEDULE_FORCED_HOST_SVC_CHECKS': {
      const ref = target(command, false, config);
      if (typeof ref === 'string') return { ok: false, error: ref };
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
      if (typeof ref === 'string') return { ok: false, error: ref };
      const [state = '3', text = ''] = rest;
      // Passive results carry `\n` escapes for their long output, as Nagios' command file does.
      const parsed = parsePluginOutput(text.replace(/\\n/g, '\n'));
      const status = Math.min(3, Math.max(0, Number(state))) as PluginStatus;
      return ok({ kind: 'process-result', target: ref, result: { status, ...parsed, durationMs: 0 } });
    }
    default:
      return { ok: false, error: `${name} is not supported by this site yet` };
  }
}
