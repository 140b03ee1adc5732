import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitTimePeriodRule } from './time-period-rule.js';

test('splitTimePeriodRule() splits where the trailing time ranges begin', () => {
  const cases: [string, string, string][] = [
    ['monday 00:00-09:00,17:00-24:00', 'monday', '00:00-09:00,17:00-24:00'],
    ['sunday  9:00-17:00', 'sunday', '9:00-17:00'],
    ['1999-01-28 00:00-24:00', '1999-01-28', '00:00-24:00'],
    ['monday 3 00:00-24:00', 'monday 3', '00:00-24:00'],
    ['day 2 00:00-24:00', 'day 2', '00:00-24:00'],
    ['february -1 00:00-24:00', 'february -1', '00:00-24:00'],
    ['thursday -1 november   00:00-24:00', 'thursday -1 november', '00:00-24:00'],
    ['2007-01-01 - 2008-02-01  00:00-24:00', '2007-01-01 - 2008-02-01', '00:00-24:00'],
    ['monday 3 - thursday 4   00:00-24:00', 'monday 3 - thursday 4', '00:00-24:00'],
    ['day 1 - 15 / 2  00:00-24:00', 'day 1 - 15 / 2', '00:00-24:00'],
    ['day 20 - -1 00:00-24:00', 'day 20 - -1', '00:00-24:00'],
    ['tuesday 1 april - friday 2 may 00:00-24:00', 'tuesday 1 april - friday 2 may', '00:00-24:00'],
    ['2007-01-01 - 2008-02-01 / 3  00:00-24:00', '2007-01-01 - 2008-02-01 / 3', '00:00-24:00'],
    ['2008-04-01 / 7 00:00-24:00', '2008-04-01 / 7', '00:00-24:00'],
    ['december 25\t\t00:00-00:00', 'december 25', '00:00-00:00'],
    ['monday 09:00-12:00, 13:00-17:00', 'monday', '09:00-12:00,13:00-17:00'],
    ['monday 09:00-12:00 ,13:00-17:00', 'monday', '09:00-12:00,13:00-17:00'],
  ];
  for (const [text, key, ranges] of cases) {
    assert.deepEqual(splitTimePeriodRule(text), { ok: true, key, ranges }, text);
  }
});

test('splitTimePeriodRule() says what is wrong with a rule it cannot split', () => {
  const cases: [string, RegExp][] = [
    ['monday', /has no time ranges such as 09:00-17:00/],
    ['monday 9-17', /has no time ranges/],
    ['00:00-24:00', /has no day before its time ranges/],
    ['monday 09:00-12:00 13:00-17:00', /must be separated by single commas/],
    ['monday 09:00-12:00,,13:00-17:00', /has no time ranges/],
  ];
  for (const [text, message] of cases) {
    const split = splitTimePeriodRule(text);
    assert.equal(split.ok, false, text);
    if (!split.ok) assert.match(split.error, message, text);
  }
});
