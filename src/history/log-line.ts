/**
 * Lines of the monitoring log in Nagios' format (`[1700000000] SERVICE ALERT: h;s;CRITICAL;SOFT;1;out`),
 * which Livestatus' `log` table, availability and existing tools read.
 */
import {
  attemptOf,
  hostStatus,
  problemOf,
  serviceStatus,
  stateTypeOf,
  type ObjectState,
  type ObjectStateChange,
} from '../model/check-state.js';

/** The Nagios log format version written at the top of every log. */
export const LOG_VERSION = 2;

/** One line: `[seconds since the epoch] message`, without the newline. `at` is in ms. */
export function formatLogLine(at: number, message: string): string {
  return `[${Math.floor(at / 1000)}] ${message}`;
}

/** Plugin output is one line in the log; a stray line break would start a bogus entry. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** `HOST ALERT: host;DOWN;HARD;3;output` or `SERVICE ALERT: host;service;CRITICAL;SOFT;1;output`. */
export function alertMessage(change: ObjectStateChange): string {
  const tail = `${change.event.stateType.toUpperCase()};${change.event.attempt};${oneLine(change.event.output)}`;
  if (change.object === 'host') {
    return `HOST ALERT: ${change.hostName};${hostStatus(change.event.problem).name};${tail}`;
  }
  return `SERVICE ALERT: ${change.hostName};${change.description};${serviceStatus(change.event.problem).name};${tail}`;
}

/**
 * `CURRENT HOST STATE: host;UP;HARD;1;output` or `CURRENT SERVICE STATE: ...`. A pending object is
 * written as Nagios writes one: OK/UP, HARD, attempt 1, no output.
 */
export function currentStateMessage(object: ObjectState): string {
  const { state } = object;
  const output = state.kind === 'pending' ? '' : oneLine(state.output);
  const tail = `${stateTypeOf(state).toUpperCase()};${attemptOf(state)};${output}`;
  if (object.object === 'host') {
    return `CURRENT HOST STATE: ${object.hostName};${hostStatus(problemOf(object.state)).name};${tail}`;
  }
  return `CURRENT SERVICE STATE: ${object.hostName};${object.description};${serviceStatus(problemOf(object.state)).name};${tail}`;
}

/** `LOG VERSION: 2`. */
export function logVersionMessage(): string {
  return `LOG VERSION: ${LOG_VERSION}`;
}

/** `Watchpost starting... (PID=123)`. */
export function startingMessage(pid: number): string {
  return `Watchpost starting... (PID=${pid})`;
}
