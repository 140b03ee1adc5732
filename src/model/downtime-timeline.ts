/**
 * How downtimes start and end over time (Nagios Core, downtime.c): a fixed downtime starts at
 * its start and ends at its end; a flexible one starts at the first HARD problem of its object
 * inside its window and ends its duration later; a triggered one starts when its trigger starts.
 * Ending or cancelling a downtime ends or cancels those it triggered. A downtime whose window
 * passes without it starting expires. Pure: time is an argument.
 */
import { downtimeDepths, type Downtime } from './downtime.js';
import type { DowntimeChangedEvent } from './events.js';
import { objectKey } from './object-ref.js';

/** The downtimes after a change (in scheduling order) and the events of the change, in order. */
export interface DowntimeUpdate {
  readonly downtimes: readonly Downtime[];
  readonly events: readonly DowntimeChangedEvent[];
}

/** A working copy that applies changes one at a time, keeping depths and events in step. */
class Timeline {
  readonly #work: Map<number, Downtime>;
  readonly #depths: Map<string, number>;
  readonly events: DowntimeChangedEvent[] = [];

  constructor(
    downtimes: readonly Downtime[],
    readonly now: number,
  ) {
    this.#work = new Map(downtimes.map((d) => [d.id, d]));
    this.#depths = downtimeDepths(downtimes);
  }

  get all(): Downtime[] {
    return [...this.#work.values()];
  }

  get(id: number): Downtime | undefined {
    return this.#work.get(id);
  }

  #depth(d: Downtime, delta: number): number {
    const key = objectKey(d.target);
    const depth = Math.max(0, (this.#depths.get(key) ?? 0) + delta);
    this.#depths.set(key, depth);
    return depth;
  }

  start(d: Downtime): void {
    const until = d.fixed ? d.end : this.now + d.durationMs;
    const started: Downtime = { ...d, phase: { kind: 'active', since: this.now, until } };
    this.#work.set(d.id, started);
    this.events.push({ kind: 'downtime-start', at: this.now, downtime: started, depth: this.#depth(d, 1) });
    for (const other of this.all) {
      if (other.triggeredBy === d.id && other.phase.kind === 'waiting') this.start(other);
    }
  }

  end(d: Downtime): void {
    this.#work.delete(d.id);
    this.events.push({ kind: 'downtime-end', at: this.now, downtime: d, depth: this.#depth(d, -1) });
    for (const other of this.all) {
      if (other.triggeredBy === d.id && other.phase.kind === 'active') this.end(other);
    }
  }

  expire(d: Downtime): void {
    this.#work.delete(d.id);
    this.events.push({ kind: 'downtime-expire', at: this.now, downtime: d, depth: this.#depth(d, 0) });
  }

  cancel(d: Downtime): void {
    this.#work.delete(d.id);
    const depth = this.#depth(d, d.phase.kind === 'active' ? -1 : 0);
    this.events.push({ kind: 'downtime-cancel', at: this.now, downtime: d, depth });
    for (const other of this.all) if (other.triggeredBy === d.id) this.cancel(other);
  }

  result(): DowntimeUpdate {
    return { downtimes: this.all, events: this.events };
  }
}

type Transition = { readonly at: number; readonly kind: 'start' | 'end' | 'expire' };

/** The next thing that happens to a downtime by itself, whenever that is. */
function transitionOf(d: Downtime): Transition {
  if (d.phase.kind === 'active') return { at: d.phase.until, kind: 'end' };
  // Only untriggered fixed downtimes start by time; flexible and triggered ones wait for a cause.
  if (d.fixed && d.triggeredBy === null) return { at: d.start, kind: 'start' };
  return { at: d.end, kind: 'expire' };
}

/**
 * Applies every start, end and expiry due at or before `now`, earliest first, so that a site
 * that slept through a whole downtime still records its start before its end.
 */
export function advanceDowntimes(downtimes: readonly Downtime[], now: number): DowntimeUpdate {
  const timeline = new Timeline(downtimes, now);
  for (;;) {
    let first: { readonly downtime: Downtime; readonly transition: Transition } | null = null;
    for (const downtime of timeline.all) {
      const transition = transitionOf(downtime);
      if (transition.at <= now && (first === null || transition.at < first.transition.at)) {
        first = { downtime, transition };
      }
    }
    if (first === null) return timeline.result();
    const { downtime, transition } = first;
    if (transition.kind === 'start') timeline.start(downtime);
    else if (transition.kind === 'end') timeline.end(downtime);
    else timeline.expire(downtime);
  }
}

/** When {@link advanceDowntimes} next has something to do, or `null` when nothing waits. */
export function nextDowntimeChange(downtimes: readonly Downtime[]): number | null {
  let next: number | null = null;
  for (const d of downtimes) {
    const { at } = transitionOf(d);
    if (next === null || at < next) next = at;
  }
  return next;
}

/**
 * Starts the waiting, untriggered flexible downtimes of object `key` whose window holds `now`:
 * the object has just entered or changed a HARD problem.
 */
export function startFlexibleDowntimes(downtimes: readonly Downtime[], key: string, now: number): DowntimeUpdate {
  const timeline = new Timeline(downtimes, now);
  for (const d of downtimes) {
    const waiting = timeline.get(d.id)?.phase.kind === 'waiting';
    if (!waiting || d.fixed || d.triggeredBy !== null || objectKey(d.target) !== key) continue;
    if (d.start <= now && now < d.end) timeline.start(d);
  }
  return timeline.result();
}

/** Cancels downtime `id` and every downtime it triggered; `null` when there is no such downtime. */
export function cancelDowntime(downtimes: readonly Downtime[], id: number, now: number): DowntimeUpdate | null {
  const timeline = new Timeline(downtimes, now);
  const downtime = timeline.get(id);
  if (downtime === undefined) return null;
  timeline.cancel(downtime);
  return timeline.result();
}
