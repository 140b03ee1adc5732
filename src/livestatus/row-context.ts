/**
 * Everything a column getter may read while one request is answered: the configuration and
 * program status of that moment, the object index, current states, the time of the request,
 * and the server's own counters. Built once per request.
 */
import { PENDING, type HostState, type ServiceState } from '../model/check-state.js';
import { inPeriod } from '../model/check-period.js';
import type { Configuration } from '../model/objects.js';
import { objectIndex, type ObjectIndex } from './object-index.js';
import type { ProgramStatus, StatusSource } from './ports.js';

/** Counters the server keeps about itself, shown in the `status` table. */
export interface ServerCounters {
  readonly requests: number;
  readonly connections: number;
  readonly activeConnections: number;
}

/** The read side of one request. */
export interface RowContext {
  readonly configuration: Configuration;
  readonly program: ProgramStatus;
  readonly index: ObjectIndex;
  /** The time of the request, epoch milliseconds. */
  readonly now: number;
  readonly counters: ServerCounters;
  /** The state of a host; PENDING when it has none. */
  hostState(hostName: string): HostState;
  /** The state of a service; PENDING when it has none. */
  serviceState(hostName: string, description: string): ServiceState;
  /** Whether `now` lies in the named time period; an unknown or empty name counts as always. */
  inPeriod(periodName: string): boolean;
}

const NO_COUNTERS: ServerCounters = { requests: 0, connections: 0, activeConnections: 0 };

/** The context of one request over `source` at `now` (epoch ms). */
export function createRowContext(
  source: StatusSource,
  now: number,
  counters: ServerCounters = NO_COUNTERS,
): RowContext {
  const configuration = source.configuration();
  const program = source.program();
  const lookup = (name: string) => configuration.timePeriods.get(name)?.rules;
  const periods = { lookup, timeZone: program.timeZone };
  const inPeriodCache = new Map<string, boolean>();
  return {
    configuration,
    program,
    index: objectIndex(configuration, program.site),
    now,
    counters,
    hostState: (name) => source.hostState(name) ?? PENDING,
    serviceState: (host, description) => source.serviceState(host, description) ?? PENDING,
    inPeriod(name) {
      if (name === '') return true;
      let inside = inPeriodCache.get(name);
      if (inside === undefined) {
        inside = inPeriod(name, now, periods);
        inPeriodCache.set(name, inside);
      }
      return inside;
    },
  };
}
