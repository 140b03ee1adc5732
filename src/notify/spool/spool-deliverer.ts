/**
 * How the spool hands its attempts to whatever delivers them: a {@link Deliver} function in the
 * site's own process (tests), or the separate delivery process of delivery-process/ (the site),
 * which outlives a kill of the site and records each outcome durably itself.
 *
 * Contract, in the order the spool calls it: `recover` once, before the spool reads its journal
 * (it waits for whatever delivered for the spool's previous incarnation to end, and returns the
 * outcomes that only it recorded); `start` once the journal holds them durably (the recovered
 * outcomes may be discarded from then on); then `attempt` any number of times, concurrently;
 * `checkpoint` before each compaction of the journal; `close` once, after the last attempt has
 * settled.
 */
import type { Deliver, DeliveryOutcome, NotificationJob } from '../notification-job.js';

/** One delivery attempt as the spool starts it. */
export interface Attempt {
  /** The spool's notifications it delivers: one, or the members of a bulk. */
  readonly ids: readonly string[];
  /** The time of its `begin` records: with the ids, what tells one attempt from another. */
  readonly begun: number;
  readonly job: NotificationJob;
  /** An earlier attempt was interrupted: the receiver may have the notification already. */
  readonly redelivery: boolean;
}

/** An attempt's outcome as recorded by a delivery process, read back by the spool. */
export interface RecordedOutcome {
  readonly ids: readonly string[];
  readonly begun: number;
  readonly outcome: DeliveryOutcome;
}

/**
 * What became of an attempt: its outcome, or `interrupted` when what delivered it died without
 * recording one (the receiver may or may not have the notification). An outcome, not a wrapper
 * around one, so that delivering in this process adds no step between the method and the spool.
 */
export type AttemptResult =
  | DeliveryOutcome
  | { readonly ok: false; readonly retryable: true; readonly reason: string; readonly interrupted: true };

/** What delivers the spool's attempts. */
export interface SpoolDeliverer {
  /** Waits until nothing delivers for an earlier incarnation of the spool; the outcomes only it recorded. */
  recover(): Promise<readonly RecordedOutcome[]>;
  /** Starts delivering; the journal holds what `recover` returned. */
  start(): Promise<void>;
  /** Delivers one attempt; resolves for every outcome (a rejection counts as a temporary failure). Aborting ends it as retryable. */
  attempt(attempt: Attempt, signal: AbortSignal): Promise<AttemptResult>;
  /**
   * Called before the journal is compacted: resolves once every outcome recorded so far has been
   * returned by `attempt`, with a function to call once the compacted journal is durable (it may
   * then drop the records the journal now holds).
   */
  checkpoint(): Promise<() => Promise<void>>;
  /** Stops delivering; called after the last attempt settled. */
  close(): Promise<void>;
}

/** A deliverer that calls `deliver` in this process: nothing outlives the process, nothing to recover. */
export function inProcessDeliverer(deliver: Deliver): SpoolDeliverer {
  const nothing = (): Promise<void> => Promise.resolve();
  return {
    recover: () => Promise.resolve([]),
    start: nothing,
    attempt: (attempt, signal) => deliver(attempt.job, signal, { redelivery: attempt.redelivery }),
    checkpoint: () => Promise.resolve(nothing),
    close: nothing,
  };
}
