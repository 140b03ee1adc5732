/**
 * A Livestatus column as data: its name, type, description and a getter that reads the value
 * from a row. Tables are lists of these; filters, stats, sorting and the renderers only look at
 * the type and call the getter.
 */
import type { RowContext } from './row-context.js';

/** The type names the `columns` table shows (Checkmk's names). */
export type ColumnType = 'int' | 'float' | 'string' | 'list' | 'time' | 'dict';

/** One element of a list column: a name, a number (ids), or a tuple such as `[service, state, checked]`. */
export type ListItem = string | number | readonly (string | number)[];

/** What a getter returns. `null` only for the null column (an unknown name in `Columns:`). */
export type CellValue = null | number | string | readonly ListItem[] | ReadonlyMap<string, string | number>;

/** What every column has. Getters are declared as methods so that columns of any row type fit in one list. */
interface ColumnBase {
  readonly name: string;
  readonly description: string;
  /**
   * The value depends on nothing but the row object and the row's own status (Table.rowCache):
   * not on the clock, another object, a program switch, downtimes or comments. A row of only
   * such columns may be rendered once and reused while the row's status is the same value.
   */
  readonly ownRow?: true;
}

/** `int` is a whole number (booleans are 0/1), `float` any number, `time` epoch seconds. */
export interface NumberColumn<R> extends ColumnBase {
  readonly type: 'int' | 'float' | 'time';
  get(row: R, ctx: RowContext): number;
  /**
   * The value when the row's id is known (Table.rowIds; -1 when it is not), for a column the
   * source keeps by id: filters and Stats over a whole table then need not read each row object,
   * which is what a scan over objects that have left the CPU caches waits for. Same value as `get`.
   */
  getAt?(row: R, id: number, ctx: RowContext): number;
}

/** A text column. */
export interface StringColumn<R> extends ColumnBase {
  readonly type: 'string';
  get(row: R, ctx: RowContext): string;
}

/** A list column: names, ids or tuples. */
export interface ListColumn<R> extends ColumnBase {
  readonly type: 'list';
  get(row: R, ctx: RowContext): readonly ListItem[];
  /**
   * The text a list filter compares an element with; by default the element itself (numbers as
   * decimal), or the first field of a tuple. Service lists that carry the host use `host|service`.
   */
  readonly itemKey?: (item: ListItem) => string;
}

/** A dict column: custom variables, labels, performance data. */
export interface DictColumn<R> extends ColumnBase {
  readonly type: 'dict';
  get(row: R, ctx: RowContext): ReadonlyMap<string, string | number>;
}

/** A column of rows of type `R`. */
export type Column<R> = NumberColumn<R> | StringColumn<R> | ListColumn<R> | DictColumn<R>;

/** The value of a number column for the row with id `id` (-1: not known), by `getAt` where the column has it. */
export function numberAt<R>(column: NumberColumn<R>, row: R, id: number, ctx: RowContext): number {
  return column.getAt === undefined ? column.get(row, ctx) : column.getAt(row, id, ctx);
}

/** Whether a cell is a dict (the only kind of cell that is a map). */
export function isDict(value: CellValue): value is ReadonlyMap<string, string | number> {
  return value instanceof Map;
}

/** The filter key of a list element when the column does not say otherwise. */
export function defaultItemKey(item: ListItem): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'number') return String(item);
  const first = item[0];
  return first === undefined ? '' : String(first);
}

/** The key of a tuple that starts with host and service: `host|service`. */
export function hostServiceItemKey(item: ListItem): string {
  if (typeof item !== 'object') return String(item);
  return `${String(item[0] ?? '')}|${String(item[1] ?? '')}`;
}

/**
 * The same column on another row type: `host_state` of a service row is the host column
 * `state` read from the service's host. `rename` gives the new name (usually a prefix).
 */
