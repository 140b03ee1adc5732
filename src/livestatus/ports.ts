/**
 * What the Livestatus server needs from the rest of the site, as two small ports that `app/`
 * wires: a read-only view of configuration and current state (`StatusSource`), and a place to
 * hand external commands to (`CommandSink`).
 */
import type { Comment } from '../model/comment.js';
import type { Downtime } from '../model/downtime.js';
import type { HostStatus, ServiceStatus } from '../model/object-status.js';
import type { Configuration, Service } from '../model/objects.js';

/** The global switches of master control, as the `status` table shows them. */
export interface GlobalSwitches {
  readonly notifications: boolean;
  readonly activeHostChecks: boolean;
  readonly activeServiceChecks: boolean;
  readonly passiveHostChecks: boolean;
  readonly passiveServiceChecks: boolean;
  readonly eventHandlers: boolean;
  readonly flapDetection: boolean;
  readonly performanceData: boolean;
}

/** What the site says about itself: the `status` table and the time zone of time periods. */
export interface ProgramStatus {
  /** The site id. */
  readonly site: string;
  /** Shown as `program_version` and `livestatus_version`, e.g. `watchpost-0.1.0`. */
  readonly version: string;
  readonly pid: number;
  /** When monitoring (re)started, in epoch milliseconds. */
  readonly startedAt: number;
  /** The IANA zone in which time periods are read (already resolved, never empty). */
  readonly timeZone: string;
  /** Seconds per interval unit: `check_interval` and friends are shown in these units. */
  readonly intervalLength: number;
  readonly switches: GlobalSwitches;
  /** Active checks run since monitoring (re)started (`host_checks`, `service_checks`); 0 when not known. */
  readonly checks?: { readonly host: number; readonly service: number };
  /** The notification spool's health, so the site can monitor its own notifications. */
  readonly notificationSpool?: NotificationSpoolStatus;
}

/** How the notification spool is doing (counts since the site started, except the queue). */
export interface NotificationSpoolStatus {
  readonly queued: number;
  readonly dead: number;
  readonly inFlight: number;
  /** Age of the oldest waiting notification in ms, `null` when none waits. */
  readonly oldestQueuedAgeMs: number | null;
  readonly delivered: number;
  readonly temporaryFailures: number;
  readonly permanentFailures: number;
  /** The spool cannot write its journal and accepts nothing new. */
  readonly broken: boolean;
}

/** When an object is checked next, as the engine's queue says. */
export interface CheckSchedule {
  /** Epoch ms of the next due check, `null` when none is scheduled. */
  readonly nextCheck: number | null;
  /** A check of the object runs now. */
  readonly executing: boolean;
  /** Milliseconds the last check started after it was due (`latency`); 0 when not known. */
  readonly latencyMs?: number;
}

/** One file of the monitoring log: `log/monitoring.log` or a file of `log/archive/`. */
export interface LogFileInfo {
  /** A name the archive knows the file by (its path below the log directory). */
  readonly name: string;
  /**
   * Epoch seconds of the file's first line, `null` when the file is empty or unreadable. A file
   * holds the lines from its first time up to the first time of the next file.
   */
  readonly firstTime: number | null;
}

/**
 * The monitoring log as the `log` table reads it: the files and their lines. Contract: `files()`
 * is cheap (it may read the first line of each file, never a whole file); `lines()` reads one
 * file, synchronously, and yields nothing for a file that vanished. Must not throw.
 */
export interface LogArchive {
  files(): readonly LogFileInfo[];
  lines(name: string): Iterable<string>;
}

