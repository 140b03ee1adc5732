/**
 * The Livestatus view of a running site: the configuration and states of the monitoring that
 * runs now, and the program status of the `status` table.
 */
import type { SiteSettings } from '../config/site-settings.js';
import type { Monitoring } from '../engine/start-monitoring.js';
import type { ProgramStatus, StatusSource } from '../livestatus/ports.js';
import type { HostState, ServiceState } from '../model/check-state.js';
import { serviceKey, type Configuration } from '../model/objects.js';

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

/** A StatusSource over whatever `current()` returns at the moment of each request. */
export function siteStatusSource(current: () => RunningSite, pid: number): StatusSource {
  return {
    configuration: () => current().configuration,
    hostState(hostName): HostState | undefined {
      const status = current().monitoring.states().get(hostName);
      return status?.object === 'host' ? status.state : undefined;
    },
    serviceState(hostName, description): ServiceState | undefined {
      const status = current().monitoring.states().get(serviceKey(hostName, description));
      return status?.object === 'service' ? status.state : undefined;
    },
    program(): ProgramStatus {
      const site = current();
      const switches = site.monitoring.globalSwitches();
      return {
        site: site.settings.site,
        version: PROGRAM_VERSION,
        pid,
        startedAt: site.startedAt,
        timeZone: site.settings.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone,
        intervalLength: site.settings.intervalLength,
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
