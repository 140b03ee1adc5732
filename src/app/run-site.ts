/**
 * The composition root of a running site: loads the configuration, takes the site directory,
 * starts the parts, reloads on request (keeping the running configuration when the new one has
 * errors) and stops them in order.
 */
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatDiagnostic } from '../config/diagnostic.js';
import { loadSite } from '../config/load-site.js';
import { lineLogger, type Logger } from '../lib/logger.js';
import { countObjects, type Configuration } from '../model/objects.js';
import { existsSync } from 'node:fs';
import { runPlugin as runPluginInProcess } from '../checks/process/run-plugin.js';
import { createHelperPool } from '../checks/spawn/helper-pool.js';
import { SPAWN_HELPER_PATH } from '../checks/spawn/spawn-helper-path.js';
import { nativeCheckTypes } from '../checks/native/native-check-types.js';
import { routeNativeChecks } from '../checks/native/route-native-checks.js';
import type { SiteSettings } from '../config/site-settings.js';
import { startMonitoring, type Monitoring } from '../engine/start-monitoring.js';
import type { MonitoringSnapshot } from '../model/monitoring-snapshot.js';
import { systemClock } from '../engine/system-clock.js';
import { openMonitoringLog } from '../history/monitoring-log.js';
import { openRetention, type Retention } from '../history/retention/open-retention.js';
import { fileLogArchive } from '../livestatus/file-log-archive.js';
import { loadTcpSecurity } from '../livestatus/socket/load-tcp-security.js';
import { startLivestatus, type LivestatusServer } from '../livestatus/socket/start-livestatus.js';
import { loadNotificationRules } from '../notify/config/load-notification-rules.js';
import { startNotifications, type Notifications } from '../notify/start-notifications.js';
import { submitExternalCommand } from './external-command-sink.js';
import { lockSite, prepareSiteDirectory, sitePaths } from './site-directory.js';
import { siteStatusSource, type RunningSite } from './site-status-source.js';

export interface RunSiteOptions {
  readonly siteDir: string;
  readonly pid: number;
  /** Lines for the terminal (the daemon log gets them too). */
  readonly console: (line: string) => void;
  readonly stopRequested: Promise<string>;
  readonly onReload: (handler: () => void) => void;
}

/** Exit status of a site run: 0 stopped on request, 1 configuration errors, 3 could not run. */
export type RunStatus = 0 | 1 | 3;

function describe(config: Configuration): Record<string, number> {
  const counts = countObjects(config);
  return { hosts: counts.hosts ?? 0, services: counts.services ?? 0, commands: counts.commands ?? 0 };
}

