/**
 * What retention needs from the outside: time and timers, and read access to running monitoring
 * (the engine's `Monitoring` fits as it is). `app/` wires them.
 */
import type { Comment } from '../../model/comment.js';
import type { Downtime } from '../../model/downtime.js';
import type { MonitoringEvent } from '../../model/events.js';
import type { MonitoringSnapshot } from '../../model/monitoring-snapshot.js';
import type { ObjectStatus } from '../../model/object-status.js';

/** Time and timers; retention never reads the system time itself. */
export interface RetentionClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now; the returned function cancels the call. */
  setTimer(delayMs: number, callback: () => void): () => void;
}

/**
 * The running monitoring retention keeps. Contract: `subscribe` delivers every event after the
 * change it reports, `watchStatuses` every replaced object status; both synchronously, so that
 * reading `states()`, `downtimes()` and `comments()` later sees the change.
 */
export interface RetainedMonitoring {
  snapshot(): MonitoringSnapshot;
  states(): ReadonlyMap<string, ObjectStatus>;
  downtimes(): readonly Downtime[];
  comments(): ReadonlyMap<number, Comment>;
  subscribe(listener: (event: MonitoringEvent) => void): () => void;
  watchStatuses(listener: (key: string) => void): () => void;
}