export function joinColumn<R, J>(column: Column<J>, name: string, via: (row: R, ctx: RowContext) => J): Column<R> {
  const description = column.description;
  switch (column.type) {
    case 'int':
    case 'float':
    case 'time':
      return { name, description, type: column.type, get: (row, ctx) => column.get(via(row, ctx), ctx) };
    case 'string':
      return { name, description, type: 'string', get: (row, ctx) => column.get(via(row, ctx), ctx) };
    case 'list':
      return {
        name,
        description,
        type: 'list',
        get: (row, ctx) => column.get(via(row, ctx), ctx),
        ...(column.itemKey === undefined ? {} : { itemKey: column.itemKey }),
      };
    case 'dict':
      return { name, description, type: 'dict', get: (row, ctx) => column.get(via(row, ctx), ctx) };
  }
}

/** Every column of `columns` under `prefix + name`, read through `via`. */
export function joinColumns<R, J>(
  columns: readonly Column<J>[],
  prefix: string,
  via: (row: R, ctx: RowContext) => J,
): Column<R>[] {
  return columns.map((c) => joinColumn(c, `${prefix}${c.name}`, via));
}

/** `column`, marked as reading only its row and the row's own status (see ColumnBase.ownRow). */
export function ownRow<R>(column: Column<R>): Column<R> {
  return { ...column, ownRow: true };
}

/** Shorthands for column definitions, so that table files read as tables. */
export const col = {
  int: <R>(name: string, description: string, get: (row: R, ctx: RowContext) => number): Column<R> => ({
    name,
    description,
    type: 'int',
    get,
  }),
  /** A 0/1 column. */
  bool: <R>(name: string, description: string, get: (row: R, ctx: RowContext) => boolean): Column<R> => ({
    name,
    description,
    type: 'int',
    get: (row, ctx) => (get(row, ctx) ? 1 : 0),
  }),
  float: <R>(name: string, description: string, get: (row: R, ctx: RowContext) => number): Column<R> => ({
    name,
    description,
    type: 'float',
    get,
  }),
  /** Epoch seconds. */
  time: <R>(name: string, description: string, get: (row: R, ctx: RowContext) => number): Column<R> => ({
    name,
    description,
    type: 'time',
    get,
  }),
  string: <R>(name: string, description: string, get: (row: R, ctx: RowContext) => string): Column<R> => ({
    name,
    description,
    type: 'string',
    get,
  }),
  list: <R>(
    name: string,
    description: string,
    get: (row: R, ctx: RowContext) => readonly ListItem[],
    itemKey?: (item: ListItem) => string,
  ): Column<R> => ({ name, description, type: 'list', get, ...(itemKey === undefined ? {} : { itemKey }) }),
  dict: <R>(
    name: string,
    description: string,
    get: (row: R, ctx: RowContext) => ReadonlyMap<string, string | number>,
  ): Column<R> => ({ name, description, type: 'dict', get }),
};

const EMPTY_LIST: readonly ListItem[] = Object.freeze([]);
const EMPTY_MAP: ReadonlyMap<string, string> = new Map();

/**
 * Like {@link joinColumns} for rows that may have nothing to join (the `service_` columns of a
 * host downtime, the `current_host_` columns of a log line about a removed host): then the
 * column reads empty (0, '', [], {}), as in Checkmk.
 */
export function joinOptionalColumns<R, J>(
  columns: readonly Column<J>[],
  prefix: string,
  via: (row: R, ctx: RowContext) => J | undefined,
): Column<R>[] {
  return columns.map((column): Column<R> => {
    const name = `${prefix}${column.name}`;
    const description = column.description;
    switch (column.type) {
      case 'int':
      case 'float':
      case 'time':
        return { name, description, type: column.type, get: (row, ctx) => read(via(row, ctx), ctx, column.get, 0) };
      case 'string':
        return { name, description, type: 'string', get: (row, ctx) => read(via(row, ctx), ctx, column.get, '') };
      case 'list':
        return {
          name,
          description,
          type: 'list',
          get: (row, ctx) => read(via(row, ctx), ctx, column.get, EMPTY_LIST),
          ...(column.itemKey === undefined ? {} : { itemKey: column.itemKey }),
        };
      case 'dict':
        return { name, description, type: 'dict', get: (row, ctx) => read(via(row, ctx), ctx, column.get, EMPTY_MAP) };
    }
  });
}

function read<J, V>(joined: J | undefined, ctx: RowContext, get: (row: J, ctx: RowContext) => V, empty: V): V {
  return joined === undefined ? empty : get(joined, ctx);
}
