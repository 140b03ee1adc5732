/**
 * Master control: the switches that turn parts of monitoring on and off at run time, globally
 * and per host or service (active checks, passive checks, notifications, flap detection, event
 * handlers). A switch changed at run time is a "modified attribute" in Nagios' sense: it
 * overrides the configured value until changed again, and survives restarts and reloads.
 */
import type { Checkable } from './objects.js';

/** One master control switch. */
export type MasterSwitch = 'activeChecks' | 'passiveChecks' | 'notifications' | 'flapDetection' | 'eventHandlers';

/** Every switch, in Nagios' modified-attribute bit order. */
export const MASTER_SWITCHES: readonly MasterSwitch[] = [
  'notifications',
  'activeChecks',
  'passiveChecks',
  'eventHandlers',
  'flapDetection',
];

/** The value of every switch. */
export type SwitchValues = Readonly<Record<MasterSwitch, boolean>>;

/**
 * The switches changed at run time, with their new values; a switch not present keeps its
 * configured value. Plain data, so that it serialises as it is.
 */
export type SwitchOverrides = Readonly<Partial<Record<MasterSwitch, boolean>>>;

/** Nagios' MODATTR_* bits, which Livestatus shows as `modified_attributes`. */
export const MODIFIED_ATTRIBUTE_BITS: Readonly<Record<MasterSwitch, number>> = {
  notifications: 1,
  activeChecks: 2,
  passiveChecks: 4,
  eventHandlers: 8,
  flapDetection: 16,
};

/** The names Livestatus lists in `modified_attributes_list`. */
export const MODIFIED_ATTRIBUTE_NAMES: Readonly<Record<MasterSwitch, string>> = {
  notifications: 'notifications_enabled',
  activeChecks: 'active_checks_enabled',
  passiveChecks: 'passive_checks_enabled',
  eventHandlers: 'event_handler_enabled',
  flapDetection: 'flap_detection_enabled',
};

/** The configured switches of a host or service. */
export function configuredSwitches(object: Checkable): SwitchValues {
  return {
    activeChecks: object.activeChecksEnabled,
    passiveChecks: object.passiveChecksEnabled,
    notifications: object.notificationsEnabled,
    flapDetection: object.flapDetectionEnabled,
    eventHandlers: object.eventHandlerEnabled,
  };
}

/** The values in force: the configured ones with the run-time changes applied. */
export function effectiveSwitches(configured: SwitchValues, overrides: SwitchOverrides): SwitchValues {
  return {
    activeChecks: overrides.activeChecks ?? configured.activeChecks,
    passiveChecks: overrides.passiveChecks ?? configured.passiveChecks,
    notifications: overrides.notifications ?? configured.notifications,
    flapDetection: overrides.flapDetection ?? configured.flapDetection,
    eventHandlers: overrides.eventHandlers ?? configured.eventHandlers,
  };
}

/**
 * Sets one switch. As in Nagios, setting a switch to the value it already has changes nothing
 * (and marks nothing modified); once modified, a switch stays modified even when set back.
 */
export function setSwitch(
  configured: SwitchValues,
  overrides: SwitchOverrides,
  name: MasterSwitch,
  enabled: boolean,
): { readonly overrides: SwitchOverrides; readonly changed: boolean } {
  if (effectiveSwitches(configured, overrides)[name] === enabled) return { overrides, changed: false };
  return { overrides: { ...overrides, [name]: enabled }, changed: true };
}

/** Nagios' `modified_attributes` bit mask of the switches changed at run time. */
export function modifiedAttributes(overrides: SwitchOverrides): number {
  let bits = 0;
  for (const name of MASTER_SWITCHES) if (overrides[name] !== undefined) bits |= MODIFIED_ATTRIBUTE_BITS[name];
  return bits;
}

/** The names of the switches changed at run time, in bit order (`modified_attributes_list`). */
export function modifiedAttributeNames(overrides: SwitchOverrides): string[] {
  return MASTER_SWITCHES.filter((name) => overrides[name] !== undefined).map((name) => MODIFIED_ATTRIBUTE_NAMES[name]);
}
