/**
 * The columns hosts and services share: state, output, check and notification settings, times,
 * contacts, custom variables, and what the engine keeps besides the check state:
 * acknowledgements, downtimes, comments, flapping, notification records, switches changed at
 * run time (the `*_enabled` columns show the object's switches in force), staleness.
 */
import type { CheckState } from '../../model/check-state.js';
import { COMMENT_ENTRY_TYPES, type Comment } from '../../model/comment.js';
import type { Downtime } from '../../model/downtime.js';
import {
  configuredSwitches,
  modifiedAttributeNames,
  modifiedAttributes,
  type MasterSwitch,
} from '../../model/master-control.js';
import type { StatusFields } from '../../model/object-status.js';
import { parsePerfdata } from '../../model/perfdata.js';
import type { Checkable, Service } from '../../model/objects.js';
import { problemHandling } from '../../model/problem-handling.js';
import { staleness } from '../../model/staleness.js';
import { col, ownRow, type Column, type ListItem } from '../column.js';
import type { RowContext } from '../row-context.js';
import {
  attemptOf,
  commandCallText,
  escapeLongOutput,
  hardStateId,
  hasBeenChecked,
  observed,
  seconds,
  stateTypeId,
} from './state-values.js';

/** How a table reaches the object and state of its rows. */
export interface CheckableAccess<R, S extends CheckState<string>> {
  /** `host` or `service`, for descriptions. */
  readonly noun: string;
  object(row: R, ctx: RowContext): Checkable;
  state(row: R, ctx: RowContext): S;
  /** What the engine keeps about the object besides its state; `undefined` when it has none. */
  status(row: R, ctx: RowContext): StatusFields | undefined;
  stateId(state: S): number;
  previousStateId(state: S): number;
  /** The host name of the object, for downtimes, comments and the check queue. */
  hostName(row: R, ctx: RowContext): string;
  /** The service description, `null` for a host. */
  description(row: R, ctx: RowContext): string | null;
  /** The service itself, `null` for a host. */
  service(row: R, ctx: RowContext): Service | null;
  /** For a service: whether its host has a problem now (soft or hard); `false` for a host. */
  hostProblem(row: R, ctx: RowContext): boolean;
}

const NONE: readonly never[] = Object.freeze([]);
const EMPTY_DICT: ReadonlyMap<string, string> = new Map();

/** A duration in seconds as a number of interval units, as Nagios shows intervals. */
function inUnits(secondsValue: number, ctx: RowContext): number {
  return secondsValue / ctx.program.intervalLength;
}

function customVariables(object: Checkable): ReadonlyMap<string, string> {
  const entries = Object.entries(object.customAttributes);
  return entries.length === 0 ? EMPTY_DICT : new Map(entries);
}

/**
 * When the next regular check is due, estimated from the last one: used when the source does
 * not know the object's place in the check queue. 0 for objects without regular checks or never
 * checked.
 */
function estimatedNextCheck(object: Checkable, state: CheckState<string>): number {
  if (!object.activeChecksEnabled || object.checkInterval <= 0 || state.kind === 'pending') return 0;
  const interval = state.kind === 'soft-problem' ? object.retryInterval : object.checkInterval;
  return seconds(state.lastCheck) + interval;
}

function performanceData(perfdata: string): ReadonlyMap<string, number> {
  const values = new Map<string, number>();
  for (const item of parsePerfdata(perfdata).values) if (item.value !== null) values.set(item.label, item.value);
  return values;
}

function isProblem(state: CheckState<string>): boolean {
  return state.kind === 'soft-problem' || state.kind === 'hard-problem';
}

const commentIds = (comments: readonly Comment[]): ListItem[] => comments.map((c) => c.id);
const commentsWithInfo = (comments: readonly Comment[]): ListItem[] => comments.map((c) => [c.id, c.author, c.text]);
const commentsWithExtraInfo = (comments: readonly Comment[]): ListItem[] =>
  comments.map((c) => [c.id, c.author, c.text, COMMENT_ENTRY_TYPES[c.kind], seconds(c.at)]);
