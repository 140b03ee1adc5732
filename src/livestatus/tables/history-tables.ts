/**
 * `downtimes`, `comments` and `log`: their columns as clients expect them, and no rows yet. The
 * model has no downtimes or comments so far, and the log table will read the monitoring log
 * once history is queryable; until then these answer like a site with none.
 */
import type { Host, Service } from '../../model/objects.js';
import { col, joinColumns, type Column } from '../column.js';
import { defineTable } from '../table.js';
import { HOST_COLUMNS } from './host-columns.js';
import { OWN_SERVICE_COLUMNS } from './service-columns.js';

/** A row type with no values: these tables have no rows to read. */
type NoRow = never;

const unreachable = (row: NoRow): never => row;

const objectColumns = (): Column<NoRow>[] => [
  ...joinColumns<NoRow, Host>(HOST_COLUMNS, 'host_', unreachable),
  ...joinColumns<NoRow, Service>(OWN_SERVICE_COLUMNS, 'service_', unreachable),
];

/** `downtimes`: its columns, with `host_` and `service_` columns; no rows yet. */
export const DOWNTIMES_TABLE = defineTable<NoRow>({
  name: 'downtimes',
  prefix: 'downtime_',
  columns: [
    col.string('author', 'Author of the downtime', unreachable),
    col.string('comment', 'Comment of the downtime', unreachable),
    col.int('duration', 'Duration of a flexible downtime in seconds', unreachable),
    col.time('end_time', 'End of the downtime', unreachable),
    col.time('entry_time', 'Time the downtime was scheduled', unreachable),
    col.bool('fixed', 'Whether the downtime is fixed (else flexible)', unreachable),
    col.int('id', 'Id of the downtime', unreachable),
    col.bool('is_pending', 'Whether the downtime has not started yet', unreachable),
    col.bool('is_service', 'Whether the downtime is for a service', unreachable),
    col.int('origin', 'Origin of the downtime (0: command, 1: configuration)', unreachable),
    col.int('recurring', 'Recurrence of the downtime (0: none)', unreachable),
    col.time('start_time', 'Start of the downtime', unreachable),
    col.int('triggered_by', 'Id of the downtime that triggers this one (0: none)', unreachable),
    col.int('type', 'Type of the downtime (0: active, 1: pending)', unreachable),
    ...objectColumns(),
  ],
  rows: () => [],
});

/** `comments`: its columns, with `host_` and `service_` columns; no rows yet. */
export const COMMENTS_TABLE = defineTable<NoRow>({
  name: 'comments',
  prefix: 'comment_',
  columns: [
    col.string('author', 'Author of the comment', unreachable),
    col.string('comment', 'Text of the comment', unreachable),
    col.int('entry_type', 'Type (1: user, 2: downtime, 3: flapping, 4: acknowledgement)', unreachable),
    col.time('entry_time', 'Time the comment was made', unreachable),
    col.time('expire_time', 'Time the comment expires', unreachable),
    col.bool('expires', 'Whether the comment expires', unreachable),
    col.int('id', 'Id of the comment', unreachable),
    col.bool('is_service', 'Whether the comment is about a service', unreachable),
    col.bool('persistent', 'Whether the comment survives a restart', unreachable),
    col.int('source', 'Source (0: internal, 1: external)', unreachable),
    col.int('type', 'Object type (1: host, 2: service)', unreachable),
    ...objectColumns(),
  ],
  rows: () => [],
});

/** `log`: its columns, with `current_host_` and `current_service_` columns; no rows yet. */
export const LOG_TABLE = defineTable<NoRow>({
  name: 'log',
  prefix: 'log_',
  columns: [
    col.int('attempt', 'Check attempt', unreachable),
    col.int('class', 'Class (0 info, 1 alert, 2 program, 3 notification, 4 passive, 5 command, 6 state)', unreachable),
    col.string('command_name', 'Notification command', unreachable),
    col.string('comment', 'Comment', unreachable),
    col.string('contact_name', 'Contact', unreachable),
    col.string('host_name', 'Host name', unreachable),
    col.int('lineno', 'Line number in the log file', unreachable),
    col.string('long_plugin_output', 'Long output', unreachable),
    col.string('message', 'The complete log line', unreachable),
    col.string('options', 'The part after the colon', unreachable),
    col.string('plugin_output', 'Output', unreachable),
    col.string('service_description', 'Service description', unreachable),
    col.int('state', 'State', unreachable),
    col.string('state_info', 'Additional state information', unreachable),
    col.string('state_type', 'State type (HARD, SOFT, STARTED, ...)', unreachable),
    col.time('time', 'Time of the entry', unreachable),
    col.string('type', 'Type of the entry (the part before the colon)', unreachable),
    ...joinColumns<NoRow, Host>(HOST_COLUMNS, 'current_host_', unreachable),
    ...joinColumns<NoRow, Service>(OWN_SERVICE_COLUMNS, 'current_service_', unreachable),
  ],
  rows: () => [],
});
