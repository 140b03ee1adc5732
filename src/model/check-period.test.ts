import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTimeInPeriod, inPeriod, type PeriodContext } from './check-period.js';
import { ALWAYS, parseTimePeriodRules, type TimePeriodRules } from './time-period.js';

const lines = (text: string): { key: string; value: string; line: number }[] =>
  text.split('\n').map((l, i) => {
    const [key = '', value = ''] = l.split('=');
    return { key, value, line: i + 1 };
  });

const periods = new Map<string, TimePeriodRules>([
  ['24X7', ALWAYS],
  // The seed's example: one minute a day, 02:00-02:01.
  [
    'nightly',
    parseTimePeriodRules(
      lines(
        ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
          .map((d) => `${d}=02:00-02:01`)
          .join('\n'),
      ),
      [],
    ).rules,
  ],
  ['never', { weekdays: [[], [], [], [], [], [], []], exceptions: [], excludes: [] }],
]);
const context: PeriodContext = { lookup: (name) => periods.get(name), timeZone: 'Europe/Berlin' };

// 2024-01-15 (a Monday) 10:00 in Berlin (UTC+1).
const MONDAY_10 = Date.UTC(2024, 0, 15, 9, 0);
const TUESDAY_02 = Date.UTC(2024, 0, 16, 1, 0);

test('checkTimeInPeriod(): a due time inside the period stays, outside it moves to the next start', () => {
  const rows = [
    { name: 'always', period: '24X7', due: MONDAY_10, expected: MONDAY_10 },
    { name: 'outside: the next 02:00 Berlin time', period: 'nightly', due: MONDAY_10, expected: TUESDAY_02 },
    { name: 'inside the one minute', period: 'nightly', due: TUESDAY_02 + 30_000, expected: TUESDAY_02 + 30_000 },
    { name: 'a period that never starts', period: 'never', due: MONDAY_10, expected: null },
    { name: 'an unknown period counts as always', period: 'nosuch', due: MONDAY_10, expected: MONDAY_10 },
  ];
  for (const row of rows) assert.equal(checkTimeInPeriod(row.period, row.due, context), row.expected, row.name);
});

test('inPeriod() reads the period in the site’s zone', () => {
  assert.equal(inPeriod('nightly', TUESDAY_02, context), true);
  assert.equal(inPeriod('nightly', TUESDAY_02, { ...context, timeZone: 'UTC' }), false);
});
