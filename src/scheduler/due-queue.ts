/**
 * The checks waiting for their time: a binary min-heap keyed by due time (ms). Keys due at the
 * same time come out in the order they were pushed, so schedules are deterministic. A key is
 * expected to be in the queue at most once; the engine takes it out while its check runs.
 */

interface Entry<K> {
  readonly key: K;
  readonly due: number;
  readonly seq: number;
}

/** A key and the time it is due. */
export interface Due<K> {
  readonly key: K;
  readonly due: number;
}

function before<K>(a: Entry<K>, b: Entry<K>): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

/** A priority queue of keys by due time. */
export class DueQueue<K> {
  readonly #heap: Entry<K>[] = [];
  #seq = 0;

  /** How many keys wait. */
  get size(): number {
    return this.#heap.length;
  }

  /** Adds `key`, due at `due`. */
  push(key: K, due: number): void {
    this.#heap.push({ key, due, seq: this.#seq++ });
    this.#up(this.#heap.length - 1);
  }

  /** The key due first, without taking it out. */
  peek(): Due<K> | undefined {
    const top = this.#heap[0];
    return top === undefined ? undefined : { key: top.key, due: top.due };
  }

  /** Takes out the key due first, if it is due at `now` or earlier. */
  popDue(now: number): Due<K> | undefined {
    const top = this.#heap[0];
    if (top === undefined || top.due > now) return undefined;
    const last = this.#heap.pop();
    if (last !== undefined && this.#heap.length > 0) {
      this.#heap[0] = last;
      this.#down(0);
    }
    return { key: top.key, due: top.due };
  }

  #at(i: number): Entry<K> {
    const entry = this.#heap[i];
    if (entry === undefined) throw new Error(`due-queue: no entry at ${i}`);
    return entry;
  }

  #swap(i: number, j: number): void {
    const a = this.#at(i);
    this.#heap[i] = this.#at(j);
    this.#heap[j] = a;
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(this.#at(i), this.#at(parent))) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const n = this.#heap.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < n && before(this.#at(left), this.#at(first))) first = left;
      if (right < n && before(this.#at(right), this.#at(first))) first = right;
      if (first === i) return;
      this.#swap(i, first);
      i = first;
    }
  }
}