const downtimeIds = (downtimes: readonly Downtime[]): ListItem[] => downtimes.map((d) => d.id);
const downtimesWithInfo = (downtimes: readonly Downtime[]): ListItem[] =>
  downtimes.map((d) => [d.id, d.author, d.comment]);
/** Checkmk's order: id, author, comment, origin, entry, start, end, fixed, duration, recurring, pending. */
const downtimesWithExtraInfo = (downtimes: readonly Downtime[]): ListItem[] =>
  downtimes.map((d) => [
    d.id,
    d.author,
    d.comment,
    0,
    seconds(d.entryTime),
    seconds(d.start),
    seconds(d.end),
    d.fixed ? 1 : 0,
    Math.round(d.durationMs / 1000),
    0,
    d.phase.kind === 'waiting' ? 1 : 0,
  ]);

/**
 * The shared columns that read only the object and its own status (see Column.ownRow), by name:
 * not the clock, the interval length, the schedule, downtimes, comments, switches in force or the host.
 */
export const OWN_ROW_CHECKABLE_COLUMNS: ReadonlySet<string> = new Set([
  'acknowledged',
  'acknowledgement_type',
  'action_url',
  'action_url_expanded',
  'check_command',
  'check_command_expanded',
  'check_freshness',
  'check_options',
  'check_period',
  'contact_groups',
  'current_attempt',
  'current_notification_number',
  'custom_variable_names',
  'custom_variable_values',
  'custom_variables',
  'display_name',
  'event_handler',
  'execution_time',
  'hard_state',
  'has_been_checked',
  'high_flap_threshold',
  'icon_image',
  'icon_image_alt',
  'icon_image_expanded',
  'in_service_period',
  'initial_state',
  'is_flapping',
  'is_problem',
  'label_names',
  'label_values',
  'labels',
  'last_check',
  'last_hard_state',
  'last_hard_state_change',
  'last_notification',
  'last_state',
  'last_state_change',
  'long_plugin_output',
  'low_flap_threshold',
  'max_check_attempts',
  'modified_attributes',
  'modified_attributes_list',
  'next_notification',
  'no_more_notifications',
  'notes',
  'notes_expanded',
  'notes_url',
  'notes_url_expanded',
  'notification_period',
  'percent_state_change',
  'perf_data',
  'performance_data',
  'plugin_output',
  'pnpgraph_present',
  'process_performance_data',
  'service_period',
  'state',
  'state_type',
]);

