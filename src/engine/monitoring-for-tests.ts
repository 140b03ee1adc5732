/**
 * Fakes for tests of monitoring: site settings, a monitoring log that keeps its lines and events
 * in memory, a scripted plugin runner, and a helper that lets a manual clock's checks finish.
 */
import assert from 'node:assert/strict';
import { eventLogMessage } from '../history/event-log-lines.js';
import { currentStateMessage } from '../history/log-line.js';
import type { CheckResult, PluginRequest, PluginStatus } from '../model/check-result.js';
import type { MonitoringEvent } from '../model/events.js';
import type { Configuration } from '../model/objects.js';
import { buildFromYaml } from '../testing/build-from-yaml.js';
import type { ManualClock } from './manual-clock.js';
import type { MonitoringLog, RunPlugin } from './ports.js';
import type { MonitoringSettings } from './start-monitoring.js';

/** The instant tests start at (2023-11-14T22:13:20Z). */
export const START = 1_700_000_000_000;

/** Settings with every switch on, Nagios' default flap thresholds and cache horizon, no global event handlers, UTC. */
export const TEST_SETTINGS: MonitoringSettings = {
  site: 'here',
  timezone: 'UTC',
  checks: {
    active: true,
    passive: true,
    maxConcurrent: 0,
    timeout: 30,
    timeoutState: 'unknown',
    cachedHostCheckHorizon: 15,
  },
  notifications: { enabled: true },
  flapDetection: {
    enabled: true,
    lowHostThreshold: 5,
    highHostThreshold: 20,
    lowServiceThreshold: 5,
    highServiceThreshold: 20,
  },
  eventHandlers: { enabled: true, globalHost: '', globalService: '' },
};

/** A monitoring log that keeps its lines (stamped `+seconds` since {@link START}) and every event. */
export function memoryLog(): MonitoringLog & { readonly lines: string[]; readonly events: MonitoringEvent[] } {
  const lines: string[] = [];
  const events: MonitoringEvent[] = [];
  const stamp = (at: number): string => `+${(at - START) / 1000}`;
  return {
    lines,
    events,
    record: (event) => {
      events.push(event);
      const message = eventLogMessage(event);
      if (message !== null) lines.push(`${stamp(event.at)} ${message}`);
    },
    currentState: (object, at) => lines.push(`${stamp(at)} ${currentStateMessage(object)}`),
  };
}

/** A result with the given status and output. */
export function resultOf(status: PluginStatus, output: string): CheckResult {
  return { status, output, longOutput: '', perfdata: '', durationMs: 1 };
}

/**
 * A plugin runner answering from a script: per command line, the statuses to return in turn
 * (the last repeats; unknown command lines are UNKNOWN). It records each request with the time.
 */
export function scriptedRunner(
  script: Record<string, PluginStatus[]>,
  clock?: ManualClock,
): RunPlugin & { readonly requests: { readonly at: number; readonly request: PluginRequest }[] } {
  const calls = new Map<string, number>();
  const requests: { at: number; request: PluginRequest }[] = [];
  const run = (request: PluginRequest): Promise<CheckResult> => {
    requests.push({ at: clock === undefined ? 0 : (clock.now() - START) / 1000, request });
    const statuses = script[request.commandLine] ?? [3];
    const n = calls.get(request.commandLine) ?? 0;
    calls.set(request.commandLine, n + 1);
    const status = statuses[Math.min(n, statuses.length - 1)] ?? 3;
    return Promise.resolve(
      resultOf(status, `${['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][status]} - ${request.commandLine}`),
    );
  };
  return Object.assign(run, { requests });
}

/** Lets promise callbacks (finished checks) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves the clock `seconds` forward one second at a time, letting checks finish in between. */
export async function advance(clock: ManualClock, seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    clock.advance(1000);
    await settle();
  }
}

/** A configuration from one YAML text, asserting it has no errors. */
export function configurationOf(yaml: string): Configuration {
  const built = buildFromYaml({ 'a.yaml': yaml });
  assert.deepEqual(built.errors, []);
  return built.configuration;
}