/**
 * The read-only view of a site that Livestatus tables read. Contract: the server asks for
 * `configuration()` and `program()` once per request and reads states during the same turn of
 * the event loop, so one answer sees one consistent snapshot. Statuses are the engine's
 * immutable snapshots (check state plus acknowledgement, flapping, notification record, switch
 * overrides); `undefined` means the object has no status here (not monitored by this site, or
 * just added) and is shown as PENDING. Implementations must not throw.
 *
 * Single objects are looked up often (every row of a 100,000-service scan): `hostStatus` and
 * `serviceStatus` must be map lookups, and `serviceStatus` takes the Service object so that an
 * implementation keyed by `host;service` can cache the key per object instead of building it.
 * Where a scan knows the service's id (Service.id) it passes it too, so that a source keeping
 * statuses by id need not read the Service object: in a scan whose objects have left the CPU
 * caches, that read is what each row waits for.
 */
export interface StatusSource {
  /** The configuration the states belong to. */
  configuration(): Configuration;
  hostStatus(hostName: string): HostStatus | undefined;
  serviceStatus(service: Service, id?: number): ServiceStatus | undefined;
  /**
   * A reader of service state ids (0 OK or pending, 1 WARNING, 2 CRITICAL, 3 UNKNOWN) for the
   * statuses of this moment, when the source keeps these in an array: scans, `Filter: state` and
   * `Stats: state` read one for every row, and it spares them the status and state objects. Taken
   * once per request. Absent: read from `serviceStatus`. `id` as for `serviceStatus`.
   */
  serviceStateIds?(): (service: Service, id?: number) => number;
  /**
   * A reader of status versions: a number that stays the same while the service's status is the
   * same value and is never given to another status (NaN: none). Kept rendered rows are checked
   * against it, a comparison of numbers instead of objects. Taken once per request. Absent: no
   * rows are kept. `id` as for `serviceStatus`.
   */
  serviceStatusVersions?(): (service: Service, id?: number) => number;
  /** The downtimes, waiting and in effect, in scheduling order (read once per request). */
  downtimes(): readonly Downtime[];
  /** The comments, in id order (read once per request). */
  comments(): Iterable<Comment>;
  /** When a host (`service` null) or service is checked next; `undefined` for an unknown object. */
  schedule(hostName: string, service: Service | null): CheckSchedule | undefined;
  /** The monitoring log files for the `log` table. */
  logArchive(): LogArchive;
  program(): ProgramStatus;
}

/**
 * An external command as a client sent it: `COMMAND [1700000000] ACKNOWLEDGE_SVC_PROBLEM;h;s;2;1;1;me;text`.
 * The arguments are split by the command's known signature (a service argument is two fields,
 * a trailing text argument keeps its `;`), so `args.length` always equals the signature's
 * field count.
 */
export interface ExternalCommand {
  /** The command name in upper case, e.g. `SCHEDULE_FORCED_SVC_CHECK`. */
  readonly name: string;
  /** The `[timestamp]` the client wrote, in epoch seconds; `null` when it wrote none. */
  readonly submittedAt: number | null;
  readonly args: readonly string[];
  /** The command text after the timestamp, as received (`NAME;arg;...`), for the log. */
  readonly text: string;
  /**
   * The `AuthUser:` the client sent with the command: a user name (or a contact name) who may
   * only command objects they may see. Absent when the client sent none (no restriction).
   */
  readonly authUser?: string;
}

/** Who sent a command: which listener, and a connection number for log correlation. */
export interface CommandOrigin {
  readonly listener: 'unix' | 'tcp' | 'test';
  readonly connection: number;
}

/**
 * What became of a command: carried out, or refused with the reason; `forbidden` when the
 * command's `AuthUser` may not command the object (answered 403 rather than 400).
 */
export type CommandOutcome =
  { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly forbidden: boolean };

/**
 * Where parsed external commands go. Contract: `submit()` is called once per well-formed command
 * of a known name, after all its header lines have arrived, in the order commands arrived on each
 * connection; it must return at once without throwing, saying whether the command was carried
 * out (or accepted for doing). A client gets the outcome only when it asked for a response header;
 * otherwise Livestatus sends no bytes for a COMMAND, so the sink logs what it refuses. Malformed
 * and unknown commands never reach the sink; the server logs them.
 */
export interface CommandSink {
  submit(command: ExternalCommand, origin: CommandOrigin): CommandOutcome;
}