/** The shared columns for rows of type `R`. */
export function checkableColumns<R, S extends CheckState<string>>(access: CheckableAccess<R, S>): Column<R>[] {
  const { noun } = access;
  const o = access.object;
  const s = access.state;
  const st = access.status;
  /** The object's switch in force: configured, or as changed at run time. */
  const inForce = (name: MasterSwitch) => (r: R, c: RowContext) => {
    const overridden = st(r, c)?.overrides[name];
    return overridden ?? configuredSwitches(o(r, c))[name];
  };
  const comments = (r: R, c: RowContext) => c.commentsOf(access.hostName(r, c), access.description(r, c));
  const downtimes = (r: R, c: RowContext) => c.downtimesOf(access.hostName(r, c), access.description(r, c));
  const depth = (r: R, c: RowContext) => c.downtimeDepth(access.hostName(r, c), access.description(r, c));
  const hostDepth = (r: R, c: RowContext) =>
    access.description(r, c) === null ? 0 : c.downtimeDepth(access.hostName(r, c), null);
  const schedule = (r: R, c: RowContext) => c.schedule(access.hostName(r, c), access.service(r, c));
  const handling = (r: R, c: RowContext) =>
    problemHandling({
      problem: isProblem(s(r, c)),
      inDowntime: depth(r, c) > 0 || hostDepth(r, c) > 0,
      acknowledged: (st(r, c)?.acknowledgement ?? null) !== null,
      hostProblem: access.hostProblem(r, c),
    });
  const columns: Column<R>[] = [
    col.bool(
      'accept_passive_checks',
      `Whether passive checks of the ${noun} are accepted (the switch in force)`,
      inForce('passiveChecks'),
    ),
    col.bool(
      'acknowledged',
      `Whether the current ${noun} problem has been acknowledged`,
      (r, c) => (st(r, c)?.acknowledgement ?? null) !== null,
    ),
    col.int('acknowledgement_type', 'Type of acknowledgement (0: none, 1: normal, 2: sticky)', (r, c) => {
      const ack = st(r, c)?.acknowledgement ?? null;
      return ack === null ? 0 : ack.kind === 'sticky' ? 2 : 1;
    }),
    col.string('action_url', 'An optional URL to custom actions or information', (r, c) => o(r, c).actionUrl),
    col.string('action_url_expanded', 'The action URL (macros are not expanded)', (r, c) => o(r, c).actionUrl),
    col.bool(
      'active_checks_enabled',
      'Whether active checks are enabled (the switch in force)',
      inForce('activeChecks'),
    ),
    col.string('check_command', 'Check command with its arguments (name!arg1!arg2)', (r, c) =>
      commandCallText(o(r, c).checkCommand),
    ),
    col.string('check_command_expanded', 'The check command (macros are not expanded)', (r, c) =>
      commandCallText(o(r, c).checkCommand),
    ),
    col.bool('check_freshness', 'Whether freshness checks are enabled', (r, c) => o(r, c).checkFreshness),
    col.float('check_interval', 'Number of interval units between two regular checks', (r, c) =>
      inUnits(o(r, c).checkInterval, c),
    ),
    col.int('check_options', 'The current check option, forced, normal, freshness (0-2)', () => 0),
    col.string('check_period', 'Time period in which checks run', (r, c) => o(r, c).checkPeriod),
    col.int('check_type', 'Type of check (0: active, 1: passive)', (r, c) => (inForce('activeChecks')(r, c) ? 0 : 1)),
    col.bool('checks_enabled', 'Whether active checks are enabled (the switch in force)', inForce('activeChecks')),
    col.list('comments', `The ids of the comments of this ${noun}`, (r, c) => commentIds(comments(r, c))),
    col.list('comments_with_extra_info', 'Comments: id, author, comment, entry type, entry time', (r, c) =>
      commentsWithExtraInfo(comments(r, c)),
    ),
    col.list('comments_with_info', 'Comments: id, author, comment', (r, c) => commentsWithInfo(comments(r, c))),
    col.list('contact_groups', `The contact groups of the ${noun}`, (r, c) => o(r, c).contactGroups),
    col.list('contacts', `The contacts of the ${noun}, directly and through contact groups`, (r, c) =>
      c.index.contactsOf(o(r, c)),
    ),
    col.int('current_attempt', 'Number of the current check attempt', (r, c) => attemptOf(s(r, c))),
    col.int(
      'current_notification_number',
      'Number of problem notifications sent for the current problem',
      (r, c) => st(r, c)?.notification.number ?? 0,
    ),
    col.list('custom_variable_names', 'The names of the custom variables', (r, c) =>
      Object.keys(o(r, c).customAttributes),
    ),
    col.list('custom_variable_values', 'The values of the custom variables', (r, c) =>
      Object.values(o(r, c).customAttributes),
    ),
    col.dict('custom_variables', 'Custom variables: name to value', (r, c) => customVariables(o(r, c))),
    col.string('display_name', 'Name shown in the user interface', (r, c) => o(r, c).displayName),
    col.list('downtimes', `The ids of the scheduled downtimes of this ${noun}`, (r, c) => downtimeIds(downtimes(r, c))),
    col.list(
      'downtimes_with_extra_info',
      'Downtimes: id, author, comment, origin, entry, start, end, fixed, duration, recurring, pending',
      (r, c) => downtimesWithExtraInfo(downtimes(r, c)),
    ),
    col.list('downtimes_with_info', 'Downtimes: id, author, comment', (r, c) => downtimesWithInfo(downtimes(r, c))),
    col.string('event_handler', 'Event handler command with arguments', (r, c) =>
      commandCallText(o(r, c).eventHandler),
    ),
    col.bool(
      'event_handler_enabled',
      'Whether the event handler is enabled (the switch in force)',
      inForce('eventHandlers'),
    ),
    col.float('execution_time', 'Seconds the last check took', () => 0),
    col.float('first_notification_delay', 'Interval units before the first notification', (r, c) =>
      inUnits(o(r, c).firstNotificationDelay, c),
    ),
    col.bool(
      'flap_detection_enabled',
      'Whether flap detection is enabled (the switch in force)',
      inForce('flapDetection'),
    ),
    col.bool(
      'handled',
      `Whether the ${noun} has a problem that is handled: in a downtime, acknowledged, or its host has a problem`,
      (r, c) => {
        const how = handling(r, c);
        return how !== 'no-problem' && how !== 'unhandled';
      },
    ),
    col.int('hard_state', 'The effective hard state', (r, c) => {
      const state = s(r, c);
      return hardStateId(state, access.stateId(state));
    }),
    col.bool('has_been_checked', `Whether the ${noun} has been checked at least once`, (r, c) =>
      hasBeenChecked(s(r, c)),
    ),
    col.float(
      'high_flap_threshold',
      'High threshold of flap detection (0: the global one)',
      (r, c) => o(r, c).highFlapThreshold,
    ),
    col.string('icon_image', 'Name of an icon image', (r, c) => o(r, c).iconImage),
    col.string('icon_image_alt', 'Alternative text for the icon', () => ''),
    col.string('icon_image_expanded', 'The icon image (macros are not expanded)', (r, c) => o(r, c).iconImage),
    col.bool('in_check_period', 'Whether the check period is active now', (r, c) => c.inPeriod(o(r, c).checkPeriod)),
    col.bool('in_notification_period', 'Whether the notification period is active now', (r, c) =>
      c.inPeriod(o(r, c).notificationPeriod),
    ),
    col.bool('in_service_period', 'Whether the service period is active now (always)', () => true),
    col.int('initial_state', 'Initial state', () => 0),
    col.bool('is_executing', 'Whether a check is running now', (r, c) => schedule(r, c)?.executing ?? false),
    col.bool('is_flapping', `Whether the ${noun} is flapping`, (r, c) => st(r, c)?.flap.flapping ?? false),
    col.bool('is_problem', `Whether the ${noun} has a problem now (not OK/UP, soft or hard)`, (r, c) =>
      isProblem(s(r, c)),
    ),
    col.list('label_names', 'The names of the labels', (r, c) => Object.keys(o(r, c).labels)),
    col.list('label_values', 'The values of the labels', (r, c) => Object.values(o(r, c).labels)),
    col.dict('labels', 'Labels: name to value', (r, c) => new Map(Object.entries(o(r, c).labels))),
    col.time('last_check', 'Time of the last check', (r, c) => observed(s(r, c), 'lastCheck')),
    col.int('last_hard_state', 'Last hard state', (r, c) => {
      const state = s(r, c);
      return hardStateId(state, access.stateId(state));
    }),
    col.time('last_hard_state_change', 'Time of the last hard state change', (r, c) =>
      observed(s(r, c), 'lastHardStateChange'),
    ),
    col.time('last_notification', 'Time of the last problem notification', (r, c) =>
      seconds(st(r, c)?.notification.lastAt ?? 0),
    ),
    col.int('last_state', 'State before the last check', (r, c) => access.previousStateId(s(r, c))),
    col.time('last_state_change', 'Time of the last state change, soft or hard', (r, c) =>
      observed(s(r, c), 'lastStateChange'),
    ),
    col.float('latency', 'Seconds the last check started late', (r, c) => (schedule(r, c)?.latencyMs ?? 0) / 1000),
    col.string('long_plugin_output', 'Output lines after the first, newlines written as \\n', (r, c) => {
      const state = s(r, c);
      return state.kind === 'pending' ? '' : escapeLongOutput(state.longOutput);
    }),
    col.float(
      'low_flap_threshold',
      'Low threshold of flap detection (0: the global one)',
      (r, c) => o(r, c).lowFlapThreshold,
    ),
    col.int('max_check_attempts', 'Attempts before a problem becomes hard', (r, c) => o(r, c).maxCheckAttempts),
    col.int('modified_attributes', 'Bitmask of attributes changed at run time', (r, c) => {
      const status = st(r, c);
      return status === undefined ? 0 : modifiedAttributes(status.overrides);
    }),
    col.list('modified_attributes_list', 'Names of attributes changed at run time', (r, c) => {
      const status = st(r, c);
      return status === undefined ? NONE : modifiedAttributeNames(status.overrides);
    }),
    col.time('next_check', 'Time of the next scheduled check', (r, c) => {
      const scheduled = schedule(r, c);
      if (scheduled === undefined) return estimatedNextCheck(o(r, c), s(r, c));
      return scheduled.nextCheck === null ? 0 : seconds(scheduled.nextCheck);
    }),
    col.time('next_notification', 'Time of the next notification', () => 0),
    col.bool('no_more_notifications', 'Whether no more notifications are sent for this problem', () => false),
    col.string('notes', 'Notes', (r, c) => o(r, c).notes),
    col.string('notes_expanded', 'Notes (macros are not expanded)', (r, c) => o(r, c).notes),
    col.string('notes_url', 'URL with further notes', (r, c) => o(r, c).notesUrl),
    col.string('notes_url_expanded', 'The notes URL (macros are not expanded)', (r, c) => o(r, c).notesUrl),
    col.float('notification_interval', 'Interval units between re-notifications (0: notify once)', (r, c) =>
      inUnits(o(r, c).notificationInterval, c),
    ),
    col.string(
      'notification_period',
      'Time period in which notifications are sent',
      (r, c) => o(r, c).notificationPeriod,
    ),
    col.bool(
      'notifications_enabled',
      'Whether notifications are enabled (the switch in force)',
      inForce('notifications'),
    ),
    col.int(
      'pending_flex_downtime',
      'Number of flexible downtimes waiting to start',
      (r, c) => downtimes(r, c).filter((d) => !d.fixed && d.phase.kind === 'waiting').length,
    ),
    col.float('percent_state_change', 'Percent state change (flap detection)', (r, c) => st(r, c)?.flap.percent ?? 0),
    col.string('perf_data', 'Performance data of the last check', (r, c) => {
      const state = s(r, c);
      return state.kind === 'pending' ? '' : state.perfdata;
    }),
    col.dict('performance_data', 'Performance data: metric to value', (r, c) => {
      const state = s(r, c);
      return state.kind === 'pending' ? EMPTY_DICT : performanceData(state.perfdata);
    }),
    col.string('plugin_output', 'First line of output of the last check', (r, c) => {
      const state = s(r, c);
      return state.kind === 'pending' ? '' : state.output;
    }),
    col.int('pnpgraph_present', 'Whether a graph exists (not known: 0)', () => 0),
    col.bool('process_performance_data', 'Whether performance data is processed', () => true),
    col.float('retry_interval', 'Interval units between retries of a soft problem', (r, c) =>
      inUnits(o(r, c).retryInterval, c),
    ),
    col.int('scheduled_downtime_depth', 'Number of downtimes in effect', depth),
    col.string('service_period', 'Service period (none)', () => ''),
    col.float('staleness', 'Age of the last result in check intervals (1.5 and more is stale)', (r, c) => {
      const state = s(r, c);
      return staleness({
        lastCheck: state.kind === 'pending' ? null : state.lastCheck,
        since: c.program.startedAt,
        checkIntervalMs: o(r, c).checkInterval * 1000,
        now: c.now,
      });
    }),
    col.int('state', `The current state of the ${noun}`, (r, c) => access.stateId(s(r, c))),
    col.int('state_type', 'Type of the current state (0: soft, 1: hard)', (r, c) => stateTypeId(s(r, c))),
  ];
  return columns.map((c) => (OWN_ROW_CHECKABLE_COLUMNS.has(c.name) ? ownRow(c) : c));
}
