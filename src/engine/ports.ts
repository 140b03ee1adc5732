/**
 * What the engine needs from the outside, as small ports that `app/` wires to adapters: a clock,
 * a way to run a plugin, and the monitoring log.
 */
import type { CheckResult, PluginRequest } from '../model/check-result.js';
import type { ObjectState } from '../model/check-state.js';
import type { MonitoringEvent } from '../model/events.js';

/** Time and timers. The engine never reads the system time itself, so tests can drive it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now; the returned function cancels the call. */
  setTimer(delayMs: number, callback: () => void): () => void;
}

/**
 * Runs one plugin. Contract: resolves with a result for every outcome (timeout, failure to start,
 * abort) and does not reject; the engine still treats a rejection as an UNKNOWN result.
 */
export type RunPlugin = (request: PluginRequest) => Promise<CheckResult>;

/**
 * Where the engine records state history. Calls must not throw nor block: the log buffers and
 * writes on its own; whoever opened it closes it after the engine has stopped.
 */
export interface MonitoringLog {
  /**
   * An event of the engine's stream, in stream order; the log writes the events Nagios logs
   * (alerts, flapping, downtimes, passive and stale results) and ignores the others.
   */
  record(event: MonitoringEvent): void;
  /** The state of an object when monitoring starts (`CURRENT HOST STATE` / `CURRENT SERVICE STATE`). */
  currentState(object: ObjectState, at: number): void;
}
