/**
 * The Livestatus view of a running site: the configuration, statuses, downtimes, comments and
 * check queue of the monitoring that runs now, the monitoring log files, and the program status
 * of the `status` table.
 */
import type { SiteSettings } from '../config/site-settings.js';
import type { Monitoring } from '../engine/start-monitoring.js';
import type { LogArchive, NotificationSpoolStatus, ProgramStatus, StatusSource } from '../livestatus/ports.js';
import type { HostStatus, ServiceStatus } from '../model/object-status.js';
import { serviceStateId } from '../livestatus/tables/state-values.js';
import { PENDING } from '../model/check-state.js';
import { serviceKey, type Configuration, type Service } from '../model/objects.js';
import { lookupService } from '../model/service-index.js';
import { systemTimeZone } from '../lib/system-time-zone.js';

/** What the source reads; `current()` answers the running monitoring after a reload too. */
export interface RunningSite {
  readonly configuration: Configuration;
  readonly settings: SiteSettings;
  readonly monitoring: Monitoring;
  /** Epoch ms when monitoring (re)started. */
  readonly startedAt: number;
}

/** The version shown as `program_version`. */
export const PROGRAM_VERSION = 'watchpost-0.1.0';

const NO_LOG: LogArchive = { files: () => [], lines: () => [] };

/**
 * The engine keys services `host;service`. A full scan of 100,000 services looks each one up,
 * so the key is built once per Service object (objects of a replaced configuration drop out).
 */
const keys = new WeakMap<Service, string>();

function keyOf(service: Service): string {
  let key = keys.get(service);
  if (key === undefined) {
    key = serviceKey(service.hostName, service.description);
    keys.set(service, key);
  }
  return key;
}

/** A state id slot whose status is not read yet (state ids are 0 to 3). */
const UNREAD = 255;

/**
 * The statuses of one running monitoring and configuration by service id. A scan of 100,000
 * services reads every status; an array slot costs a fraction of a lookup by `host;service` in
 * the engine's map of every object. A slot is emptied when the engine reports that the status was
 * replaced (`watchStatuses`, synchronous), so a read always returns the engine's current snapshot.
 *
 * Read by id (a scan knows its rows' ids), a slot answers from typed arrays and compares no
 * objects: comparing two objects makes V8 read both, and in a scan over services that have left
 * the CPU caches those reads were most of its time. Read by Service, the slot must have been
 * filled for that very object, so that a Service of another configuration never reads a stranger's slot.
 */
class ServiceStatusCache {
  readonly monitoring: Monitoring;
  readonly configuration: Configuration;
  readonly #owners: (Service | undefined)[];
  /** `null`: the engine has no service status for it. */
  readonly #statuses: (ServiceStatus | null)[];
  /** The state id of each slot read, {@link UNREAD} for the others. */
  readonly #stateIds: Uint8Array;
  /** A number given each slot when it is read, never given twice by one source (see `serviceStatusVersions`). */
  readonly #versions: Float64Array;
  readonly #nextVersion: () => number;
  readonly #unwatch: () => void;

