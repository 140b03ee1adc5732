/**
 * Every Livestatus table by name, and the `columns` table that describes them all.
 */
import { col, type Column } from './column.js';
import { DOWNTIMES_TABLE, COMMENTS_TABLE, LOG_TABLE } from './tables/history-tables.js';
import { HOSTSBYGROUP_TABLE, SERVICESBYGROUP_TABLE, SERVICESBYHOSTGROUP_TABLE } from './tables/by-group-tables.js';
import { COMMANDS_TABLE, CONTACTS_TABLE, TIMEPERIODS_TABLE } from './tables/configuration-tables.js';
import { CONTACTGROUPS_TABLE, HOSTGROUPS_TABLE, SERVICEGROUPS_TABLE } from './tables/group-tables.js';
import { HOSTS_TABLE } from './tables/hosts-table.js';
import { SERVICES_TABLE } from './tables/services-table.js';
import { STATUS_TABLE } from './tables/status-table.js';
import { defineTable, type TableDefinition } from './table.js';

/** One row of the `columns` table. */
interface ColumnRow {
  readonly table: string;
  readonly column: Column<unknown>;
}

const DATA_TABLES: readonly TableDefinition<unknown>[] = [
  COMMANDS_TABLE,
  COMMENTS_TABLE,
  CONTACTGROUPS_TABLE,
  CONTACTS_TABLE,
  DOWNTIMES_TABLE,
  HOSTGROUPS_TABLE,
  HOSTS_TABLE,
  HOSTSBYGROUP_TABLE,
  LOG_TABLE,
  SERVICEGROUPS_TABLE,
  SERVICES_TABLE,
  SERVICESBYGROUP_TABLE,
  SERVICESBYHOSTGROUP_TABLE,
  STATUS_TABLE,
  TIMEPERIODS_TABLE,
];

/** The columns of the `columns` table itself, by name. */
const COLUMN_COLUMNS: readonly Column<ColumnRow>[] = [
  col.string('description', 'A description of the column', (r) => r.column.description),
  col.string('name', 'The name of the column within the table', (r) => r.column.name),
  col.string('table', 'The name of the table', (r) => r.table),
  col.string('type', 'The data type of the column (int, float, string, list, time, dict)', (r) => r.column.type),
];

/** Every column of every table: tables by name, columns by name. */
const COLUMN_ROWS: readonly ColumnRow[] = (() => {
  const rows: ColumnRow[] = [];
  const tables = [...DATA_TABLES.map((t) => t.name), 'columns'].sort();
  for (const name of tables) {
    if (name === 'columns') {
      for (const column of COLUMN_COLUMNS) rows.push({ table: 'columns', column });
      continue;
    }
    const table = DATA_TABLES.find((t) => t.name === name);
    for (const column of table?.columns ?? []) rows.push({ table: name, column });
  }
  return rows;
})();

/** The `columns` table: table, name, description and type of every column of every table. */
export const COLUMNS_TABLE = defineTable<ColumnRow>({
  name: 'columns',
  prefix: 'column_',
  columns: COLUMN_COLUMNS,
  rows: (_ctx, selection) => {
    const tables = selection.valuesOf('table');
    return tables === null ? COLUMN_ROWS : COLUMN_ROWS.filter((r) => tables.has(r.table));
  },
});

/** Every table by name. */
export const TABLES: ReadonlyMap<string, TableDefinition<unknown>> = new Map(
  [...DATA_TABLES, COLUMNS_TABLE].map((t) => [t.name, t] as const),
);
