/**
 * What the notification pipeline needs from the outside, as small ports that `app/` wires: a
 * clock with timers and a place for the lines of the monitoring log.
 */

/** Time and timers; tests drive a manual one. */
export interface NotifyClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now; the returned function cancels the call. */
  setTimer(delayMs: number, callback: () => void): () => void;
}

/**
 * Where notification lines go (`SERVICE NOTIFICATION: ...`, `... NOTIFICATION RESULT: ...`).
 * Calls must not throw nor block; the monitoring log buffers.
 */
export interface NotificationHistory {
  message(at: number, text: string): void;
}
