import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  isLeapYear,
  lastDayOfMonth,
  nthDayOfMonth,
  nthWeekdayOfMonth,
  weekdayOf,
} from './time-period-calendar.js';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

test('daysFromCivil() counts days from 1970-01-01 and civilFromDays() inverts it', () => {
  const cases: [number, number, number, number][] = [
    [1970, 1, 1, 0],
    [1969, 12, 31, -1],
    [2000, 3, 1, 11_017],
    [2026, 1, 1, 20_454],
    [2028, 2, 29, 21_243],
  ];
  for (const [y, m, d, n] of cases) {
    assert.equal(daysFromCivil(y, m, d), n, `${y}-${m}-${d}`);
    assert.deepEqual(civilFromDays(n), { year: y, month: m, day: d });
  }
});

test('daysFromCivil() and weekdayOf() agree with Date for any day from 1600 to 2400', () => {
  fc.assert(
    fc.property(fc.integer({ min: -135_000, max: 157_000 }), (n) => {
      const date = new Date(n * 86_400_000);
      const civil = civilFromDays(n);
      assert.deepEqual(civil, { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
      assert.equal(daysFromCivil(civil.year, civil.month, civil.day), n);
      assert.equal(weekdayOf(n), date.getUTCDay());
    }),
  );
});

test('isLeapYear() and daysInMonth() follow the Gregorian rules', () => {
  const cases: [number, boolean][] = [
    [1900, false],
    [2000, true],
    [2026, false],
    [2028, true],
    [2100, false],
  ];
  for (const [year, leap] of cases) {
    assert.equal(isLeapYear(year), leap, String(year));
    assert.equal(daysInMonth(year, 2), leap ? 29 : 28, String(year));
  }
  assert.equal(daysInMonth(2026, 4), 30);
  assert.equal(daysInMonth(2026, 12), 31);
});

test('nthDayOfMonth() counts from the start or, when negative, from the end', () => {
  const cases: [number, number, number, string | null][] = [
    [2026, 3, 2, '2026-03-02'],
    [2026, 2, -1, '2026-02-28'],
    [2028, 2, -1, '2028-02-29'],
    [2026, 4, -1, '2026-04-30'],
    [2026, 4, -30, '2026-04-01'],
    [2026, 4, 31, null],
    [2026, 2, 29, null],
    [2026, 4, -31, null],
    [2026, 4, 0, null],
  ];
  for (const [y, m, nth, expected] of cases) {
    assert.equal(nthDayOfMonth(y, m, nth), expected === null ? null : day(expected), `${y}-${m} day ${nth}`);
  }
  assert.equal(lastDayOfMonth(2028, 2), day('2028-02-29'));
});

test('nthWeekdayOfMonth() finds the nth weekday, counting from the end when negative', () => {
  const cases: [string, number, number, number, number, string | null][] = [
    ['third Monday of January 2026', 2026, 1, 1, 3, '2026-01-19'],
    ['second to last Friday of January 2026', 2026, 1, 5, -2, '2026-01-23'],
    ['last Thursday of November 2026 (Thanksgiving)', 2026, 11, 4, -1, '2026-11-26'],
    ['last Thursday of November 2027', 2027, 11, 4, -1, '2027-11-25'],
    ['first Thursday of January 2026 (the 1st itself)', 2026, 1, 4, 1, '2026-01-01'],
    ['fifth Friday of January 2026', 2026, 1, 5, 5, '2026-01-30'],
    ['fifth Monday of January 2026 does not exist', 2026, 1, 1, 5, null],
    ['fifth-to-last Monday of January 2026 does not exist', 2026, 1, 1, -5, null],
    ['last Tuesday of February 2028 is the leap day', 2028, 2, 2, -1, '2028-02-29'],
  ];
  for (const [name, y, m, weekday, nth, expected] of cases) {
    assert.equal(nthWeekdayOfMonth(y, m, weekday, nth), expected === null ? null : day(expected), name);
  }
});
