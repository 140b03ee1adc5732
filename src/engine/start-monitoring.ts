/**
 * The engine: the single writer of current state. One check, end to end: the due queue yields
 * what is due (time from the injected clock) → the check is planned (command line with macros) →
 * the `RunPlugin` port runs it → the model applies the result → state changes go to the
 * monitoring log → the object is rescheduled.
 *
 * At most `checks.max_concurrent` checks run at once, and an object is never checked twice at
 * the same time: it leaves the queue while its check runs.
 */
import type { Logger } from '../lib/logger.js';
import type { CheckResult, PluginStatus } from '../model/check-result.js';
import {
  PENDING,
  applyResult,
  hostPolicy,
  problemOf,
  servicePolicy,
  type HostState,
  type ObjectState,
} from '../model/check-state.js';
import type { Configuration } from '../model/objects.js';
import { concurrencyLimit } from '../scheduler/concurrency-limit.js';
import { DueQueue } from '../scheduler/due-queue.js';
import { nextCheckTime } from '../scheduler/next-check-time.js';
import { spreadInitialChecks } from '../scheduler/spread-checks.js';
import { checkTargets, checkedObject, isActivelyChecked, type CheckTarget } from './check-targets.js';
import { planCheck } from './plan-check.js';
import type { Clock, MonitoringLog, RunPlugin } from './ports.js';

/** The site settings monitoring reads: the loaded `SiteSettings` fit as they are. */
export interface MonitoringSettings {
  /** Hosts assigned to another site are not checked here. */
  readonly site: string;
  readonly checks: {
    readonly active: boolean;
    /** 0 = automatic. */
    readonly maxConcurrent: number;
    /** Seconds. */
    readonly timeout: number;
    readonly timeoutState: 'unknown' | 'critical';
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
}

/** Running monitoring. */
export interface Monitoring {
  /** Stops scheduling, aborts running plugins and resolves when their checks have ended. */
  stop(): Promise<void>;
  /**
   * The current state of every host (keyed by name) and service (keyed by `host;service`). A live
   * view: the map follows the engine, its values are immutable snapshots.
   */
  states(): ReadonlyMap<string, ObjectState>;
}

const silent: Logger = { log: () => undefined };

function initialState(target: CheckTarget): ObjectState {
  return target.object === 'host'
    ? { object: 'host', hostName: target.host.name, state: PENDING }
    : { object: 'service', hostName: target.host.name, description: target.service.description, state: PENDING };
}

function unknown(output: string): CheckResult {
  return { status: 3, output, longOutput: '', perfdata: '', durationMs: 0 };
}

/** Starts monitoring: logs the current states, spreads the first checks, and runs checks until stopped. */
export function startMonitoring(options: MonitoringOptions): Monitoring {
  const { configuration, settings, monitoringLog, clock, runPlugin } = options;
  const logger = options.logger ?? silent;
  const targets = new Map(checkTargets(configuration, settings.site).map((t) => [t.key, t]));
  const states = new Map<string, ObjectState>();
  for (const target of targets.values()) states.set(target.key, initialState(target));

  const started = clock.now();
  for (const state of states.values()) monitoringLog.currentState(state, started);

  const queue = new DueQueue<string>();
  const scheduled = settings.checks.active ? [...targets.values()].filter(isActivelyChecked) : [];
  const first = spreadInitialChecks(
    scheduled.map((t) => ({ key: t.key, intervalMs: checkedObject(t).checkInterval * 1000 })),
    started,
  );
  for (const { key, due } of first) queue.push(key, due);

  const limit = concurrencyLimit(settings.checks.maxConcurrent);
  const timeoutStatus: PluginStatus = settings.checks.timeoutState === 'critical' ? 2 : 3;
  const abort = new AbortController();
  const running = new Set<Promise<void>>();
  let cancelTimer: (() => void) | null = null;
  let stopped = false;

  logger.log('info', 'monitoring started', {
    hosts: [...targets.values()].filter((t) => t.object === 'host').length,
    services: [...targets.values()].filter((t) => t.object === 'service').length,
    scheduled: scheduled.length,
    concurrency: limit,
  });

  const hostStateOf = (name: string): HostState => {
    const state = states.get(name);
    return state?.object === 'host' ? state.state : PENDING;
  };

  /** UNREACHABLE rather than DOWN: the host has parents and every one of them has a problem. */
  const allParentsDown = (parents: readonly string[]): boolean =>
    parents.length > 0 && parents.every((parent) => problemOf(hostStateOf(parent)) !== null);

  const runCheck = async (target: CheckTarget, startedAt: number): Promise<CheckResult> => {
    const current = states.get(target.key);
    const plan = planCheck(target, {
      configuration,
      hostState: hostStateOf(target.host.name),
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

  const record = (target: CheckTarget, result: CheckResult, now: number): ObjectState | undefined => {
    const current = states.get(target.key);
    if (current === undefined) return undefined;
    const max = checkedObject(target).maxCheckAttempts;
    let next: ObjectState;
    if (current.object === 'host') {
      const applied = applyResult(current.state, result, hostPolicy(max, allParentsDown(target.host.parents)), now);
      next = { ...current, state: applied.state };
      for (const event of applied.events)
        monitoringLog.stateChange({ object: 'host', hostName: current.hostName, event });
    } else {
      const applied = applyResult(current.state, result, servicePolicy(max), now);
      next = { ...current, state: applied.state };
      for (const event of applied.events) {
        monitoringLog.stateChange({
          object: 'service',
          hostName: current.hostName,
          description: current.description,
          event,
        });
      }
    }
    states.set(target.key, next);
    return next;
  };

  const check = async (target: CheckTarget, startedAt: number): Promise<void> => {
    const result = await runCheck(target, startedAt);
    if (stopped) return;
    const now = clock.now();
    const next = record(target, result, now);
    if (next === undefined) return;
    const object = checkedObject(target);
    const due = nextCheckTime(
      next.state,
      { checkIntervalMs: object.checkInterval * 1000, retryIntervalMs: object.retryInterval * 1000 },
      { startedAt, now },
    );
    if (due !== null) queue.push(target.key, due);
  };

  const arm = (): void => {
    cancelTimer?.();
    cancelTimer = null;
    // While every slot is busy, the next finishing check pumps the queue.
    if (stopped || running.size >= limit) return;
    const next = queue.peek();
    if (next !== undefined) cancelTimer = clock.setTimer(Math.max(0, next.due - clock.now()), pump);
  };

  function pump(): void {
    if (stopped) return;
    const now = clock.now();
    while (running.size < limit) {
      const due = queue.popDue(now);
      if (due === undefined) break;
      const target = targets.get(due.key);
      if (target === undefined) continue;
      const task: Promise<void> = check(target, now)
        .catch((error: unknown) => logger.log('error', 'check failed', { object: target.key, error: String(error) }))
        .finally(() => {
          running.delete(task);
          pump();
        });
      running.add(task);
    }
    arm();
  }

  pump();

  return {
    stop: async () => {
      if (!stopped) {
        stopped = true;
        cancelTimer?.();
        cancelTimer = null;
        abort.abort();
        logger.log('info', 'monitoring stopping', { running: running.size });
      }
      await Promise.allSettled([...running]);
    },
    states: () => states,
  };
}
