/**
 * The columns hosts and services share: state, output, check and notification settings, times,
 * contacts, custom variables. Acknowledgements, downtimes, comments, flapping and notification
 * counters are not in the model yet; their columns exist and read as "none" (0, empty list).
 */
import type { CheckState } from '../../model/check-state.js';
import { parsePerfdata } from '../../model/perfdata.js';
import type { Checkable } from '../../model/objects.js';
import { col, type Column } from '../column.js';
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
  stateId(state: S): number;
  previousStateId(state: S): number;
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
 * When the next regular check is due, estimated from the last one: the engine's queue is not
 * visible through the status port. 0 for objects without regular checks or never checked.
 */
function nextCheck(object: Checkable, state: CheckState<string>): number {
  if (!object.activeChecksEnabled || object.checkInterval <= 0 || state.kind === 'pending') return 0;
  const interval = state.kind === 'soft-problem' ? object.retryInterval : object.checkInterval;
  return seconds(state.lastCheck) + interval;
}

function performanceData(perfdata: string): ReadonlyMap<string, number> {
  const values = new Map<string, number>();
  for (const item of parsePerfdata(perfdata).values) if (item.value !== null) values.set(item.label, item.value);
  return values;
}

/** The shared columns for rows of type `R`. */
export function checkableColumns<R, S extends CheckState<string>>(access: CheckableAccess<R, S>): Column<R>[] {
  const { noun } = access;
  const o = access.object;
  const s = access.state;
  return [
    col.bool(
      'accept_passive_checks',
      `Whether passive checks of the ${noun} are accepted`,
      (r, c) => o(r, c).passiveChecksEnabled,
    ),
    col.bool('acknowledged', `Whether the current ${noun} problem has been acknowledged`, () => false),
    col.int('acknowledgement_type', 'Type of acknowledgement (0: none, 1: normal, 2: sticky)', () => 0),
    col.string('action_url', 'An optional URL to custom actions or information', (r, c) => o(r, c).actionUrl),
    col.string('action_url_expanded', 'The action URL (macros are not expanded)', (r, c) => o(r, c).actionUrl),
    col.bool('active_checks_enabled', 'Whether active checks are enabled', (r, c) => o(r, c).activeChecksEnabled),
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
    col.int('check_type', 'Type of check (0: active, 1: passive)', (r, c) => (o(r, c).activeChecksEnabled ? 0 : 1)),
    col.bool('checks_enabled', 'Whether checks are enabled', (r, c) => o(r, c).activeChecksEnabled),
    col.list('comments', `The ids of the comments of this ${noun}`, () => NONE),
    col.list('comments_with_extra_info', 'Comments: id, author, comment, entry type, entry time', () => NONE),
    col.list('comments_with_info', 'Comments: id, author, comment', () => NONE),
    col.list('contact_groups', `The contact groups of the ${noun}`, (r, c) => o(r, c).contactGroups),
    col.list('contacts', `The contacts of the ${noun}, directly and through contact groups`, (r, c) =>
      c.index.contactsOf(o(r, c)),
    ),
    col.int('current_attempt', 'Number of the current check attempt', (r, c) => attemptOf(s(r, c))),
    col.int('current_notification_number', 'Number of the current notification', () => 0),
    col.list('custom_variable_names', 'The names of the custom variables', (r, c) =>
      Object.keys(o(r, c).customAttributes),
    ),
    col.list('custom_variable_values', 'The values of the custom variables', (r, c) =>
      Object.values(o(r, c).customAttributes),
    ),
    col.dict('custom_variables', 'Custom variables: name to value', (r, c) => customVariables(o(r, c))),
    col.string('display_name', 'Name shown in the user interface', (r, c) => o(r, c).displayName),
    col.list('downtimes', `The ids of the scheduled downtimes of this ${noun}`, () => NONE),
    col.list(
      'downtimes_with_extra_info',
      'Downtimes: id, author, comment, origin, entry, start, end, fixed, ...',
      () => NONE,
    ),
    col.list('downtimes_with_info', 'Downtimes: id, author, comment', () => NONE),
    col.string('event_handler', 'Event handler command with arguments', (r, c) =>
      commandCallText(o(r, c).eventHandler),
    ),
    col.bool('event_handler_enabled', 'Whether the event handler is enabled', (r, c) => o(r, c).eventHandlerEnabled),
    col.float('execution_time', 'Seconds the last check took', () => 0),
    col.float('first_notification_delay', 'Interval units before the first notification', (r, c) =>
      inUnits(o(r, c).firstNotificationDelay, c),
    ),
    col.bool('flap_detection_enabled', 'Whether flap detection is enabled', (r, c) => o(r, c).flapDetectionEnabled),
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
    col.bool('is_executing', 'Whether a check is running now', () => false),
    col.bool('is_flapping', `Whether the ${noun} is flapping`, () => false),
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
    col.time('last_notification', 'Time of the last notification', () => 0),
    col.int('last_state', 'State before the last check', (r, c) => access.previousStateId(s(r, c))),
    col.time('last_state_change', 'Time of the last state change, soft or hard', (r, c) =>
      observed(s(r, c), 'lastStateChange'),
    ),
    col.float('latency', 'Seconds the last check started late', () => 0),
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
    col.int('modified_attributes', 'Bitmask of attributes changed at run time', () => 0),
    col.list('modified_attributes_list', 'Names of attributes changed at run time', () => NONE),
    col.time('next_check', 'Estimated time of the next regular check', (r, c) => nextCheck(o(r, c), s(r, c))),
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
    col.bool('notifications_enabled', 'Whether notifications are enabled', (r, c) => o(r, c).notificationsEnabled),
    col.bool('pending_flex_downtime', 'Whether a flexible downtime waits to start', () => false),
    col.float('percent_state_change', 'Percent state change (flap detection)', () => 0),
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
    col.int('scheduled_downtime_depth', 'Number of active downtimes', () => 0),
    col.string('service_period', 'Service period (none)', () => ''),
    col.float('staleness', 'Age of the last result in check intervals (1.5 and more is stale)', (r, c) => {
      const state = s(r, c);
      const interval = o(r, c).checkInterval;
      if (state.kind === 'pending' || interval <= 0) return 0;
      return (c.now - state.lastCheck) / 1000 / interval;
    }),
    col.int('state', `The current state of the ${noun}`, (r, c) => access.stateId(s(r, c))),
    col.int('state_type', 'Type of the current state (0: soft, 1: hard)', (r, c) => stateTypeId(s(r, c))),
  ];
}
