/**
 * A due queue in which every key has at most one due time that can be replaced or removed:
 * rescheduling pushes a new entry and the old one is skipped when it surfaces, so that both
 * operations stay O(log n) on the binary heap of the scheduler's DueQueue.
 */
import { DueQueue } from '../scheduler/due-queue.js';

interface Entry {
  readonly key: string;
  readonly token: number;
}

/** A scheduled key: its due time, and whether it was forced (runs whatever the switches say). */
export interface KeyedDue {
  readonly key: string;
  readonly due: number;
  readonly forced: boolean;
}

/** Keys with one replaceable due time each. */
export class KeyedDueQueue {
  readonly #queue = new DueQueue<Entry>();
  readonly #current = new Map<string, { readonly token: number; readonly due: number; readonly forced: boolean }>();
  #token = 0;

  /** How many keys are scheduled. */
  get size(): number {
    return this.#current.size;
  }

  /** Schedules `key` at `due`, replacing its earlier due time. */
  schedule(key: string, due: number, forced = false): void {
    const token = this.#token++;
    this.#current.set(key, { token, due, forced });
    this.#queue.push({ key, token }, due);
  }

  /** Takes `key` out of the schedule. */
  unschedule(key: string): void {
    this.#current.delete(key);
  }

  /** The due time of `key`, or `undefined` when it is not scheduled. */
  dueOf(key: string): number | undefined {
    return this.#current.get(key)?.due;
  }

  /** The earliest due time, or `undefined` when nothing is scheduled. */
  peek(): number | undefined {
    for (let top = this.#queue.peek(); top !== undefined; top = this.#queue.peek()) {
      if (this.#current.get(top.key.key)?.token === top.key.token) return top.due;
      this.#queue.popDue(Number.POSITIVE_INFINITY);
    }
    return undefined;
  }

  /** Takes out the earliest key due at `now` or earlier. */
  popDue(now: number): KeyedDue | undefined {
    for (let top = this.#queue.popDue(now); top !== undefined; top = this.#queue.popDue(now)) {
      const current = this.#current.get(top.key.key);
      if (current?.token !== top.key.token) continue;
      this.#current.delete(top.key.key);
      return { key: top.key.key, due: top.due, forced: current.forced };
    }
    return undefined;
  }
}
