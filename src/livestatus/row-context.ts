/**
 * Everything a column getter may read while one request is answered: the configuration and
 * program status of that moment, the object index, current statuses, downtimes and comments,
 * the time of the request, and the server's own counters. Built once per request; downtimes
 * and comments are read from the source and indexed the first time a getter asks for them.
 */
import { PENDING, type HostState, type ServiceState } from '../model/check-state.js';
import { inPeriod } from '../model/check-period.js';
import type { Comment } from '../model/comment.js';
import type { Downtime } from '../model/downtime.js';
import type { HostStatus, ServiceStatus } from '../model/object-status.js';
import type { Configuration, Service } from '../model/objects.js';
import { ObjectAttachments } from './object-attachments.js';
import { objectIndex, type ObjectIndex } from './object-index.js';
import type { CheckSchedule, LogArchive, ProgramStatus, StatusSource } from './ports.js';

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
  /** The status of a host (check state and what the engine keeps besides), if it has one. */
  hostStatus(hostName: string): HostStatus | undefined;
  /** `id`: the service's id, when the caller has it without reading the service (see StatusSource). */
  serviceStatus(service: Service, id?: number): ServiceStatus | undefined;
  /** The state of a host; PENDING when it has none. */
  hostState(hostName: string): HostState;
  /** The state of a service; PENDING when it has none. */
  serviceState(service: Service): ServiceState;
  /**
   * The state id of a service (0 OK or pending, 1 WARNING, 2 CRITICAL, 3 UNKNOWN) when the
   * source keeps them apart (StatusSource.serviceStateIds); else columns read it from the state.
   */
  readonly serviceStateId?: (service: Service, id?: number) => number;
  /** The version of a service's status (StatusSource.serviceStatusVersions), when the source has them. */
  readonly serviceStatusVersion?: (service: Service, id?: number) => number;
  /** Whether `now` lies in the named time period; an unknown or empty name counts as always. */
  inPeriod(periodName: string): boolean;
  /** Every downtime, in scheduling order. */
  downtimes(): readonly Downtime[];
  /** The downtimes of a host (`description` null) or service. */
  downtimesOf(hostName: string, description: string | null): readonly Downtime[];
  /** How many downtimes of the object are in effect (`scheduled_downtime_depth`). */
  downtimeDepth(hostName: string, description: string | null): number;
  /** Every comment, in id order. */
  comments(): readonly Comment[];
  /** The comments of a host (`description` null) or service, in id order. */
  commentsOf(hostName: string, description: string | null): readonly Comment[];
  /** When the object is checked next. */
  schedule(hostName: string, service: Service | null): CheckSchedule | undefined;
  /** The monitoring log files. */
  logArchive(): LogArchive;
}

const NO_COUNTERS: ServerCounters = { requests: 0, connections: 0, activeConnections: 0 };

/** Reads `load` the first time it is asked for, then keeps it. */
function lazy<T>(load: () => T): () => T {
  let value: { readonly v: T } | null = null;
  return () => (value ??= { v: load() }).v;
}

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
  const downtimes = lazy(() => source.downtimes());
  const downtimeIndex = lazy(() => new ObjectAttachments(downtimes(), (d) => d.target));
  const activeIndex = lazy(
    () =>
      new ObjectAttachments(
        downtimes().filter((d) => d.phase.kind === 'active'),
        (d) => d.target,
      ),
  );
  const comments = lazy(() => [...source.comments()].sort((a, b) => a.id - b.id));
  const commentIndex = lazy(() => new ObjectAttachments(comments(), (c) => c.target));
  return {
    configuration,
    program,
    index: objectIndex(configuration, program.site),
    now,
    counters,
    hostStatus: (name) => source.hostStatus(name),
    serviceStatus: (service, id) => source.serviceStatus(service, id),
    hostState: (name) => source.hostStatus(name)?.state ?? PENDING,
    serviceState: (service) => source.serviceStatus(service)?.state ?? PENDING,
    ...(source.serviceStateIds === undefined ? {} : { serviceStateId: source.serviceStateIds() }),
    ...(source.serviceStatusVersions === undefined ? {} : { serviceStatusVersion: source.serviceStatusVersions() }),
    inPeriod(name) {
      if (name === '') return true;
      let inside = inPeriodCache.get(name);
      if (inside === undefined) {
        inside = inPeriod(name, now, periods);
        inPeriodCache.set(name, inside);
      }
      return inside;
    },
    downtimes,
    downtimesOf: (host, description) => downtimeIndex().of(host, description),
    downtimeDepth: (host, description) => activeIndex().of(host, description).length,
    comments,
    commentsOf: (host, description) => commentIndex().of(host, description),
    schedule: (host, service) => source.schedule(host, service),
    logArchive: () => source.logArchive(),
  };
}
