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

/**
 * The statuses of one running monitoring by service id. A scan of 100,000 services reads every
 * status; an array slot costs a fraction of a lookup by `host;service` in the engine's map of
 * every object, or of one by object in a WeakMap (whose scattered table misses the CPU caches on
 * every row). A slot holds the Service it was filled for, so a Service of another configuration
 * never reads a stranger's slot. It is emptied when the engine reports that the status was replaced
 * (`watchStatuses`, synchronous), so a read always returns the engine's current snapshot.
 */
class ServiceStatusCache {
  readonly monitoring: Monitoring;
  readonly #owners: (Service | undefined)[];
  /** `null`: the engine has no service status for it. */
  readonly #statuses: (ServiceStatus | null)[];
  /** The state id of each filled slot, read without touching the status. */
  readonly #stateIds: Uint8Array;
  readonly #unwatch: () => void;

  constructor(monitoring: Monitoring, configuration: Configuration) {
    this.monitoring = monitoring;
    // Filled by push: `new Array(100000)` makes a dictionary-mode array, slower than the WeakMap.
    this.#owners = [];
    this.#statuses = [];
    for (let i = 0; i < configuration.services.size; i++) {
      this.#owners.push(undefined);
      this.#statuses.push(null);
    }
    this.#stateIds = new Uint8Array(configuration.services.size);
    this.#unwatch = monitoring.watchStatuses((key) => {
      const service = configuration.services.get(key);
      if (service !== undefined) this.#owners[service.id] = undefined;
    });
  }

  get(service: Service): ServiceStatus | undefined {
    const id = service.id;
    if (this.#owners[id] === service) return this.#statuses[id] ?? undefined;
    const status = this.monitoring.states().get(keyOf(service));
    const found = status?.object === 'service' ? status : undefined;
    if (id >= 0 && id < this.#owners.length) {
      this.#owners[id] = service;
      this.#statuses[id] = found ?? null;
      this.#stateIds[id] = serviceStateId(found?.state ?? PENDING);
    }
    return found;
  }

  stateId(service: Service): number {
    const id = service.id;
    if (this.#owners[id] === service) return this.#stateIds[id] ?? 0;
    return serviceStateId(this.get(service)?.state ?? PENDING);
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
  /** The cache of the monitoring running now; a reload starts a new one. */
  const statusCache = (): ServiceStatusCache => {
    const site = current();
    if (cache?.monitoring !== site.monitoring) {
      cache?.close();
      cache = new ServiceStatusCache(site.monitoring, site.configuration);
    }
    return cache;
  };
  return {
    configuration: () => current().configuration,
    hostStatus(hostName): HostStatus | undefined {
      const status = current().monitoring.states().get(hostName);
      return status?.object === 'host' ? status : undefined;
    },
    serviceStatus: (service) => statusCache().get(service),
    serviceStateIds() {
      const cache = statusCache();
      return (service) => cache.stateId(service);
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
      return {
        site: site.settings.site,
        version: PROGRAM_VERSION,
        pid,
        startedAt: site.startedAt,
        timeZone: site.settings.timezone || systemTimeZone(),
        intervalLength: site.settings.intervalLength,
        checks: { host: checks.hostChecks, service: checks.serviceChecks },
        ...(notificationSpool === undefined ? {} : { notificationSpool: notificationSpool() }),
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
    },
  };
}
