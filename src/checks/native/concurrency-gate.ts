/**
 * A limit on how many checks of one native type run at once: past it, checks wait in order of
 * arrival. It keeps a burst of checks against slow or hostile servers from opening thousands of
 * sockets at the same moment, and one type's stalls from taking the connections of another.
 */

/** Counts running checks and queues the rest. */
export class ConcurrencyGate {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  /** `limit` checks may run at once (at least 1). */
  constructor(limit: number) {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  /** Checks running now. */
  get running(): number {
    return this.#running;
  }

  /** Checks waiting for a free place. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Runs `task` once a place is free; resolves to `aborted()`'s value instead when `signal`
   * aborts while it waits (the task then never runs).
   */
  async run<T>(task: () => Promise<T>, signal: AbortSignal | undefined, aborted: () => T): Promise<T> {
    if (this.#running >= this.#limit) {
      const admitted = await this.#wait(signal);
      if (!admitted) return aborted();
    }
    this.#running++;
    try {
      return await task();
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }

  /** Waits for a place; `false` when the signal aborted first. */
  #wait(signal: AbortSignal | undefined): Promise<boolean> {
    if (signal?.aborted === true) return Promise.resolve(false);
    return new Promise((resolve) => {
      const admit = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = (): void => {
        const at = this.#waiting.indexOf(admit);
        if (at !== -1) this.#waiting.splice(at, 1);
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(admit);
    });
  }
}
