/**
 * A Livestatus table as data: its name, the prefix its columns may be written with, its columns,
 * where its rows come from, and who may see them.
 */
import type { Column } from './column.js';
import type { RowContext } from './row-context.js';

/**
 * What the query's filter says about the rows it can match: the values a column is restricted to
 * by the top-level filter (`name = x`, an `Or:` of such, or `groups >= g` for a list column).
 * Tables use it to look rows up instead of scanning; the filter is still applied to every row.
 */
export interface RowSelection {
  /** The only values `column` may have in a matching row, or `null` when the filter does not say. */
  valuesOf(column: string): ReadonlySet<string> | null;
  /**
   * The range a number column is restricted to by `<`, `<=`, `>`, `>=` and `=` at the top level
   * (bounds inclusive, infinite when the filter does not say), for time-sorted tables such as `log`.
   */
  rangeOf(column: string): NumberRange;
}

/** An inclusive range of numbers. */
export interface NumberRange {
  readonly from: number;
  readonly until: number;
}

/** A table whose rows have type `R`. Methods (not function properties) so that any table fits `Table<unknown>`. */
export interface Table<R> {
  readonly name: string;
  /** Column names may be written with this prefix (`host_name` is `name` in `hosts`). */
  readonly prefix: string;
  /** Sorted by name; "all columns" answers list them in this order. */
  readonly columns: readonly Column<R>[];
  /** The rows in natural order, as few as `selection` allows. */
  rows(ctx: RowContext, selection: RowSelection): Iterable<R>;
  /**
   * With `AuthUser`: whether the contact may see the row. Tables without it are visible to
   * everyone (status, commands, contacts, time periods, columns).
   */
  visible?(row: R, contact: string, ctx: RowContext): boolean;
  /**
   * For tables whose rendered rows may be kept between requests (in scans with {@link rowIds}):
   * the version of a row's status.
   */
  readonly rowCache?: RowCacheKeys<R>;
  /**
   * The id of each of `rows` (a small whole number, unique within one configuration), in order,
   * when the table has them without reading the rows (its whole index, say); else `null`. With
   * them a scan reads the columns that have `getAt`, the statuses and the kept rows by id, and
   * touches a row object only to render it.
   */
  rowIds?(rows: Iterable<R>, ctx: RowContext): ArrayLike<number> | null;
  /** The row a `WaitObject:` names (`host`, or `host;service` / `host service`), if the table has keys. */
  find?(key: string, ctx: RowContext): R | undefined;
}

/** What tells a kept rendered row apart from a stale one (see Table.rowCache). */
export interface RowCacheKeys<R> {
  /**
   * A number that is the same while the row and its status are the same and never comes back for
   * another row or status (a new configuration included); NaN when there is none, and the row is
   * then not kept. `id` is the row's id, passed so that a source keeping statuses by id need not
   * read the row.
   */
  version(row: R, ctx: RowContext, id: number): number;
}

/** A table with its columns sorted and looked up by name. */
export interface TableDefinition<R> extends Table<R> {
  readonly byName: ReadonlyMap<string, Column<R>>;
}

/** Sorts the columns and indexes them; duplicate names are a bug in a table file. */
export function defineTable<R>(table: Table<R>): TableDefinition<R> {
  const columns = [...table.columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byName = new Map<string, Column<R>>();
  for (const column of columns) {
    if (byName.has(column.name)) throw new Error(`livestatus: table ${table.name} defines column ${column.name} twice`);
    byName.set(column.name, column);
  }
  return { ...table, columns, byName };
}

/**
 * Finds a column as Checkmk does: strip any number of leading table prefixes, try the name,
 * then the name with the prefix (`services` has `description` and takes `service_description`).
 */
export function findColumn<R>(table: TableDefinition<R>, name: string): Column<R> | undefined {
  let stripped = name;
  if (table.prefix !== '') while (stripped.startsWith(table.prefix)) stripped = stripped.slice(table.prefix.length);
  return table.byName.get(stripped) ?? table.byName.get(table.prefix + stripped);
}
