/**
 * The `status` table: exactly one row about the site: program, global switches, counters.
 * Counters the site does not keep yet (checks, forks, log messages) read 0.
 */
import { col, type Column } from '../column.js';
import type { RowContext } from '../row-context.js';
import { defineTable } from '../table.js';
import { seconds } from './state-values.js';

/** The one row of the table; everything is read from the request's context. */
type StatusRow = 'status';

const counter = (name: string, description: string, value: (ctx: RowContext) => number): Column<StatusRow>[] => [
  col.int(name, description, (_, c) => value(c)),
  col.float(`${name}_rate`, `${description}, per second`, () => 0),
];

const zero = (name: string, description: string): Column<StatusRow>[] => counter(name, description, () => 0);

const switches = (ctx: RowContext) => ctx.program.switches;
const spool = (ctx: RowContext) => ctx.program.notificationSpool;

/** `status`: one row about the site. */
export const STATUS_TABLE = defineTable<StatusRow>({
  name: 'status',
  prefix: 'status_',
  columns: [
    col.bool(
      'accept_passive_host_checks',
      'Whether passive host checks are accepted',
      (_, c) => switches(c).passiveHostChecks,
    ),
    col.bool(
      'accept_passive_service_checks',
      'Whether passive service checks are accepted',
      (_, c) => switches(c).passiveServiceChecks,
    ),
    col.int('cached_log_messages', 'Number of log messages cached for the log table', () => 0),
    col.bool('check_external_commands', 'Whether external commands are processed', () => true),
    col.bool('check_host_freshness', 'Whether host freshness checks are done', () => true),
    col.bool('check_service_freshness', 'Whether service freshness checks are done', () => true),
    ...counter('connections', 'Number of client connections since start', (c) => c.counters.connections),
    col.int('core_pid', 'Process id of the monitoring core', (_, c) => c.program.pid),
    col.bool('enable_event_handlers', 'Whether event handlers are enabled', (_, c) => switches(c).eventHandlers),
    col.bool('enable_flap_detection', 'Whether flap detection is enabled', (_, c) => switches(c).flapDetection),
    col.bool('enable_notifications', 'Whether notifications are enabled', (_, c) => switches(c).notifications),
    col.bool('execute_host_checks', 'Whether active host checks are executed', (_, c) => switches(c).activeHostChecks),
    col.bool(
      'execute_service_checks',
      'Whether active service checks are executed',
      (_, c) => switches(c).activeServiceChecks,
    ),
    ...zero('external_commands', 'Number of external commands'),
    ...zero('forks', 'Number of process creations'),
    col.bool(
      'has_event_handlers',
      'Whether any object has an event handler',
      (_, c) =>
        c.index.hosts.some((h) => h.eventHandler !== null) || c.index.services.some((s) => s.eventHandler !== null),
    ),
    ...counter('host_checks', 'Number of host checks', (c) => c.program.checks?.host ?? 0),
    col.int('interval_length', 'Seconds per interval unit', (_, c) => c.program.intervalLength),
    col.time('last_command_check', 'Time external commands were last processed', (_, c) => seconds(c.now)),
    col.time('last_log_rotation', 'Time of the last log rotation', () => 0),
    ...zero('livechecks', 'Number of checks run by livecheck helpers'),
    col.int(
      'livestatus_active_connections',
      'Number of open Livestatus connections',
      (_, c) => c.counters.activeConnections,
    ),
    col.string('livestatus_version', 'Version of the Livestatus server', (_, c) => c.program.version),
    ...zero('log_messages', 'Number of log messages'),
    col.int('nagios_pid', 'Process id of the monitoring core', (_, c) => c.program.pid),
    ...zero('neb_callbacks', 'Number of event broker callbacks'),
    col.int('num_hosts', 'Number of hosts', (_, c) => c.index.hosts.length),
    col.int('num_queued_notifications', 'Number of notifications waiting to be sent', (_, c) => spool(c)?.queued ?? 0),
    col.int(
      'notification_spool_dead',
      'Notifications that failed for good, waiting for a person',
      (_, c) => spool(c)?.dead ?? 0,
    ),
    col.int('notification_spool_in_flight', 'Notifications being delivered now', (_, c) => spool(c)?.inFlight ?? 0),
    col.int('notification_spool_oldest_age', 'Seconds the oldest waiting notification has waited (0: none)', (_, c) =>
      Math.floor((spool(c)?.oldestQueuedAgeMs ?? 0) / 1000),
    ),
    col.int(
      'notification_spool_delivered',
      'Notifications delivered since the site started',
      (_, c) => spool(c)?.delivered ?? 0,
    ),
    col.int(
      'notification_spool_temporary_failures',
      'Delivery attempts that will be retried, since start',
      (_, c) => spool(c)?.temporaryFailures ?? 0,
    ),
    col.int(
      'notification_spool_permanent_failures',
      'Delivery attempts that failed for good, since start',
      (_, c) => spool(c)?.permanentFailures ?? 0,
    ),
    col.bool(
      'notification_spool_broken',
      'Whether the spool cannot write and accepts nothing new',
      (_, c) => spool(c)?.broken ?? false,
    ),
    col.int('num_services', 'Number of services', (_, c) => c.index.services.length),
    col.bool('obsess_over_hosts', 'Whether obsessing over hosts is enabled (never)', () => false),
    col.bool('obsess_over_services', 'Whether obsessing over services is enabled (never)', () => false),
    col.bool(
      'process_performance_data',
      'Whether performance data is processed',
      (_, c) => switches(c).performanceData,
    ),
    col.time('program_start', 'Time the monitoring core started', (_, c) => seconds(c.program.startedAt)),
    col.string('program_version', 'Version of the monitoring core', (_, c) => c.program.version),
    ...counter('requests', 'Number of Livestatus requests since start', (c) => c.counters.requests),
    ...counter('service_checks', 'Number of service checks', (c) => c.program.checks?.service ?? 0),
  ],
  rows: () => ['status'],
});
