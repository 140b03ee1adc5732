/**
 * Answers a GET query over a table: selects rows (looked up where the filter allows), applies the
 * filter and `AuthUser`, then either collects the requested columns (sorted, offset, limited) or
 * aggregates Stats per group. Rows go to a writer as they are found (sorted rows and Stats groups
 * once complete), which renders them.
 */
import { isDict, numberAt, type CellValue, type Column, type NumberColumn } from './column.js';
import { compileFilter, selectionOf, type RowPredicate } from './compile-filter.js';
import { livestatusError, type LivestatusError } from './livestatus-error.js';
import type { GetQuery, SortKey, StatsColumn } from './query.js';
import type { RowContext } from './row-context.js';
import type { RenderOutcome, ResultShape, RowWriter } from './render-result.js';
import type { RenderedRows } from './rendered-rows.js';
import { findColumn, type RowCacheKeys, type TableDefinition } from './table.js';

/** The rendered rows of an answer, or the error that replaces them. */
export type ExecuteResult = RenderOutcome;

/** What executing needs besides the query. */
export interface ExecuteOptions {
  /** Milliseconds since the request started, for `Timelimit:`. */
  readonly elapsedMs: () => number;
  /**
   * The longest a query may run (ms) even without `Timelimit:`: one query must not hold the
   * single-threaded server for ever.
   */
  readonly maxQueryMs: number;
  /** The order of Stats groups: Checkmk sorts them by their rendered text. */
  readonly groupKey: (cells: readonly CellValue[], floats: readonly boolean[]) => string;
  /** Renders the rows as they are found. */
  readonly writer: (shape: ResultShape) => RowWriter;
  /** Rendered rows kept from earlier answers of the same column list (`key`) in the same format; none: render all. */
  readonly renderedRows?: (key: string) => RenderedRows | null;
}

/** A column of the answer: a table column, or a null column for an unknown name in `Columns:`. */
type OutputColumn<R> = Column<R> | null;

const NO_CELLS: CellValue[] = [];

/** A key that tells groups apart (their order comes from the rendered text later). */
function groupKey(cells: readonly CellValue[]): string {
  const [first] = cells;
  if (cells.length === 0) return '';
  if (cells.length === 1 && typeof first === 'string') return `s${first}`;
  return JSON.stringify(cells, (_, v: unknown) => (v instanceof Map ? [...v] : v));
}

/** How often (rows) the time limit is looked at. */
const CHECK_EVERY = 256;

function readCell<R>(column: OutputColumn<R>, row: R, ctx: RowContext, timeOffset: number): CellValue {
  if (column === null) return null;
  const value = column.get(row, ctx);
  return column.type === 'time' && typeof value === 'number' ? value + timeOffset : value;
}

function isNumeric<R>(column: Column<R> | undefined): column is NumberColumn<R> {
  return column !== undefined && (column.type === 'int' || column.type === 'float' || column.type === 'time');
}

/** An aggregation in progress; `id` as for RowPredicate. */
interface Aggregator<R> {
  consume(row: R, ctx: RowContext, id: number): void;
  result(): number;
}

function makeAggregator<R>(
  stats: StatsColumn,
  table: TableDefinition<R>,
  timeOffset: number,
): Aggregator<R> | LivestatusError {
  const countOf = (test: RowPredicate<R>): Aggregator<R> => {
    let count = 0;
    return {
      consume: (row, ctx, id) => {
        if (test(row, ctx, id)) count++;
      },
      result: () => count,
    };
  };
  if (stats.kind === 'count') {
    const compiled = compileFilter(stats.filter, table, { timeOffset });
    if (!compiled.ok) return livestatusError(400, compiled.message);
    return countOf(compiled.test);
  }
  const column = findColumn(table, stats.column);
  // Checkmk falls back to counting when a column cannot be aggregated (lists, strings).
  if (column === undefined || !isNumeric(column)) return countOf(() => true);
  const shift = column.type === 'time' ? timeOffset : 0;
  const value = (row: R, ctx: RowContext, id: number): number => numberAt(column, row, id, ctx) + shift;
  let n = 0;
  let sum = 0;
  let squares = 0;
  let extreme = 0;
  const fn = stats.function;
  return {
    consume(row, ctx, id) {
      const x = value(row, ctx, id);
      if ((fn === 'min' && (n === 0 || x < extreme)) || (fn === 'max' && (n === 0 || x > extreme))) extreme = x;
      n++;
      if (fn === 'suminv' || fn === 'avginv') sum += 1 / x;
      else sum += x;
      squares += x * x;
    },
    result() {
      switch (fn) {
        case 'sum':
        case 'suminv':
          return sum;
        case 'min':
        case 'max':
          return extreme;
        case 'avg':
        case 'avginv':
          return sum / n;
        case 'std': {
          const mean = sum / n;
          return Math.sqrt(squares / n - mean * mean);
        }
      }
    },
  };
}

