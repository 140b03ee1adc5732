/**
 * Tables that show configuration with little state: `contacts`, `commands`, `timeperiods`. Every
 * client sees all of their rows, as in Checkmk.
 */
import type { Command, Contact, TimePeriod } from '../../model/objects.js';
import { col, type Column } from '../column.js';
import type { RowContext } from '../row-context.js';
import { defineTable, type RowSelection } from '../table.js';

const NONE: readonly never[] = Object.freeze([]);

/** The values of `map` by key order, or only the named ones when the filter names them. */
function byName<T>(map: ReadonlyMap<string, T>, selection: RowSelection): T[] {
  const names = selection.valuesOf('name');
  const keys = names === null ? [...map.keys()] : [...names].filter((n) => map.has(n));
  return keys.sort().flatMap((k) => map.get(k) ?? []);
}

const address = (n: number): Column<Contact> =>
  col.string(`address${n}`, `Address ${n}`, (c) => c.addresses[n - 1] ?? '');

/** `contacts`: one row per contact, by name. */
export const CONTACTS_TABLE = defineTable<Contact>({
  name: 'contacts',
  prefix: 'contact_',
  columns: [
    ...[1, 2, 3, 4, 5, 6].map(address),
    col.string('alias', 'Full name of the contact', (c) => c.alias),
    col.bool('can_submit_commands', 'Whether the contact may submit commands', (c) => c.canSubmitCommands),
    col.list('custom_variable_names', 'The names of the custom variables', (c) => Object.keys(c.customAttributes)),
    col.list('custom_variable_values', 'The values of the custom variables', (c) => Object.values(c.customAttributes)),
    col.dict('custom_variables', 'Custom variables: name to value', (c) => new Map(Object.entries(c.customAttributes))),
    col.string('email', 'E-mail address', (c) => c.email),
    col.list('groups', 'Contact groups the contact is a member of', (c, ctx: RowContext) =>
      ctx.index.groupsOfContact(c),
    ),
    col.string('host_notification_period', 'Time period for host notifications', (c) => c.hostNotificationPeriod),
    col.bool('host_notifications_enabled', 'Whether host notifications are enabled', (c) => c.hostNotificationsEnabled),
    col.bool('in_host_notification_period', 'Whether the host notification period is active now', (c, ctx) =>
      ctx.inPeriod(c.hostNotificationPeriod),
    ),
    col.bool('in_service_notification_period', 'Whether the service notification period is active now', (c, ctx) =>
      ctx.inPeriod(c.serviceNotificationPeriod),
    ),
    col.int('modified_attributes', 'Bitmask of attributes changed at run time', () => 0),
    col.list('modified_attributes_list', 'Names of attributes changed at run time', () => NONE),
    col.string('name', 'Name of the contact', (c) => c.name),
    col.string('pager', 'Pager number', (c) => c.pager),
    col.string(
      'service_notification_period',
      'Time period for service notifications',
      (c) => c.serviceNotificationPeriod,
    ),
    col.bool(
      'service_notifications_enabled',
      'Whether service notifications are enabled',
      (c) => c.serviceNotificationsEnabled,
    ),
  ],
  rows: (ctx, selection) => byName(ctx.configuration.contacts, selection),
  find: (key, ctx) => ctx.configuration.contacts.get(key),
});

/** `commands`: one row per command, by name. */
export const COMMANDS_TABLE = defineTable<Command>({
  name: 'commands',
  prefix: 'command_',
  columns: [
    col.string('line', 'Command line with macros', (c) => c.line),
    col.string('name', 'Name of the command', (c) => c.name),
  ],
  rows: (ctx, selection) => byName(ctx.configuration.commands, selection),
});

/** `timeperiods`: one row per time period, by name, with whether it is active now. */
export const TIMEPERIODS_TABLE = defineTable<TimePeriod>({
  name: 'timeperiods',
  prefix: 'timeperiod_',
  columns: [
    col.string('alias', 'Alias of the time period', (t) => t.alias),
    col.bool('in', 'Whether the time period is active now', (t, ctx) => ctx.inPeriod(t.name)),
    col.string('name', 'Name of the time period', (t) => t.name),
  ],
  rows: (ctx, selection) => byName(ctx.configuration.timePeriods, selection),
});