  constructor(monitoring: Monitoring, configuration: Configuration, nextVersion: () => number) {
    this.monitoring = monitoring;
    this.configuration = configuration;
    this.#nextVersion = nextVersion;
    // Filled by push: `new Array(100000)` makes a dictionary-mode array, much slower to read.
    this.#owners = [];
    this.#statuses = [];
    for (let i = 0; i < configuration.services.size; i++) {
      this.#owners.push(undefined);
      this.#statuses.push(null);
    }
    this.#stateIds = new Uint8Array(configuration.services.size).fill(UNREAD);
    this.#versions = new Float64Array(configuration.services.size);
    this.#unwatch = monitoring.watchStatuses((key) => {
      const service = configuration.services.get(key);
      if (service === undefined) return;
      this.#owners[service.id] = undefined;
      this.#stateIds[service.id] = UNREAD;
    });
  }

  /** Whether slot `id` holds a status read for a service of this configuration. */
  #isRead(id: number): boolean {
    const state = this.#stateIds[id];
    return state !== undefined && state !== UNREAD;
  }

  /**
   * The slot of `service`, read now if needed; `known` is its id when the caller has it. -1 for a
   * service of another configuration, which gets no slot.
   */
  #slot(service: Service, known: number): number {
    if (known >= 0 && this.#isRead(known)) return known;
    const id = service.id;
    if (this.#owners[id] === service && this.#isRead(id)) return id;
    if (
      id < 0 ||
      id >= this.#owners.length ||
      lookupService(this.configuration.services, service.hostName, service.description) !== service
    )
      return -1;
    const found = this.#read(service);
    this.#owners[id] = service;
    this.#statuses[id] = found ?? null;
    this.#stateIds[id] = serviceStateId(found?.state ?? PENDING);
    this.#versions[id] = this.#nextVersion();
    return id;
  }

  #read(service: Service): ServiceStatus | undefined {
    const status = this.monitoring.states().get(keyOf(service));
    return status?.object === 'service' ? status : undefined;
  }

  get(service: Service, known = -1): ServiceStatus | undefined {
    const id = this.#slot(service, known);
    return id === -1 ? this.#read(service) : (this.#statuses[id] ?? undefined);
  }

  stateId(service: Service, known = -1): number {
    const id = this.#slot(service, known);
    return id === -1 ? serviceStateId(this.#read(service)?.state ?? PENDING) : (this.#stateIds[id] ?? 0);
  }

  /** The version of the service's status: the same number while the status is the same; NaN without a slot. */
  version(service: Service, known = -1): number {
    const id = this.#slot(service, known);
    return id === -1 ? NaN : (this.#versions[id] ?? NaN);
  }

  close(): void {
    this.#unwatch();
  }
}

/**
 * A StatusSource over whatever `current()` returns at the moment of each request; the `log`
 * table reads `logArchive` (the site's `fileLogArchive(<site>/log)`), none when not given.
 */
export function siteStatusSource(
  current: () => RunningSite,
  pid: number,
  logArchive: LogArchive = NO_LOG,
  notificationSpool?: () => NotificationSpoolStatus,
): StatusSource {
  let cache: ServiceStatusCache | null = null;
  let versions = 0;
  const nextVersion = (): number => ++versions;
  /** The cache of the monitoring and configuration running now; a reload starts a new one. */
  const statusCache = (): ServiceStatusCache => {
    const site = current();
    if (cache?.monitoring !== site.monitoring || cache.configuration !== site.configuration) {
      cache?.close();
      cache = new ServiceStatusCache(site.monitoring, site.configuration, nextVersion);
    }
    return cache;
  };
  return {
    configuration: () => current().configuration,
    hostStatus(hostName): HostStatus | undefined {
      const status = current().monitoring.states().get(hostName);
      return status?.object === 'host' ? status : undefined;
    },
    serviceStatus: (service, id) => statusCache().get(service, id),
    serviceStateIds() {
      const cache = statusCache();
      return (service, id) => cache.stateId(service, id);
    },
    serviceStatusVersions() {
      const cache = statusCache();
      return (service, id) => cache.version(service, id);
    },
    downtimes: () => current().monitoring.downtimes(),
    comments: () => current().monitoring.comments().values(),
    schedule(hostName, service) {
      return current().monitoring.checkSchedule(service === null ? hostName : keyOf(service));
    },
    logArchive: () => logArchive,
    program(): ProgramStatus {
      const site = current();
      const switches = site.monitoring.globalSwitches();
      const checks = site.monitoring.checkCounters();
      const status = {
        site: site.settings.site,
        version: PROGRAM_VERSION,
        pid,
        startedAt: site.startedAt,
        timeZone: site.settings.timezone || systemTimeZone(),
        intervalLength: site.settings.intervalLength,
        checks: { host: checks.hostChecks, service: checks.serviceChecks },
        switches: {
          notifications: switches.notifications,
          activeHostChecks: switches.activeChecks,
          activeServiceChecks: switches.activeChecks,
          passiveHostChecks: switches.passiveChecks,
          passiveServiceChecks: switches.passiveChecks,
          eventHandlers: switches.eventHandlers,
          flapDetection: switches.flapDetection,
          performanceData: true,
        },
      };
      // Read when first asked, once per request: only the status table shows it, and it walks the whole spool.
      if (notificationSpool === undefined) return status;
      let spool: NotificationSpoolStatus | undefined;
      return Object.defineProperty(status, 'notificationSpool', {
        get: () => (spool ??= notificationSpool()),
        enumerable: true,
      });
    },
  };
}