function compareCells(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === 'string' ? a : JSON.stringify(isDict(a) ? [...a] : a);
  const y = typeof b === 'string' ? b : JSON.stringify(isDict(b) ? [...b] : b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortValue<R>(key: SortKey, table: TableDefinition<R>, row: R, ctx: RowContext, timeOffset: number): CellValue {
  const column = findColumn(table, key.column) ?? null;
  const value = readCell(column, row, ctx, timeOffset);
  if (key.key === null || !isDict(value)) return value;
  return value.get(key.key) ?? null;
}

/** Runs `query` over `table`. */
export function executeQuery<R>(
  query: GetQuery,
  table: TableDefinition<R>,
  ctx: RowContext,
  options: ExecuteOptions,
): ExecuteResult {
  const offset = query.timeOffset;
  const compiled = compileFilter(query.filter, table, { timeOffset: offset });
  if (!compiled.ok) return { ok: false, error: livestatusError(400, compiled.message) };
  const matches = compiled.test;
  const visible = visibility(query, table, ctx);
  const columns: OutputColumn<R>[] = query.columns.map((name) => findColumn(table, name) ?? null);
  const columnFloats = columns.map((c) => c?.type === 'float');
  const header = query.columnHeaders ? [...query.columns, ...query.stats.map((_, i) => `stats_${i + 1}`)] : null;
  const limitMs = Math.min(query.timeLimit === null ? Infinity : query.timeLimit * 1000, options.maxQueryMs);
  const overTime = (): boolean => options.elapsedMs() > limitMs;
  const timeError = (): ExecuteResult => ({
    ok: false,
    error: livestatusError(413, `Maximum query time of ${Math.ceil(limitMs / 1000)} seconds exceeded!`),
  });

  let seen = 0;
  const candidates = table.rows(ctx, selectionOf(query.filter, table));
  // Row ids in the order of the candidates, where the table has them: see Table.rowIds.
  const ids = table.rowIds?.(candidates, ctx) ?? null;
  const idAt = (position: number): number => (ids === null ? -1 : (ids[position] ?? -1));

  if (query.stats.length > 0) {
    const groups = new Map<string, { cells: CellValue[]; aggregators: Aggregator<R>[] }>();
    const newGroup = (cells: CellValue[]) => {
      const aggregators: Aggregator<R>[] = [];
      for (const stats of query.stats) {
        const aggregator = makeAggregator(stats, table, offset);
        if ('code' in aggregator) return aggregator;
        aggregators.push(aggregator);
      }
      return { cells, aggregators };
    };
    // Without Columns there is one group, whether rows match or not: made once, not looked up per row.
    const single = columns.length === 0 ? newGroup(NO_CELLS) : null;
    if (single !== null) {
      if ('code' in single) return { ok: false, error: single };
      groups.set('', single);
    }
    let consumed = 0;
    for (const row of candidates) {
      const id = idAt(seen);
      if (++seen % CHECK_EVERY === 0 && overTime()) return timeError();
      if (!visible(row) || !matches(row, ctx, id)) continue;
      if (query.limit !== null && ++consumed > query.limit) break;
      let group = single;
      if (group === null) {
        const cells = columns.map((c) => readCell(c, row, ctx, offset));
        const key = groupKey(cells);
        group = groups.get(key) ?? null;
        if (group === null) {
          const created = newGroup(cells);
          if ('code' in created) return { ok: false, error: created };
          groups.set(key, (group = created));
        }
      }
      for (const aggregator of group.aggregators) aggregator.consume(row, ctx, id);
    }
    if (overTime()) return timeError();
    const floats = [...columnFloats, ...query.stats.map((s) => s.kind === 'aggregate')];
    const ordered = [...groups.values()]
      .map((g) => ({
        key: options.groupKey(g.cells, columnFloats),
        row: [...g.cells, ...g.aggregators.map((a) => a.result())],
      }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((g) => g.row);
    // Limit counted input rows above (Checkmk); Offset skips whole groups (Naemon).
    return writeAll(options.writer({ header, floats }), ordered.slice(query.offset), ordered.length);
  }

  const writer = options.writer({ header, floats: columnFloats });
  let total = 0;
  const keepCounting = query.outputFormat === 'wrapped_json';
  if (query.sort.length > 0) {
    const keyed: { keys: CellValue[]; cells: CellValue[] }[] = [];
    for (const row of candidates) {
      const id = idAt(seen);
      if (++seen % CHECK_EVERY === 0 && overTime()) return timeError();
      if (!visible(row) || !matches(row, ctx, id)) continue;
      keyed.push({
        keys: query.sort.map((k) => sortValue(k, table, row, ctx, offset)),
        cells: columns.map((c) => readCell(c, row, ctx, offset)),
      });
    }
    keyed.sort((a, b) => {
      for (let i = 0; i < query.sort.length; i++) {
        const order = compareCells(a.keys[i] ?? null, b.keys[i] ?? null);
        if (order !== 0) return query.sort[i]?.descending === true ? -order : order;
      }
      return 0;
    });
    if (overTime()) return timeError();
    const end = query.limit === null ? keyed.length : query.offset + query.limit;
    return writeAll(
      writer,
      keyed.slice(query.offset, end).map((item) => item.cells),
      keyed.length,
    );
  }
  // One list of cells for every row: the writer renders a row before the next one is read.
  const cells: CellValue[] = new Array<CellValue>(columns.length).fill(null);
  // Kept rows pay off in scans over the whole table; for the few rows a lookup selects, keeping
  // them costs more than rendering them.
  const kept = ids === null ? null : keptRows(query, table, columns, options);
  let written = 0;
  for (const row of candidates) {
    const given = idAt(seen);
    if (++seen % CHECK_EVERY === 0 && overTime()) return timeError();
    if (!visible(row) || !matches(row, ctx, given)) continue;
    total++;
    if (total <= query.offset) continue;
    if (query.limit !== null && written >= query.limit) {
      if (keepCounting) continue;
      break;
    }
    written++;
    if (kept !== null) {
      const version = kept.keys.version(row, ctx, given);
      let text = kept.rows.get(given, version);
      if (text === undefined) {
        for (let i = 0; i < columns.length; i++) cells[i] = readCell(columns[i] ?? null, row, ctx, offset);
        text = writer.render(cells);
        kept.rows.set(given, version, text);
      }
      if (!writer.writeRendered(text)) break;
      continue;
    }
    for (let i = 0; i < columns.length; i++) cells[i] = readCell(columns[i] ?? null, row, ctx, offset);
    if (!writer.write(cells)) break;
  }
  if (overTime()) return timeError();
  return writer.finish(total);
}

/**
 * The kept rendered rows for this query, when the table keeps them and every column reads only
 * the row and its status; `null` otherwise, and the first time a column list is asked for.
 */
function keptRows<R>(
  query: GetQuery,
  table: TableDefinition<R>,
  columns: readonly OutputColumn<R>[],
  options: ExecuteOptions,
): { readonly keys: RowCacheKeys<R>; readonly rows: RenderedRows } | null {
  const keys = table.rowCache;
  if (keys === undefined || options.renderedRows === undefined || columns.length === 0) return null;
  if (!columns.every((c) => c?.ownRow === true)) return null;
  const rows = options.renderedRows(`${table.name}\n${query.timeOffset}\n${query.columns.join('\n')}`);
  return rows === null ? null : { keys, rows };
}

/** Writes finished rows and the end of the answer. */
function writeAll(writer: RowWriter, rows: readonly (readonly CellValue[])[], totalCount: number): ExecuteResult {
  for (const cells of rows) if (!writer.write(cells)) break;
  return writer.finish(totalCount);
}

/** With `AuthUser`: the rows the contact may see; an unknown contact sees none of a restricted table. */
function visibility<R>(query: GetQuery, table: TableDefinition<R>, ctx: RowContext): (row: R) => boolean {
  const user = query.authUser;
  if (user === null || table.visible === undefined) return () => true;
  if (!ctx.configuration.contacts.has(user)) return () => false;
  return (row) => table.visible?.(row, user, ctx) ?? true;
}
