/**
 * Freshness checking as the engine runs it: every object with `check_freshness` has the time its
 * last result goes stale in a due queue; when that time comes inside the object's check period
 * and the object accepts results at all, the engine hears of it (and forces a check). Nagios
 * looks every 60 seconds; this queue wakes the engine exactly when a result goes stale.
 */
import { checkTimeInPeriod } from '../model/check-period.js';
import { freshnessExpiry, freshnessThreshold } from '../model/freshness.js';
import type { ObjectStatus } from '../model/object-status.js';
import { checkedObject, type CheckTarget } from './check-targets.js';
import { KeyedDueQueue } from './keyed-due-queue.js';
import type { MonitoringCore } from './monitoring-core.js';

/** A result gone stale. */
export interface StaleResult {
  readonly target: CheckTarget;
  readonly thresholdMs: number;
  readonly staleByMs: number;
}

const YEAR_MS = 365 * 86_400_000;

/** The freshness checks of one engine. */
export class FreshnessWatch {
  readonly #queue = new KeyedDueQueue();

  /**
   * @param core whose statuses, switches and periods are read.
   * @param since when monitoring began: an object without results goes stale a threshold later.
   */
  constructor(
    private readonly core: MonitoringCore,
    private readonly since: number,
  ) {}

  #threshold(target: CheckTarget, status: ObjectStatus): number | null {
    const object = checkedObject(target);
    return freshnessThreshold(
      {
        thresholdMs: object.freshnessThreshold * 1000,
        checkIntervalMs: object.checkInterval * 1000,
        retryIntervalMs: object.retryInterval * 1000,
      },
      status.state,
    );
  }

  #expiry(status: ObjectStatus, threshold: number): number {
    return freshnessExpiry(status.state.kind === 'pending' ? null : status.state.lastCheck, this.since, threshold);
  }

  /** Schedules the freshness check of `target` from its latest result (nothing without `check_freshness`). */
  watch(target: CheckTarget): void {
    const status = this.core.state.statuses.get(target.key);
    if (!checkedObject(target).checkFreshness || status === undefined) return;
    const threshold = this.#threshold(target, status);
    if (threshold === null) this.#queue.unschedule(target.key);
    else this.#queue.schedule(target.key, this.#expiry(status, threshold));
  }

  /** When the next result goes stale, or `undefined`. */
  next(): number | undefined {
    return this.#queue.peek();
  }

  /**
   * The results gone stale at `now` that call for a check. Objects outside their check period
   * wait for its next start; objects that take neither active nor passive results (Nagios skips
   * them) and objects whose check is running (its result is on the way) are looked at again later.
   */
  takeStale(now: number, running: (key: string) => boolean): StaleResult[] {
    const stale: StaleResult[] = [];
    for (let due = this.#queue.popDue(now); due !== undefined; due = this.#queue.popDue(now)) {
      const target = this.core.targets.get(due.key);
      const status = this.core.state.statuses.get(due.key);
      const switches = this.core.switchesOf(due.key);
      if (target === undefined || status === undefined || switches === undefined) continue;
      const threshold = this.#threshold(target, status);
      if (threshold === null || running(due.key)) continue;
      const allowed = checkTimeInPeriod(checkedObject(target).checkPeriod, now, this.core.periods);
      if (allowed !== now) this.#queue.schedule(due.key, allowed ?? now + YEAR_MS);
      else if (!switches.activeChecks && !switches.passiveChecks) this.#queue.schedule(due.key, now + threshold);
      else stale.push({ target, thresholdMs: threshold, staleByMs: now - this.#expiry(status, threshold) });
    }
    return stale;
  }
}
