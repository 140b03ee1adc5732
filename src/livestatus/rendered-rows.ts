/**
 * Rendered rows kept between requests. A GUI asks for the same columns of every service again
 * and again, and most services have not changed since: their rows are taken as rendered last
 * time. A kept row is used only while its object and the object's status are the very values it
 * was rendered from (statuses are replaced, never changed), so it cannot be stale; only columns
 * that read nothing else (Column.ownRow) are kept.
 */

/** The rendered rows of one column list in one format, by row id. */
export class RenderedRows {
  #rows: unknown[] = [];
  #statuses: unknown[] = [];
  #texts: string[] = [];

  /** The text kept for row `id` if it was rendered from this `row` in this `status`. */
  get(id: number, row: unknown, status: unknown): string | undefined {
    return this.#rows[id] === row && this.#statuses[id] === status ? this.#texts[id] : undefined;
  }

  set(id: number, row: unknown, status: unknown, text: string): void {
    if (!Number.isInteger(id) || id < 0) return;
    // Grown by push: an array made with a length is kept as a dictionary, much slower to read.
    while (this.#rows.length <= id) {
      this.#rows.push(undefined);
      this.#statuses.push(undefined);
      this.#texts.push('');
    }
    this.#rows[id] = row;
    this.#statuses[id] = status;
    this.#texts[id] = text;
  }
}

/**
 * The rendered rows of the column lists asked for more than once lately. A list gets rows the
 * second time it is asked for (one-off queries keep nothing); beyond `maxLists` the least
 * recently used one is dropped.
 */
export class RenderedRowCache {
  readonly #maxLists: number;
  /** By key, least recently used first; `null`: asked for once. */
  readonly #lists = new Map<string, RenderedRows | null>();

  constructor(maxLists = 6) {
    this.#maxLists = maxLists;
  }

  /** The rows kept for `key` (column list, format, time offset), or `null` for a key seen the first time. */
  rowsFor(key: string): RenderedRows | null {
    const found = this.#lists.get(key);
    this.#lists.delete(key);
    const rows = found === undefined ? null : (found ?? new RenderedRows());
    this.#lists.set(key, rows);
    this.#prune();
    return rows;
  }

  #prune(): void {
    let kept = 0;
    for (const rows of this.#lists.values()) if (rows !== null) kept++;
    for (const [key, rows] of this.#lists) {
      if (kept <= this.#maxLists && this.#lists.size <= this.#maxLists * 4) return;
      if (rows !== null) kept--;
      this.#lists.delete(key);
    }
  }
}
