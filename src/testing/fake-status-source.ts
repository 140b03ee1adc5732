/**
 * A StatusSource for tests: a configuration plus statuses by host name and description, the
 * downtimes, comments and check schedule a test gives, log files held in memory, and a program
 * status with fixed, test-friendly values.
 */
import type { ObjectState } from '../model/check-state.js';
import type { Comment } from '../model/comment.js';
import type { Downtime } from '../model/downtime.js';
import { NO_FLAPPING } from '../model/flapping.js';
import { NEVER_NOTIFIED } from '../model/notification-decision.js';
import type { HostStatus, ObjectStatus, ServiceStatus, StatusFields } from '../model/object-status.js';
import type { Configuration, Service } from '../model/objects.js';
import type {
  CheckSchedule,
  CommandOrigin,
  CommandOutcome,
  CommandSink,
  ExternalCommand,
  LogArchive,
  LogFileInfo,
  ProgramStatus,
  StatusSource,
} from '../livestatus/ports.js';

/** The program status of a fake site unless a test says otherwise. */
export const FAKE_PROGRAM: ProgramStatus = {
  site: 'test',
  version: 'watchpost-0.1.0',
  pid: 4242,
  startedAt: 1_699_990_000_000,
  timeZone: 'UTC',
  intervalLength: 60,
  switches: {
    notifications: true,
    activeHostChecks: true,
    activeServiceChecks: true,
    passiveHostChecks: true,
    passiveServiceChecks: true,
    eventHandlers: true,
    flapDetection: true,
    performanceData: true,
  },
};

/** What a status has besides its state when a test gives only the state. */
const NOTHING_KEPT: StatusFields = {
  lastTimeOk: null,
  flap: NO_FLAPPING,
  acknowledgement: null,
  notification: NEVER_NOTIFIED,
  overrides: {},
  hostProblemAtLastCheck: false,
};

/** The status of `state`: a full status as it is, a bare state with nothing else kept. */
function statusOf(state: ObjectState | ObjectStatus): ObjectStatus {
  return 'flap' in state ? state : { ...NOTHING_KEPT, ...state };
}

/** Log files in memory: name, then lines. The first time is read from the first line, as on disk. */
export class MemoryLogArchive implements LogArchive {
  readonly #files: ReadonlyMap<string, readonly string[]>;
  /** How many times each file was read, for tests of time filtering. */
  readonly reads = new Map<string, number>();

  constructor(files: Readonly<Record<string, readonly string[]>> = {}) {
    this.#files = new Map(Object.entries(files));
  }

  files(): readonly LogFileInfo[] {
    return [...this.#files].map(([name, lines]) => {
      const match = /^\[(\d+)\]/.exec(lines[0] ?? '');
      return { name, firstTime: match === null ? null : Number(match[1]) };
    });
  }

  lines(name: string): Iterable<string> {
    this.reads.set(name, (this.reads.get(name) ?? 0) + 1);
    return this.#files.get(name) ?? [];
  }
}

/** A StatusSource over a fixed configuration whose statuses a test may change. */
export class FakeStatusSource implements StatusSource {
  #configuration: Configuration;
  readonly #hosts = new Map<string, HostStatus>();
  /** By host name, then description: no `host;service` strings built per lookup. */
  readonly #services = new Map<string, Map<string, ServiceStatus>>();
  readonly #schedules = new Map<string, Map<string | null, CheckSchedule>>();
  #downtimes: readonly Downtime[];
  #comments: readonly Comment[];
  #log: LogArchive;
  #program: ProgramStatus;
  readonly #versions = new WeakMap<Service, { readonly status: ServiceStatus | undefined; readonly version: number }>();
  #lastVersion = 0;

  constructor(options: {
    readonly configuration: Configuration;
    readonly states?: Iterable<ObjectState | ObjectStatus>;
    readonly downtimes?: readonly Downtime[];
    readonly comments?: readonly Comment[];
    readonly log?: LogArchive;
    readonly program?: Partial<ProgramStatus>;
  }) {
    this.#configuration = options.configuration;
    this.#program = { ...FAKE_PROGRAM, ...options.program };
    this.#downtimes = options.downtimes ?? [];
    this.#comments = options.comments ?? [];
    this.#log = options.log ?? new MemoryLogArchive();
    for (const state of options.states ?? []) this.set(state);
  }

  /** Sets the state of a host or service; a bare state gets a status with nothing else kept. */
  set(state: ObjectState | ObjectStatus): void {
    const status = statusOf(state);
    if (status.object === 'host') {
      this.#hosts.set(status.hostName, status);
      return;
    }
    let services = this.#services.get(status.hostName);
    if (services === undefined) this.#services.set(status.hostName, (services = new Map()));
    services.set(status.description, status);
  }

  /** Replaces the downtimes. */
  setDowntimes(downtimes: readonly Downtime[]): void {
    this.#downtimes = downtimes;
  }

  /** Replaces the comments. */
  setComments(comments: readonly Comment[]): void {
    this.#comments = comments;
  }

  /** Sets when a host (`description` null) or service is checked next. */
  setSchedule(hostName: string, description: string | null, schedule: CheckSchedule): void {
    let of = this.#schedules.get(hostName);
    if (of === undefined) this.#schedules.set(hostName, (of = new Map()));
    of.set(description, schedule);
  }

  /** Replaces the configuration, as a reload does. */
  reload(configuration: Configuration): void {
    this.#configuration = configuration;
  }

  configuration(): Configuration {
    return this.#configuration;
  }

  hostStatus(hostName: string): HostStatus | undefined {
    return this.#hosts.get(hostName);
  }

  serviceStatus(service: Service): ServiceStatus | undefined {
    return this.#services.get(service.hostName)?.get(service.description);
  }

  /** Versions as the site's source gives them: a new number for every service object and status seen. */
  serviceStatusVersions(): (service: Service) => number {
    return (service) => {
      const status = this.serviceStatus(service);
      const known = this.#versions.get(service);
      if (known !== undefined && known.status === status) return known.version;
      const version = ++this.#lastVersion;
      this.#versions.set(service, { status, version });
      return version;
    };
  }

  downtimes(): readonly Downtime[] {
    return this.#downtimes;
  }

  comments(): Iterable<Comment> {
    return this.#comments;
  }

  /** Only what a test set: the fake has no check queue, so columns fall back to estimates. */
  schedule(hostName: string, service: Service | null): CheckSchedule | undefined {
    return this.#schedules.get(hostName)?.get(service === null ? null : service.description);
  }

  logArchive(): LogArchive {
    return this.#log;
  }

  program(): ProgramStatus {
    return this.#program;
  }
}

/** A CommandSink that keeps what it is given. */
export class RecordingCommandSink implements CommandSink {
  readonly received: { readonly command: ExternalCommand; readonly origin: CommandOrigin }[] = [];

  submit(command: ExternalCommand, origin: CommandOrigin): CommandOutcome {
    this.received.push({ command, origin });
    return { ok: true };
  }
}
