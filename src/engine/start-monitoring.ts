/**
 * The engine: the single writer of current state. One check, end to end: the due queue yields
 * what is due (time from the injected clock) → outside its check period a check moves to the
 * period's next start → the check is planned (command line with macros) → the `RunPlugin` port
 * runs it → the core applies the result and emits its events → the object is rescheduled.
 * Passive results, freshness checking, downtimes coming due and commands enter here too; every
 * event goes to the monitoring log and to whoever subscribes. After a state change the object's
 * event handler runs through the same port (see should-run-event-handler.ts for when).
 *
 * At most `checks.max_concurrent` checks run at once, and an object is never checked twice at
 * the same time: it leaves the queue while its check runs.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from '../lib/logger.js';
import type { CheckResult, PluginStatus } from '../model/check-result.js';
import { checkTimeInPeriod } from '../model/check-period.js';
import type { Comment } from '../model/comment.js';
import type { Downtime } from '../model/downtime.js';
import type { SwitchValues } from '../model/master-control.js';
import type { CommandOutcome, MonitoringCommand } from '../model/monitoring-command.js';
import type { MonitoringSnapshot } from '../model/monitoring-snapshot.js';
import type { Configuration } from '../model/objects.js';
import { describeRef, objectKey } from '../model/object-ref.js';
import type { ObjectStatus } from '../model/object-status.js';
import { concurrencyLimit } from '../scheduler/concurrency-limit.js';
import { DISPATCH_TICK_MS, DispatchLoop } from '../scheduler/dispatch-loop.js';
import { nextCheckTime } from '../scheduler/next-check-time.js';
import { spreadInitialChecks } from '../scheduler/spread-checks.js';
import { checkTargets, checkedObject, type CheckTarget } from './check-targets.js';
import { executeCoreCommand } from './core-commands.js';
import { EventHandlers, globalEventHandlers } from './event-handlers.js';
import { FreshnessWatch, type StaleResult } from './freshness-watch.js';
import { createEventHub, type EventListener } from './event-hub.js';
import { KeyedDueQueue, type KeyedDue } from './keyed-due-queue.js';
import { MonitoringCore, targetRef, type CoreSettings } from './monitoring-core.js';
import { viewOf, type ObjectView } from './object-view.js';
import { OnDemandHostChecks } from './on-demand-host-checks.js';
import { planCheck } from './plan-check.js';
import type { Clock, MonitoringLog, RunPlugin } from './ports.js';
import { systemTimeZone } from '../lib/system-time-zone.js';

/** The site settings monitoring reads: the loaded `SiteSettings` fit as they are. */
export interface MonitoringSettings {
  /** Hosts assigned to another site are not checked here. */
  readonly site: string;
  /** The IANA zone time periods are read in; `''` is the system's zone. */
  readonly timezone: string;
  readonly checks: {
    readonly active: boolean;
    readonly passive: boolean;
    /** 0 = automatic. */
    readonly maxConcurrent: number;
    /** Seconds. */
    readonly timeout: number;
    readonly timeoutState: 'unknown' | 'critical';
    /** Seconds a host result stands in for an on-demand check of the host (see on-demand-host-checks.ts). */
    readonly cachedHostCheckHorizon: number;
  };
  readonly notifications: { readonly enabled: boolean };
  readonly flapDetection: {
    readonly enabled: boolean;
    readonly lowHostThreshold: number;
    readonly highHostThreshold: number;
    readonly lowServiceThreshold: number;
    readonly highServiceThreshold: number;
  };
  readonly eventHandlers: {
    readonly enabled: boolean;
    /** The global host and service event handlers, `name!arg1!...`; `''` for none. */
    readonly globalHost: string;
    readonly globalService: string;
  };
}

/** What monitoring needs; the caller owns (opens and closes) the monitoring log. */
export interface MonitoringOptions {
  readonly configuration: Configuration;
  readonly settings: MonitoringSettings;
  readonly monitoringLog: MonitoringLog;
  readonly clock: Clock;
  readonly runPlugin: RunPlugin;
  readonly logger?: Logger;
  /** State to continue from: the snapshot of the monitoring a reload replaces, or retention's. */
  readonly initial?: MonitoringSnapshot;
}

