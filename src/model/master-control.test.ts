import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  effectiveSwitches,
  modifiedAttributeNames,
  modifiedAttributes,
  setSwitch,
  type SwitchOverrides,
  type SwitchValues,
} from './master-control.js';

const CONFIGURED: SwitchValues = {
  activeChecks: true,
  passiveChecks: true,
  notifications: true,
  flapDetection: false,
  eventHandlers: true,
};

test('setSwitch() overrides the configured value and marks the attribute modified, as Nagios does', () => {
  const rows: readonly {
    name: string;
    from: SwitchOverrides;
    set: [keyof SwitchValues, boolean];
    changed: boolean;
    overrides: SwitchOverrides;
    bits: number;
  }[] = [
    {
      name: 'disabling notifications',
      from: {},
      set: ['notifications', false],
      changed: true,
      overrides: { notifications: false },
      bits: 1,
    },
    {
      name: 'enabling what is enabled changes nothing',
      from: {},
      set: ['activeChecks', true],
      changed: false,
      overrides: {},
      bits: 0,
    },
    {
      name: 'enabling flap detection',
      from: {},
      set: ['flapDetection', true],
      changed: true,
      overrides: { flapDetection: true },
      bits: 16,
    },
    {
      name: 'set back to the configured value, it stays modified',
      from: { notifications: false },
      set: ['notifications', true],
      changed: true,
      overrides: { notifications: true },
      bits: 1,
    },
    {
      name: 'several switches',
      from: { activeChecks: false, passiveChecks: false },
      set: ['eventHandlers', false],
      changed: true,
      overrides: { activeChecks: false, passiveChecks: false, eventHandlers: false },
      bits: 2 + 4 + 8,
    },
  ];
  for (const row of rows) {
    const result = setSwitch(CONFIGURED, row.from, row.set[0], row.set[1]);
    assert.equal(result.changed, row.changed, row.name);
    assert.deepEqual(result.overrides, row.overrides, row.name);
    assert.equal(modifiedAttributes(result.overrides), row.bits, row.name);
    assert.equal(effectiveSwitches(CONFIGURED, result.overrides)[row.set[0]], row.set[1], row.name);
  }
});

test('modifiedAttributeNames() lists Livestatus’ names in bit order', () => {
  assert.deepEqual(modifiedAttributeNames({ flapDetection: true, notifications: false, activeChecks: false }), [
    'notifications_enabled',
    'active_checks_enabled',
    'flap_detection_enabled',
  ]);
  assert.deepEqual(modifiedAttributeNames({}), []);
});
