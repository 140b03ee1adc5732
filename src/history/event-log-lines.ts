/**
 * Which monitoring events the monitoring log records, and in which of Nagios' words: alerts,
 * passive results, stale results, flapping, downtimes and event handlers run (the object's own and
 * the global ones). Acknowledgements, comments, switches and notification decisions have no line
 * of their own in Nagios' log (their commands are logged as EXTERNAL COMMAND, delivered
 * notifications by the notification pipeline); only an acknowledgement that expires is logged.
 */
import type { MonitoringEvent } from '../model/events.js';
import { formatPercent } from '../model/flapping.js';
import type { ObjectRef } from '../model/object-ref.js';
import { alertMessage } from './log-line.js';

/** `HOST <kind> ALERT: host;` or `SERVICE <kind> ALERT: host;service;`. */
function alertHead(kind: string, target: ObjectRef): string {
  return target.object === 'host'
    ? `HOST ${kind} ALERT: ${target.hostName};`
    : `SERVICE ${kind} ALERT: ${target.hostName};${target.description};`;
}

/** `Host` or `Service`, as Nagios capitalises the object in its messages. */
function noun(target: ObjectRef): string {
  return target.object === 'host' ? 'Host' : 'Service';
}

/** A duration as Nagios writes it in freshness warnings: `0d 0h 5m 15s`. */
export function formatDayDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  return `${days}d ${hours}h ${minutes}m ${total % 60}s`;
}

/** Plugin output is one line in the log. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function flappingMessage(event: Extract<MonitoringEvent, { kind: 'flapping-start' | 'flapping-stop' }>): string {
  const percent = formatPercent(event.percent);
  const threshold = formatPercent(event.threshold);
  if (event.kind === 'flapping-stop') {
    return `${alertHead('FLAPPING', event.target)}STOPPED; ${noun(event.target)} appears to have stopped flapping (${percent}% change < ${threshold}% threshold)`;
  }
  // Nagios writes `>=` for services and `>` for hosts.
  const relation = event.target.object === 'host' ? '>' : '>=';
  return `${alertHead('FLAPPING', event.target)}STARTED; ${noun(event.target)} appears to have started flapping (${percent}% change ${relation} ${threshold}% threshold)`;
}

function staleMessage(event: Extract<MonitoringEvent, { kind: 'result-stale' }>): string {
  const { target } = event;
  const what =
    target.object === 'host'
      ? `host '${target.hostName}'`
      : `service '${target.description}' on host '${target.hostName}'`;
  return (
    `Warning: The results of ${what} are stale by ${formatDayDuration(event.staleByMs)} ` +
    `(threshold=${formatDayDuration(event.thresholdMs)}).  I'm forcing an immediate check of the ${target.object}.`
  );
}

/** The monitoring log message of an event, or `null` when Nagios writes no line for it. */
export function eventLogMessage(event: MonitoringEvent): string | null {
  switch (event.kind) {
    case 'state-change':
      return alertMessage(event.change);
    case 'passive-result': {
      const { target } = event;
      return target.object === 'host'
        ? `PASSIVE HOST CHECK: ${target.hostName};${event.status};${oneLine(event.output)}`
        : `PASSIVE SERVICE CHECK: ${target.hostName};${target.description};${event.status};${oneLine(event.output)}`;
    }
    case 'result-stale':
      return staleMessage(event);
    case 'flapping-start':
    case 'flapping-stop':
      return flappingMessage(event);
    case 'flapping-disabled':
      return `${alertHead('FLAPPING', event.target)}DISABLED; Flap detection has been disabled`;
    case 'downtime-start':
      // Only the first of overlapping downtimes is logged, as in Nagios.
      return event.depth === 1
        ? `${alertHead('DOWNTIME', event.downtime.target)}STARTED; ${noun(event.downtime.target)} has entered a period of scheduled downtime`
        : null;
    case 'downtime-end':
      return event.depth === 0
        ? `${alertHead('DOWNTIME', event.downtime.target)}STOPPED; ${noun(event.downtime.target)} has exited from a period of scheduled downtime`
        : null;
    case 'downtime-cancel':
      return event.downtime.phase.kind === 'active' && event.depth === 0
        ? `${alertHead('DOWNTIME', event.downtime.target)}CANCELLED; Scheduled downtime for ${event.downtime.target.object} has been cancelled.`
        : null;
    case 'event-handler': {
      const { target } = event;
      const global = event.global === true ? 'GLOBAL ' : '';
      const head =
        target.object === 'host'
          ? `${global}HOST EVENT HANDLER: ${target.hostName};`
          : `${global}SERVICE EVENT HANDLER: ${target.hostName};${target.description};`;
      return `${head}${event.state};${event.stateType.toUpperCase()};${event.attempt};${event.command}`;
    }
    case 'acknowledgement-remove':
      // Nagios and Naemon write nothing when an acknowledgement ends; an expiry is written in the
      // words of the cores that log acknowledgements (Shinken, Alignak), so that the log shows it.
      return event.reason === 'expired'
        ? `${alertHead('ACKNOWLEDGE', event.target)}EXPIRED; ${noun(event.target)} problem acknowledge expired`
        : null;
    case 'downtime-schedule':
    case 'downtime-expire':
    case 'acknowledgement-set':
    case 'comment-add':
    case 'comment-delete':
    case 'switch-change':
    case 'notification-decision':
      return null;
  }
}

/** `EXTERNAL COMMAND: ACKNOWLEDGE_SVC_PROBLEM;...`, for whoever receives commands in Nagios' text form. */
export function externalCommandMessage(text: string): string {
  return `EXTERNAL COMMAND: ${oneLine(text)}`;
}
