/**
 * `downtimes`, `comments` and `log`. Downtimes and comments are the engine's, with the columns
 * of their host and service as `host_` and `service_` (empty for host entries). The log table
 * reads the monitoring log files, only those whose time range can match the query's filter on
 * `time`, newest first as in Checkmk.
 */
import { COMMENT_ENTRY_TYPES, SITE_AUTHOR, type Comment } from '../../model/comment.js';
import type { Downtime } from '../../model/downtime.js';
import type { ObjectRef } from '../../model/object-ref.js';
import type { Host, Service } from '../../model/objects.js';
import { col, joinOptionalColumns, type Column } from '../column.js';
import { parseLogLine, type LogEntry } from '../parse-log-line.js';
import type { RowContext } from '../row-context.js';
import { defineTable, type RowSelection } from '../table.js';
import { HOST_COLUMNS } from './host-columns.js';
import { hostVisible } from './hosts-table.js';
import { OWN_SERVICE_COLUMNS } from './service-columns.js';
import { serviceVisible } from './services-table.js';
import { seconds } from './state-values.js';
import { lookupService } from '../../model/service-index.js';

const hostOfRef = (ref: ObjectRef, ctx: RowContext): Host | undefined =>
  ctx.index.hasHost(ref.hostName) ? ctx.configuration.hosts.get(ref.hostName) : undefined;

const serviceOfRef = (ref: ObjectRef, ctx: RowContext): Service | undefined =>
  ref.object === 'service' ? lookupService(ctx.configuration.services, ref.hostName, ref.description) : undefined;

/** The `host_` and `service_` columns of rows about an object. */
function objectColumns<R>(targetOf: (row: R) => ObjectRef): Column<R>[] {
  return [
    ...joinOptionalColumns<R, Host>(HOST_COLUMNS, 'host_', (r, c) => hostOfRef(targetOf(r), c)),
    ...joinOptionalColumns<R, Service>(OWN_SERVICE_COLUMNS, 'service_', (r, c) => serviceOfRef(targetOf(r), c)),
  ];
}

/** With AuthUser: an entry is visible with its object. */
function refVisible(ref: ObjectRef, contact: string, ctx: RowContext): boolean {
  const host = hostOfRef(ref, ctx);
  if (host === undefined) return false;
  if (ref.object === 'host') return hostVisible(host, contact, ctx);
  const service = serviceOfRef(ref, ctx);
  return service !== undefined && serviceVisible(service, contact, ctx);
}

/** `downtimes`: the engine's downtimes of this site's objects, in scheduling order. */
export const DOWNTIMES_TABLE = defineTable<Downtime>({
  name: 'downtimes',
  prefix: 'downtime_',
  columns: [
    col.string('author', 'Author of the downtime', (d) => d.author),
    col.string('comment', 'Comment of the downtime', (d) => d.comment),
    col.int('duration', 'Duration of the downtime in seconds', (d) => Math.round(d.durationMs / 1000)),
    col.time('end_time', 'End of the downtime', (d) => seconds(d.end)),
    col.time('entry_time', 'Time the downtime was scheduled', (d) => seconds(d.entryTime)),
    col.bool('fixed', 'Whether the downtime is fixed (else flexible)', (d) => d.fixed),
    col.int('id', 'Id of the downtime', (d) => d.id),
    col.bool('is_pending', 'Whether the downtime has not started yet', (d) => d.phase.kind === 'waiting'),
    col.bool('is_service', 'Whether the downtime is for a service', (d) => d.target.object === 'service'),
    col.int('origin', 'Origin of the downtime (0: command, 1: configuration)', () => 0),
    col.int('recurring', 'Recurrence of the downtime (0: none)', () => 0),
    col.time('start_time', 'Start of the downtime', (d) => seconds(d.start)),
    col.int('triggered_by', 'Id of the downtime that triggers this one (0: none)', (d) => d.triggeredBy ?? 0),
    col.int('type', 'Type of the downtime (0: active, 1: pending)', (d) => (d.phase.kind === 'active' ? 0 : 1)),
    ...objectColumns<Downtime>((d) => d.target),
  ],
  rows: (ctx) => ctx.downtimes().filter((d) => ctx.index.hasHost(d.target.hostName)),
  visible: (d, contact, ctx) => refVisible(d.target, contact, ctx),
});