/** Where an object stands in the check schedule. */
export interface CheckScheduleView {
  /** When its next check is due, `null` when none is scheduled. */
  readonly nextCheck: number | null;
  /** A check of it is running. */
  readonly executing: boolean;
  /** Milliseconds its last check started after it was due (Nagios' check latency); 0 before the first. */
  readonly latencyMs: number;
}

/** One object as seen now, with its scheduling. */
export interface MonitoredObjectView extends ObjectView, CheckScheduleView {}

/** How many checks the engine has run since it started, by object type (Livestatus `host_checks`, `service_checks`). */
export interface CheckCounters {
  readonly hostChecks: number;
  readonly serviceChecks: number;
}

/** Running monitoring. */
export interface Monitoring {
  /** Stops scheduling, aborts running plugins and resolves when their checks have ended. */
  stop(): Promise<void>;
  /**
   * The status of every host (keyed by name) and service (keyed by `host;service`). A live
   * view: the map follows the engine, its values are immutable snapshots.
   */
  states(): ReadonlyMap<string, ObjectStatus>;
  /**
   * Accepts a passive result for object `key`. For a host, status 0 is UP, 1 DOWN and 2
   * UNREACHABLE, as in PROCESS_HOST_CHECK_RESULT. Refused while passive checks are off globally
   * or for the object.
   */
  submitResult(key: string, result: CheckResult): CommandOutcome;
  /** Executes a command (acknowledge, downtime, comment, switch, check, passive result). */
  command(command: MonitoringCommand): CommandOutcome;
  /** Subscribes to the event stream (see event-hub.ts for the contract); returns the unsubscribe. */
  subscribe(listener: EventListener): () => void;
  /** The downtimes, waiting and in effect, in scheduling order. */
  downtimes(): readonly Downtime[];
  /** The comments by id. A live view, like {@link states}. */
  comments(): ReadonlyMap<number, Comment>;
  /** The global master control switches in force. */
  globalSwitches(): SwitchValues;
  /** One object as seen now, or `undefined` for an unknown key. */
  inspect(key: string): MonitoredObjectView | undefined;
  /** Only the scheduling of one object (cheaper than {@link inspect}), or `undefined` for an unknown key. */
  checkSchedule(key: string): CheckScheduleView | undefined;
  /** The active checks run since monitoring started (a reload starts again from 0). */
  checkCounters(): CheckCounters;
  /** The whole run-time state as one plain value (for retention and for a reload's `initial`). */
  snapshot(): MonitoringSnapshot;
  /**
   * Calls `listener` with the key of every object whose status changes (any field: state,
   * attempt, output, flap history, acknowledgement, notification record, switches), synchronously
   * after the change and possibly more than once per change; returns the unsubscribe. For
   * retention, which must also learn of changes that emit no event.
   */
  watchStatuses(listener: (key: string) => void): () => void;
}

const silent: Logger = { log: () => undefined };
const YEAR_MS = 365 * 86_400_000;

function unknown(output: string): CheckResult {
  return { status: 3, output, longOutput: '', perfdata: '', durationMs: 0 };
}

function coreSettings(settings: MonitoringSettings): CoreSettings {
  const flap = settings.flapDetection;
  return {
    timeZone: settings.timezone !== '' ? settings.timezone : systemTimeZone(),
    globalSwitches: {
      activeChecks: settings.checks.active,
      passiveChecks: settings.checks.passive,
      notifications: settings.notifications.enabled,
      flapDetection: flap.enabled,
      eventHandlers: settings.eventHandlers.enabled,
    },
    flapThresholds: {
      host: { low: flap.lowHostThreshold, high: flap.highHostThreshold },
      service: { low: flap.lowServiceThreshold, high: flap.highServiceThreshold },
    },
  };
}

/** A check interval of 0 means no regular checks; a service needs a command, a host is UP without one. */
function hasRegularChecks(target: CheckTarget): boolean {
  const object = checkedObject(target);
  return object.checkInterval > 0 && (target.object === 'host' || object.checkCommand !== null);
}