/** Runs a site in the foreground until `stopRequested` resolves. */
export async function runSite(options: RunSiteOptions): Promise<RunStatus> {
  const root = resolve(options.siteDir);
  const loaded = loadSite(root);
  for (const d of loaded.diagnostics.items) if (d.severity !== 'notice') options.console(formatDiagnostic(d));
  if (!loaded.ok) {
    options.console(`${loaded.diagnostics.errorCount} configuration error(s): the site does not start`);
    return 1;
  }
  const rulesAtStart = loadNotificationRules(root, loaded.configuration);
  for (const d of rulesAtStart.diagnostics.items) options.console(formatDiagnostic(d));
  if (rulesAtStart.diagnostics.errorCount > 0) {
    options.console(`${rulesAtStart.diagnostics.errorCount} notification rule error(s): the site does not start`);
    return 1;
  }
  let notificationRules = rulesAtStart.rules;
  const paths = sitePaths(root);
  try {
    prepareSiteDirectory(paths);
  } catch (error) {
    options.console(`cannot prepare the site directory ${root}: ${(error as Error).message}`);
    return 3;
  }
  const lock = lockSite(paths, options.pid);
  if (!lock.ok) {
    options.console(`cannot start: ${lock.reason}`);
    return 3;
  }
  const daemonLog = createWriteStream(paths.daemonLog, { flags: 'a' });
  const logger: Logger = lineLogger([(line) => daemonLog.write(`${line}\n`), options.console]);
  const settings = loaded.settings;
  const monitoringLog = await openMonitoringLog({
    siteDir: root,
    pid: options.pid,
    clock: systemClock,
    onError: (error) => logger.log('error', 'monitoring log write failed', { error: String(error) }),
  });
  // Plugins run through small native helpers (posix_spawn); without the built helper, in process.
  const plugins = existsSync(SPAWN_HELPER_PATH) ? createHelperPool({ logger }) : null;
  if (plugins === null) {
    logger.log('warn', 'spawn helper not built; plugins run from the main process', { helper: SPAWN_HELPER_PATH });
  }
  // `native:` command lines run in-process; every other line is a plugin.
  const runPlugin = routeNativeChecks(nativeCheckTypes({ stateDir: paths.var }), plugins?.run ?? runPluginInProcess, {
    maxConcurrentPerType: loaded.settings.checks.nativeMaxConnections,
  });
  const start = (configuration: Configuration, current: SiteSettings, initial?: MonitoringSnapshot): Monitoring =>
    startMonitoring({
      configuration,
      settings: current,
      monitoringLog,
      clock: systemClock,
      runPlugin,
      logger,
      ...(initial === undefined ? {} : { initial }),
    });
  let retention: Retention;
  try {
    retention = await openRetention({ dir: paths.var, clock: systemClock, logger });
  } catch (error) {
    logger.log('error', 'cannot read the retained state', { dir: paths.var, error: (error as Error).message });
    await plugins?.close();
    await monitoringLog.close();
    lock.release();
    await new Promise<void>((done) => daemonLog.end(done));
    return 3;
  }
  for (const problem of retention.problems) logger.log('warn', 'retention', { problem: JSON.stringify(problem) });
  let running: RunningSite = {
    configuration: loaded.configuration,
    settings,
    monitoring: start(loaded.configuration, settings, retention.restored),
    startedAt: Date.now(),
  };
  void retention.attach(running.monitoring);
  // Notifications go through the spool in var/notify before they are delivered.
  let notifications: Notifications;
  try {
    notifications = await startNotifications({
      spoolDir: join(paths.var, 'notify'),
      clock: systemClock,
      settings: () => running.settings,
      configuration: () => running.configuration,
      rules: () => notificationRules,
      history: monitoringLog,
      logger,
    });
  } catch (error) {
    logger.log('error', 'cannot open the notification spool', { dir: paths.var, error: (error as Error).message });
    await running.monitoring.stop();
    await retention.close();
    await plugins?.close();
    await monitoringLog.close();
    lock.release();
    await new Promise<void>((done) => daemonLog.end(done));
    return 3;
  }
  notifications.attach(running.monitoring);
  let live: LivestatusServer;
  try {
    // TLS files and the secret are read before anything listens; a problem stops the start.
    const security = settings.livestatus.tcp ? loadTcpSecurity(settings.livestatus, root) : null;
    if (security !== null && !security.ok) throw new Error(security.error);
    for (const warning of security?.warnings ?? []) logger.log('warn', 'livestatus tls', { problem: warning });
    live = await startLivestatus({
      source: siteStatusSource(
        () => running,
        options.pid,
        fileLogArchive(paths.log),
        () => notifications.health(),
      ),
      commands: { submit: (command) => submitExternalCommand(command, running, monitoringLog, logger) },
      unixSocket: resolve(root, settings.livestatus.socket),
      ...(settings.livestatus.tcp
        ? {
            tcp: {
              address: settings.livestatus.address,
              port: settings.livestatus.port,
              ...(security?.ok === true ? { security: security.security } : {}),
            },
          }
        : {}),
      maxConnections: settings.livestatus.maxConnections,
      logger,
    });
  } catch (error) {
    logger.log('error', 'cannot start Livestatus', { error: (error as Error).message });
    await running.monitoring.stop();
    await notifications.close();
    await retention.close();
    await plugins?.close();
    await monitoringLog.close();
    lock.release();
    await new Promise<void>((done) => daemonLog.end(done));
    return 3;
  }
  logger.log('info', 'site started', {
    site: settings.site,
    pid: options.pid,
    dir: root,
    ...describe(loaded.configuration),
  });

  // Reloads are handled one at a time; a signal during a reload waits for it.
  let reloading = Promise.resolve();
  options.onReload(() => {
    reloading = reloading.then(() => reload());
  });
  const reload = async (): Promise<void> => {
    const next = loadSite(root);
    if (!next.ok) {
      for (const d of next.diagnostics.items) {
        if (d.severity === 'error') logger.log('error', 'reload refused', { problem: formatDiagnostic(d) });
      }
      logger.log('warn', 'configuration has errors; the running configuration stays', {
        errors: next.diagnostics.errorCount,
      });
      return;
    }
    const nextRules = loadNotificationRules(root, next.configuration);
    if (nextRules.diagnostics.errorCount > 0) {
      for (const d of nextRules.diagnostics.items)
        logger.log('error', 'reload refused', { problem: formatDiagnostic(d) });
      logger.log('warn', 'notification rules have errors; the running configuration stays', {
        errors: nextRules.diagnostics.errorCount,
      });
      return;
    }
    notificationRules = nextRules.rules;
    // Objects that still exist keep their state, acknowledgements, downtimes and comments.
    await running.monitoring.stop();
    const monitoring = start(next.configuration, next.settings, running.monitoring.snapshot());
    running = { configuration: next.configuration, settings: next.settings, monitoring, startedAt: Date.now() };
    void retention.attach(monitoring);
    notifications.attach(monitoring);
    logger.log('info', 'configuration reloaded', describe(next.configuration));
  };

  // The site lives until it is asked to stop, even in moments when no part has work pending.
  const alive = setInterval(() => undefined, 2 ** 30);
  const signal = await options.stopRequested;
  clearInterval(alive);
  logger.log('info', 'site stopping', { signal });
  await reloading;
  await live.close();
  await running.monitoring.stop();
  await notifications.close();
  await retention.close();
  await plugins?.close();
  await monitoringLog.close();
  lock.release();
  logger.log('info', 'site stopped', { site: settings.site });
  await new Promise<void>((done) => daemonLog.end(done));
  return 0;
}