/** `comments`: the engine's comments on this site's objects, by id. */
export const COMMENTS_TABLE = defineTable<Comment>({
  name: 'comments',
  prefix: 'comment_',
  columns: [
    col.string('author', 'Author of the comment', (c) => c.author),
    col.string('comment', 'Text of the comment', (c) => c.text),
    col.int(
      'entry_type',
      'Type (1: user, 2: downtime, 3: flapping, 4: acknowledgement)',
      (c) => COMMENT_ENTRY_TYPES[c.kind],
    ),
    col.time('entry_time', 'Time the comment was made', (c) => seconds(c.at)),
    col.time('expire_time', 'Time the comment expires (0: never)', (c) => seconds(c.expires ?? 0)),
    col.bool('expires', 'Whether the comment expires', (c) => c.expires !== undefined),
    col.int('id', 'Id of the comment', (c) => c.id),
    col.bool('is_service', 'Whether the comment is about a service', (c) => c.target.object === 'service'),
    col.bool('persistent', 'Whether the comment survives a restart', (c) => c.persistent),
    col.int('source', 'Source (0: internal, 1: external)', (c) => (c.author === SITE_AUTHOR ? 0 : 1)),
    col.int('type', 'Object type (1: host, 2: service)', (c) => (c.target.object === 'service' ? 2 : 1)),
    ...objectColumns<Comment>((c) => c.target),
  ],
  rows: (ctx) => ctx.comments().filter((c) => ctx.index.hasHost(c.target.hostName)),
  visible: (c, contact, ctx) => refVisible(c.target, contact, ctx),
});

/**
 * A `Localtime:` header shifts filter times by up to a day; files are chosen with that much
 * slack so that such a query still finds its lines (the filter itself is exact).
 */
const SLACK_SECONDS = 86_400;

/** The lines of the log files whose time range meets the filter's range on `time`, newest first. */
function* logRows(ctx: RowContext, selection: RowSelection): Iterable<LogEntry> {
  const range = selection.rangeOf('time');
  const from = range.from - SLACK_SECONDS;
  const until = range.until + SLACK_SECONDS;
  const archive = ctx.logArchive();
  const files = archive
    .files()
    .filter((f): f is { name: string; firstTime: number } => f.firstTime !== null)
    .sort((a, b) => a.firstTime - b.firstTime || (a.name < b.name ? -1 : 1));
  for (let i = files.length - 1; i >= 0; i--) {
    const file = files[i];
    if (file === undefined) continue;
    // A file holds the lines from its first time up to the next file's first time.
    const fileEnd = files[i + 1]?.firstTime ?? Infinity;
    if (file.firstTime > until || fileEnd < from) continue;
    const lines = [...archive.lines(file.name)];
    for (let n = lines.length - 1; n >= 0; n--) {
      const entry = parseLogLine(lines[n] ?? '', n + 1);
      if (entry === null || entry.time < from || entry.time > until) continue;
      yield entry;
    }
  }
}

const logHost = (e: LogEntry, ctx: RowContext): Host | undefined =>
  e.hostName === '' ? undefined : ctx.configuration.hosts.get(e.hostName);
const logService = (e: LogEntry, ctx: RowContext): Service | undefined =>
  e.serviceDescription === '' ? undefined : lookupService(ctx.configuration.services, e.hostName, e.serviceDescription);

/**
 * With AuthUser: lines about a host or service are visible with their object; other lines
 * (program, commands) only to contacts that see everything, i.e. never by contact alone.
 */
function logVisible(e: LogEntry, contact: string, ctx: RowContext): boolean {
  const host = logHost(e, ctx);
  if (host === undefined) return false;
  const service = logService(e, ctx);
  return service !== undefined ? serviceVisible(service, contact, ctx) : hostVisible(host, contact, ctx);
}

/** `log`: the monitoring log, with `current_host_` and `current_service_` columns. */
export const LOG_TABLE = defineTable<LogEntry>({
  name: 'log',
  prefix: 'log_',
  columns: [
    col.int('attempt', 'Check attempt', (e) => e.attempt),
    col.int(
      'class',
      'Class (0 info, 1 alert, 2 program, 3 notification, 4 passive, 5 command, 6 state)',
      (e) => e.logClass,
    ),
    col.string('command_name', 'Notification command', (e) => e.commandName),
    col.string('comment', 'Comment', (e) => e.comment),
    col.string('contact_name', 'Contact', (e) => e.contactName),
    col.string('host_name', 'Host name', (e) => e.hostName),
    col.int('lineno', 'Line number in the log file', (e) => e.lineno),
    col.string('long_plugin_output', 'Long output', (e) => e.longPluginOutput),
    col.string('message', 'The complete log line', (e) => e.message),
    col.string('options', 'The part after the colon', (e) => e.options),
    col.string('plugin_output', 'Output', (e) => e.pluginOutput),
    col.string('service_description', 'Service description', (e) => e.serviceDescription),
    col.int('state', 'State', (e) => e.state),
    col.string('state_info', 'Additional state information', (e) => e.stateInfo),
    col.string('state_type', 'State type (HARD, SOFT, STARTED, ...)', (e) => e.stateType),
    col.time('time', 'Time of the entry', (e) => e.time),
    col.string('type', 'Type of the entry (the part before the colon)', (e) => e.type),
    ...joinOptionalColumns<LogEntry, Host>(HOST_COLUMNS, 'current_host_', logHost),
    ...joinOptionalColumns<LogEntry, Service>(OWN_SERVICE_COLUMNS, 'current_service_', logService),
  ],
  rows: logRows,
  visible: logVisible,
});