/** Starts monitoring: logs the current states, spreads the first checks, and runs checks until stopped. */
export function startMonitoring(options: MonitoringOptions): Monitoring {
  const { configuration, settings, monitoringLog, clock, runPlugin } = options;
  const logger = options.logger ?? silent;
  const targets = new Map(checkTargets(configuration, settings.site).map((t) => [t.key, t]));
  const hub = createEventHub((error) => logger.log('error', 'event listener failed', { error: String(error) }));
  hub.subscribe((event) => monitoringLog.record(event));
  const core = new MonitoringCore({
    configuration,
    targets,
    settings: coreSettings(settings),
    hub,
    ...(options.initial === undefined ? {} : { initial: options.initial }),
  });
  const { state } = core;

  const started = clock.now();
  for (const status of state.statuses.values()) monitoringLog.currentState(status, started);

  const checks = new KeyedDueQueue();
  const executing = new Set<string>();
  const limit = concurrencyLimit(settings.checks.maxConcurrent);
  const timeoutStatus: PluginStatus = settings.checks.timeoutState === 'critical' ? 2 : 3;
  const abort = new AbortController();
  // Every running check listens for the abort: thousands at once are expected, not a leak.
  setMaxListeners(Number.POSITIVE_INFINITY, abort.signal);
  /** The latency of each object's last check, for Livestatus `latency`. */
  const latencies = new Map<string, number>();
  const counters = { hostChecks: 0, serviceChecks: 0 };
  /** `stop()` callers waiting for the running checks to end. */
  let idleWaiters: (() => void)[] = [];
  const loop = new DispatchLoop<KeyedDue>({
    queue: checks,
    clock,
    limit,
    tickMs: DISPATCH_TICK_MS,
    start: (due, now) => startDue(due, now),
  });
  let cancelHousekeeping: (() => void) | null = null;
  let housekeepingAt: number | null = null;
  let stopped = false;

  const activeInForce = (key: string): boolean =>
    core.globals().activeChecks && (core.switchesOf(key)?.activeChecks ?? false);
  const scheduled = (target: CheckTarget): boolean => hasRegularChecks(target) && activeInForce(target.key);

  const spread = (list: readonly CheckTarget[], now: number): void => {
    const first = spreadInitialChecks(
      list.map((t) => ({ key: t.key, intervalMs: checkedObject(t).checkInterval * 1000 })),
      now,
    );
    for (const { key, due } of first) checks.schedule(key, due);
  };
  const initiallyScheduled = [...targets.values()].filter(scheduled);
  spread(initiallyScheduled, started);

  const freshness = new FreshnessWatch(core, started);
  for (const target of targets.values()) freshness.watch(target);

  logger.log('info', 'monitoring started', {
    hosts: [...targets.values()].filter((t) => t.object === 'host').length,
    services: [...targets.values()].filter((t) => t.object === 'service').length,
    scheduled: initiallyScheduled.length,
    concurrency: limit,
  });

  /** The result of one check; a plugin runner that rejects (against its contract) gives UNKNOWN. */
  const runCheck = async (target: CheckTarget, startedAt: number): Promise<CheckResult> => {
    const current = state.statuses.get(target.key);
    const host = state.statuses.get(target.host.name);
    const plan = planCheck(target, {
      configuration,
      hostState: host?.object === 'host' ? host.state : { kind: 'pending' },
      serviceState: current?.object === 'service' ? current.state : undefined,
      now: startedAt,
    });
    if (plan.kind === 'result') return plan.result;
    try {
      return await runPlugin({
        commandLine: plan.commandLine,
        timeoutSeconds: settings.checks.timeout,
        timeoutStatus,
        signal: abort.signal,
      });
    } catch (error) {
      logger.log('error', 'plugin runner failed', { object: target.key, error: String(error) });
      return unknown(`UNKNOWN - the check could not be run: ${String(error)}`);
    }
  };

  const eventHandlers = new EventHandlers({
    core,
    configuration,
    globals: globalEventHandlers(settings.eventHandlers),
    runPlugin,
    timeoutSeconds: settings.checks.timeout,
    timeoutStatus,
    signal: abort.signal,
    logger,
  });
  const onDemand = new OnDemandHostChecks(core, settings.checks.cachedHostCheckHorizon);

  /** Checks host `key` now, on demand (see on-demand-host-checks.ts), unless it runs, is due already or is off. */
  const demandCheck = (key: string, now: number): void => {
    if (executing.has(key) || !activeInForce(key)) return;
    const due = checks.dueOf(key);
    if (due !== undefined && due <= now) return;
    checks.schedule(key, now);
    loop.poke();
  };

  /** Applies a result, checks related hosts on demand and runs the event handlers the change calls for. */
  const recordResult = (target: CheckTarget, result: CheckResult, now: number, passive: boolean): void => {
    const before = state.statuses.get(target.key);
    const applied = core.recordResult(target.key, result, now, passive);
    if (before === undefined || applied === null) return;
    for (const key of onDemand.after(target.key, before, now)) demandCheck(key, now);
    for (const event of applied.events) {
      if (event.kind !== 'state-change') continue;
      // Handlers see the change as its alert line shows it: a SOFT recovery is OK, SOFT, attempt n.
      const { stateType, attempt } = event.change.event;
      const after = applied.status.state;
      eventHandlers.afterResult({ target, before: before.state, after, change: { stateType, attempt }, now });
    }
  };

  /** After a result: the next regular check (unless one was scheduled meanwhile) and freshness. */
  const afterResult = (target: CheckTarget, startedAt: number, now: number): void => {
    const status = state.statuses.get(target.key);
    if (status !== undefined && checks.dueOf(target.key) === undefined && scheduled(target)) {
      const object = checkedObject(target);
      const due = nextCheckTime(
        status.state,
        { checkIntervalMs: object.checkInterval * 1000, retryIntervalMs: object.retryInterval * 1000 },
        { startedAt, now },
      );
      if (due !== null) checks.schedule(target.key, due);
    }
    freshness.watch(target);
    armHousekeeping();
  };

  /** A check has ended: its result is applied (unless monitoring stopped meanwhile) and its slot freed. */
  const finishCheck = (target: CheckTarget, startedAt: number, result: CheckResult): void => {
    executing.delete(target.key);
    if (!stopped) {
      if (target.object === 'host') counters.hostChecks++;
      else counters.serviceChecks++;
      const now = clock.now();
      try {
        recordResult(target, result, now, false);
        afterResult(target, startedAt, now);
      } catch (error) {
        logger.log('error', 'check failed', { object: target.key, error: String(error) });
      }
    }
    loop.finished();
    if (loop.inFlight === 0 && idleWaiters.length > 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    }
  };

  /**
   * Starts the check of a due entry, or drops or reschedules it; says whether a check runs.
   * A check due within the dispatch tick starts now but counts from its due time, so that the
   * schedule does not drift; its latency is how late it started (0 when early).
   */
  function startDue(due: KeyedDue, now: number): boolean {
    const target = targets.get(due.key);
    // A check already running yields a fresh result; a regular check switched off is dropped.
    if (target === undefined || executing.has(due.key) || (!due.forced && !scheduled(target))) return false;
    const at = Math.max(now, due.due);
    if (!due.forced) {
      const allowed = checkTimeInPeriod(checkedObject(target).checkPeriod, at, core.periods);
      if (allowed !== at) {
        // Outside the check period: wait for its next start (a year when it never starts, as Nagios does).
        checks.schedule(due.key, allowed ?? at + YEAR_MS);
        return false;
      }
    }
    executing.add(due.key);
    latencies.set(due.key, Math.max(0, now - due.due));
    runCheck(target, at).then(
      (result) => finishCheck(target, at, result),
      (error: unknown) => finishCheck(target, at, unknown(`UNKNOWN - the check failed: ${String(error)}`)),
    );
    return true;
  }

  /** A result has gone stale: force the object's check, or without a check command make it UNKNOWN. */
  const freshen = ({ target, thresholdMs, staleByMs }: StaleResult, now: number): void => {
    core.emit({ kind: 'result-stale', at: now, target: targetRef(target), staleByMs, thresholdMs });
    if (checkedObject(target).checkCommand !== null) return checks.schedule(target.key, now, true);
    const output = `UNKNOWN - no result within the freshness threshold of ${Math.round(thresholdMs / 1000)}s`;
    recordResult(target, unknown(output), now, false);
    freshness.watch(target);
  };

  /** Downtimes coming due and stale results, whichever is first. */
  function housekeep(): void {
    housekeepingAt = null;
    cancelHousekeeping = null;
    if (stopped) return;
    const now = clock.now();
    core.advance(now);
    for (const stale of freshness.takeStale(now, (key) => executing.has(key))) freshen(stale, now);
    armHousekeeping();
    loop.pass();
  }

  function armHousekeeping(): void {
    if (stopped) return;
    // Runs after every result: no arrays, no closures.
    const stale = freshness.next() ?? null;
    const downtime = core.nextChange();
    const next = stale === null || (downtime !== null && downtime < stale) ? downtime : stale;
    if (next === housekeepingAt) return;
    cancelHousekeeping?.();
    cancelHousekeeping = null;
    housekeepingAt = next;
    if (next !== null) cancelHousekeeping = clock.setTimer(Math.max(0, next - clock.now()), housekeep);
  }

  const submitResult = (key: string, result: CheckResult): CommandOutcome => {
    const target = targets.get(key);
    if (stopped) return { ok: false, error: 'monitoring has stopped' };
    if (target === undefined) return { ok: false, error: `'${key}' is not a host or service monitored by this site` };
    const ref = targetRef(target);
    if (!core.globals().passiveChecks) return { ok: false, error: 'passive checks are disabled for the whole site' };
    if (core.switchesOf(key)?.passiveChecks !== true) {
      return { ok: false, error: `passive checks of ${describeRef(ref)} are disabled` };
    }
    const now = clock.now();
    core.emit({ kind: 'passive-result', at: now, target: ref, status: result.status, output: result.output });
    recordResult(target, result, now, true);
    freshness.watch(target);
    armHousekeeping();
    return { ok: true, ids: [] };
  };

  const scheduleCheck = (command: Extract<MonitoringCommand, { kind: 'schedule-check' }>): CommandOutcome => {
    const key = objectKey(command.target);
    if (!targets.has(key)) return { ok: false, error: `${describeRef(command.target)} is not monitored by this site` };
    if (!command.forced && !activeInForce(key)) {
      return { ok: false, error: `active checks of ${describeRef(command.target)} are disabled; force the check` };
    }
    const current = checks.dueOf(key);
    // Like Nagios, a normal reschedule never postpones a check that is due earlier.
    if (command.forced || current === undefined || command.at < current)
      checks.schedule(key, command.at, command.forced);
    loop.pass();
    return { ok: true, ids: [] };
  };

  /** Active checks were switched on: objects without a scheduled check get one. */
  const activeChecksOn = (keys: readonly string[], now: number): void => {
    const waiting = keys
      .map((key) => targets.get(key))
      .filter((t): t is CheckTarget => t !== undefined && scheduled(t) && checks.dueOf(t.key) === undefined);
    spread(waiting, now);
    loop.pass();
  };

  const command = (value: MonitoringCommand): CommandOutcome => {
    if (stopped) return { ok: false, error: 'monitoring has stopped' };
    if (value.kind === 'schedule-check') return scheduleCheck(value);
    if (value.kind === 'process-result') return submitResult(objectKey(value.target), value.result);
    const now = clock.now();
    const outcome = executeCoreCommand(core, value, now);
    if (outcome.ok && value.kind === 'set-switch' && value.name === 'activeChecks' && value.enabled) {
      activeChecksOn(value.scope === 'global' ? [...targets.keys()] : [objectKey(value.scope)], now);
    }
    armHousekeeping();
    return outcome;
  };

  // Downtimes of a restored state may have come due while the site was not running.
  core.advance(started);
  armHousekeeping();
  loop.pass();

  return {
    stop: async () => {
      if (!stopped) {
        stopped = true;
        loop.stop();
        cancelHousekeeping?.();
        cancelHousekeeping = null;
        abort.abort();
        logger.log('info', 'monitoring stopping', { running: loop.inFlight });
      }
      if (loop.inFlight > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      await Promise.allSettled(eventHandlers.running());
    },
    states: () => state.statuses,
    submitResult,
    command,
    subscribe: (listener) => hub.subscribe(listener),
    downtimes: () => state.downtimes,
    comments: () => state.comments,
    globalSwitches: () => core.globals(),
    inspect: (key) => {
      const now = clock.now();
      const view = viewOf(core, key, now, started);
      if (view === undefined) return undefined;
      return {
        ...view,
        nextCheck: checks.dueOf(key) ?? null,
        executing: executing.has(key),
        latencyMs: latencies.get(key) ?? 0,
      };
    },
    checkSchedule: (key) =>
      targets.has(key)
        ? { nextCheck: checks.dueOf(key) ?? null, executing: executing.has(key), latencyMs: latencies.get(key) ?? 0 }
        : undefined,
    checkCounters: () => ({ ...counters }),
    snapshot: () => state.snapshot(clock.now()),
    watchStatuses: (listener) => state.watchStatuses(listener),
  };
}
