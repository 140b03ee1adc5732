/**
 * Rendered rows kept between requests. A GUI asks for the same columns of every service again
 * and again, and most services have not changed since: their rows are taken as rendered last
 * time. A kept row is used only while the version of its row and status (Table.rowCache) is the
 * one it was rendered at, so it cannot be stale; only columns that read nothing else
 * (Column.ownRow) are kept.
 */

/** The rendered rows of one column list in one format, by row id. */
export class RenderedRows {
  /** By id: the version each kept text was rendered at; 0 where none is kept (versions are never 0). */
  #versions = new Float64Array(0);
  #texts: string[] = [];

  /** The text kept for row `id` if it was rendered at `version`. */
  get(id: number, version: number): string | undefined {
    // Numbers only: comparing objects here made V8 read every row object and status of a scan.
    return this.#versions[id] === version && version !== 0 ? this.#texts[id] : undefined;
  }

  set(id: number, version: number, text: string): void {
    if (!Number.isInteger(id) || id < 0 || Number.isNaN(version) || version === 0) return;
    if (id >= this.#versions.length) {
      const grown = new Float64Array(Math.max(id + 1, 2 * this.#versions.length));
      grown.set(this.#versions);
      this.#versions = grown;
    }
    // Grown by push: an array made with a length is kept as a dictionary, much slower to read.
    while (this.#texts.length <= id) this.#texts.push('');
    this.#versions[id] = version;
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
