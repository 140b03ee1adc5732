import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTimePeriodRules, type DateException, type TimePeriodRuleLine } from './time-period.js';

/** Rule lines split like a Nagios reader does: key up to the first blank, the rest as value. */
function lines(...texts: string[]): TimePeriodRuleLine[] {
  return texts.map((text, index) => {
    const blank = text.indexOf(' ');
    return blank < 0
      ? { key: text, value: '', line: index + 1 }
      : { key: text.slice(0, blank), value: text.slice(blank + 1), line: index + 1 };
  });
}

/** The one exception a single valid line makes, without its ranges and line. */
function exceptionOf(text: string): Omit<DateException, 'ranges' | 'line'> {
  const { rules, errors } = parseTimePeriodRules(lines(text), []);
  assert.deepEqual(errors, [], text);
  const [exception] = rules.exceptions;
  assert.ok(exception !== undefined, text);
  return withoutTimes(exception);
}

/** An exception's days alone, to compare with what a key should mean. */
function withoutTimes(exception: DateException): Omit<DateException, 'ranges' | 'line'> {
  const days: Record<string, unknown> = { ...exception };
  delete days['ranges'];
  delete days['line'];
  return days as Omit<DateException, 'ranges' | 'line'>;
}

const ALL_DAY = '00:00-24:00';

test('parseTimePeriodRules() reads every Nagios 4 date form', () => {
  const cases: [string, Omit<DateException, 'ranges' | 'line'>][] = [
    [
      '2026-12-24',
      {
        kind: 'calendar-date',
        start: { year: 2026, month: 12, day: 24 },
        end: { year: 2026, month: 12, day: 24 },
        skip: 1,
      },
    ],
    [
      '2007-01-01 - 2008-02-01',
      {
        kind: 'calendar-date',
        start: { year: 2007, month: 1, day: 1 },
        end: { year: 2008, month: 2, day: 1 },
        skip: 1,
      },
    ],
    [
      '2007-01-01 - 2008-02-01 / 3',
      {
        kind: 'calendar-date',
        start: { year: 2007, month: 1, day: 1 },
        end: { year: 2008, month: 2, day: 1 },
        skip: 3,
      },
    ],
    ['2008-04-01 / 7', { kind: 'calendar-date', start: { year: 2008, month: 4, day: 1 }, end: null, skip: 7 }],
    ['december 25', { kind: 'month-date', start: { month: 12, day: 25 }, end: { month: 12, day: 25 }, skip: 1 }],
    ['february -1', { kind: 'month-date', start: { month: 2, day: -1 }, end: { month: 2, day: -1 }, skip: 1 }],
    ['july 10 - 15', { kind: 'month-date', start: { month: 7, day: 10 }, end: { month: 7, day: 15 }, skip: 1 }],
    ['april 10 - may 15', { kind: 'month-date', start: { month: 4, day: 10 }, end: { month: 5, day: 15 }, skip: 1 }],
    [
      'february 1 - march 15 / 3',
      { kind: 'month-date', start: { month: 2, day: 1 }, end: { month: 3, day: 15 }, skip: 3 },
    ],
    ['day 2', { kind: 'month-day', start: 2, end: 2, skip: 1 }],
    ['day -1', { kind: 'month-day', start: -1, end: -1, skip: 1 }],
    ['day 1 - 15', { kind: 'month-day', start: 1, end: 15, skip: 1 }],
    ['day 20 - -1', { kind: 'month-day', start: 20, end: -1, skip: 1 }],
    ['day 1 - day 5', { kind: 'month-day', start: 1, end: 5, skip: 1 }],
    ['day 1 - 15 / 2', { kind: 'month-day', start: 1, end: 15, skip: 2 }],
    ['monday 3', { kind: 'weekday-of-month', start: { weekday: 1, nth: 3 }, end: { weekday: 1, nth: 3 }, skip: 1 }],
    ['friday -2', { kind: 'weekday-of-month', start: { weekday: 5, nth: -2 }, end: { weekday: 5, nth: -2 }, skip: 1 }],
    [
      'monday 3 - thursday 4',
      { kind: 'weekday-of-month', start: { weekday: 1, nth: 3 }, end: { weekday: 4, nth: 4 }, skip: 1 },
    ],
    [
      'thursday 2 - 4',
      { kind: 'weekday-of-month', start: { weekday: 4, nth: 2 }, end: { weekday: 4, nth: 4 }, skip: 1 },
    ],
    [
      'monday 2 - thursday 3 / 2',
      { kind: 'weekday-of-month', start: { weekday: 1, nth: 2 }, end: { weekday: 4, nth: 3 }, skip: 2 },
    ],
    [
      'thursday -1 november',
      {
        kind: 'month-weekday',
        start: { weekday: 4, nth: -1, month: 11 },
        end: { weekday: 4, nth: -1, month: 11 },
        skip: 1,
      },
    ],
    [
      'tuesday 1 april - friday 2 may',
      {
        kind: 'month-weekday',
        start: { weekday: 2, nth: 1, month: 4 },
        end: { weekday: 5, nth: 2, month: 5 },
        skip: 1,
      },
    ],
    [
      'wednesday 1 january - thursday 2 july / 3',
      {
        kind: 'month-weekday',
        start: { weekday: 3, nth: 1, month: 1 },
        end: { weekday: 4, nth: 2, month: 7 },
        skip: 3,
      },
    ],
  ];
  for (const [key, expected] of cases) assert.deepEqual(exceptionOf(`${key} ${ALL_DAY}`), expected, key);
});

test('parseTimePeriodRules() reads a key however it was split from its value and spaced', () => {
  const expected = exceptionOf(`2007-01-01 - 2008-02-01 / 3 ${ALL_DAY}`);
  const variants: TimePeriodRuleLine[] = [
    { key: '2007-01-01 - 2008-02-01 / 3', value: ALL_DAY, line: 1 },
    { key: '2007-01-01', value: `-   2008-02-01   /3   ${ALL_DAY}`, line: 1 },
    { key: '2007-01-01-2008-02-01/3', value: ALL_DAY, line: 1 },
  ];
  for (const variant of variants) {
    const { rules, errors } = parseTimePeriodRules([variant], []);
    assert.deepEqual(errors, [], variant.key);
    const [exception] = rules.exceptions;
    assert.ok(exception !== undefined);
    assert.deepEqual(withoutTimes(exception), expected);
  }
  assert.deepEqual(exceptionOf(`day 20--1 ${ALL_DAY}`), exceptionOf(`day 20 - -1 ${ALL_DAY}`));
  assert.deepEqual(exceptionOf(`Thursday -1 November ${ALL_DAY}`), exceptionOf(`thursday -1 november ${ALL_DAY}`));
});

test('parseTimePeriodRules() reads weekday ranges, merging overlaps and dropping 00:00-00:00', () => {
  const cases: [string, { start: number; end: number }[]][] = [
    ['monday 09:00-17:00', [{ start: 540, end: 1020 }]],
    [
      'monday 00:00-09:00,17:00-24:00',
      [
        { start: 0, end: 540 },
        { start: 1020, end: 1440 },
      ],
    ],
    [
      'monday 9:00 - 12:00 , 13:00-17:00',
      [
        { start: 540, end: 720 },
        { start: 780, end: 1020 },
      ],
    ],
    ['monday 13:00-17:00,09:00-13:00', [{ start: 540, end: 1020 }]],
    ['monday 09:00-12:00,10:00-11:00', [{ start: 540, end: 720 }]],
    ['monday 00:00-00:00', []],
    ['monday 00:00-24:00', [{ start: 0, end: 1440 }]],
  ];
  for (const [text, expected] of cases) {
    const { rules, errors } = parseTimePeriodRules(lines(text), []);
    assert.deepEqual(errors, [], text);
    assert.deepEqual(rules.weekdays[1], expected, text);
  }
});

test('parseTimePeriodRules() orders exceptions by Nagios precedence, then by line', () => {
  const { rules } = parseTimePeriodRules(
    lines(
      `monday 3 ${ALL_DAY}`,
      `thursday -1 november ${ALL_DAY}`,
      `day 2 ${ALL_DAY}`,
      `december 25 ${ALL_DAY}`,
      `2026-12-24 ${ALL_DAY}`,
      `day 1 ${ALL_DAY}`,
    ),
    [],
  );
  assert.deepEqual(
    rules.exceptions.map((e) => [e.kind, e.line]),
    [
      ['calendar-date', 5],
      ['month-date', 4],
      ['month-day', 3],
      ['month-day', 6],
      ['month-weekday', 2],
      ['weekday-of-month', 1],
    ],
  );
});

test('parseTimePeriodRules() reports each malformed line at its line and keeps the valid ones', () => {
  const cases: [string, RegExp][] = [
    ['monday 25:00-26:00', /hour 25 is out of range/],
    ['monday 09:60-10:00', /minute 60 is out of range/],
    ['monday 24:30-24:45', /past the end of the day/],
    ['monday 17:00-09:00', /ends before it starts.*17:00-24:00.*00:00-09:00/],
    ['monday 10:00-10:00', /is empty; write 00:00-00:00/],
    ['monday 9-17', /has no time ranges/],
    ['monday 09:00-17', /'09:00-17' is not a time range HH:MM-HH:MM/],
    ['monday 09:00to17:00', /is not a time range/],
    ['monday', /has no time ranges/],
    ['09:00-17:00', /names no day/],
    ['jully 4 00:00-24:00', /'jully' is not a weekday, a month or 'day' \(did you mean 'july'\?\)/],
    ['mondey 09:00-17:00', /did you mean 'monday'/],
    ['holidays 00:00-24:00', /'holidays' is not a weekday, a month or 'day'/],
    ['july 4 - jly 6 00:00-24:00', /'jly' is not a month \(did you mean 'july'\?\)/],
    ['february 30 00:00-24:00', /february has days 1 to 29/],
    ['april -31 00:00-24:00', /april has days 1 to 30/],
    ['day 0 00:00-24:00', /a month has days 1 to 31/],
    ['day 32 00:00-24:00', /a month has days 1 to 31/],
    ['monday 6 00:00-24:00', /at most 5 mondays/],
    ['monday 0 00:00-24:00', /at most 5 mondays/],
    ['day 1 - 15 / 0 00:00-24:00', /skip interval after '\/' must be 1 or more/],
    ['2026-13-01 00:00-24:00', /month 13 does not exist/],
    ['2026-02-29 00:00-24:00', /february 2026 has no day 29/],
    ['2008-02-01 - 2007-01-01 00:00-24:00', /ends before it starts/],
    ['2026-12-24 - december 31 00:00-24:00', /expected a date like 2026-12-24, found 'december'/],
    ['monday 3 foo 00:00-24:00', /'foo' is not a month/],
    ['monday 3 - 00:00-24:00', /expected which monday the range ends on, found the end/],
    ['day 1 15 00:00-24:00', /expected the time ranges, found '15'/],
    ['!!! 00:00-24:00', /unexpected character '!'/],
    ['€uro 00:00-24:00', /unexpected character '€'/],
    ['12345 00:00-24:00', /expected a weekday, a month, 'day' or a date/],
  ];
  for (const [text, message] of cases) {
    const { rules, errors } = parseTimePeriodRules(lines('tuesday 08:00-09:00', text, 'wednesday 10:00-11:00'), []);
    assert.equal(errors.length, 1, text);
    assert.equal(errors[0]?.line, 2, text);
    assert.match(errors[0]?.message ?? '', message, text);
    assert.deepEqual(rules.weekdays[2], [{ start: 480, end: 540 }], text);
    assert.deepEqual(rules.weekdays[3], [{ start: 600, end: 660 }], text);
  }
});

test('parseTimePeriodRules() refuses huge input quickly with a short message', () => {
  const huge = 'x'.repeat(1_000_000);
  const manyRanges = Array.from({ length: 300 }, () => '01:00-02:00').join(',');
  const cases: [TimePeriodRuleLine, RegExp][] = [
    [{ key: 'monday', value: huge, line: 7 }, /more than 4096/],
    [{ key: huge, value: '00:00-24:00', line: 7 }, /more than 4096/],
    [{ key: 'monday', value: manyRanges, line: 7 }, /300 time ranges, more than 288/],
    [{ key: 'day', value: '99999999999999999999999 00:00-24:00', line: 7 }, /a month has days 1 to 31/],
  ];
  for (const [line, message] of cases) {
    const started = performance.now();
    const { errors } = parseTimePeriodRules([line], []);
    assert.ok(performance.now() - started < 5000, 'parses without hanging');
    assert.equal(errors[0]?.line, 7);
    assert.match(errors[0]?.message ?? '', message);
    assert.ok((errors[0]?.message.length ?? 0) < 300, 'message stays short');
  }
  const tenThousand = Array.from({ length: 10_000 }, (_, i) => ({
    key: 'day',
    value: `${(i % 31) + 1} 00:00-01:00`,
    line: i + 1,
  }));
  assert.equal(parseTimePeriodRules(tenThousand, []).rules.exceptions.length, 10_000);
});

test('parseTimePeriodRules() never throws and reports errors only at given lines', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc
      .array(fc.constantFrom('monday', 'day', 'july', '2026-02-28', '-', '/', '3', '-1', '24:00', '09:00-17:00', ','), {
        maxLength: 8,
      })
      .map((words) => words.join(' ')),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(text, text), { maxLength: 5 }), (pairs) => {
      const input = pairs.map(([key, value], i) => ({ key, value, line: 10 + i }));
      const { errors, rules } = parseTimePeriodRules(input, []);
      for (const error of errors) assert.ok(error.line >= 10 && error.line < 10 + pairs.length);
      assert.equal(rules.weekdays.length, 7);
    }),
  );
});

test('parseTimePeriodRules() warns about rules that a repeated key makes useless', () => {
  const { rules, errors, warnings } = parseTimePeriodRules(
    lines('monday 09:00-12:00', 'monday 13:00-17:00', `december 25 ${ALL_DAY}`, 'december 25 10:00-11:00'),
    [],
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(rules.weekdays[1], [{ start: 780, end: 1020 }]);
  assert.deepEqual(
    warnings.map((w) => w.line),
    [2, 4],
  );
  assert.match(warnings[0]?.message ?? '', /monday is already given on line 1; this line replaces it/);
  assert.match(warnings[1]?.message ?? '', /'december 25' is already given on line 3, which wins/);
});

test('parseTimePeriodRules() keeps exclusions trimmed, without blanks and duplicates', () => {
  const { rules } = parseTimePeriodRules([], [' holidays', 'us-holidays ', '', 'holidays']);
  assert.deepEqual(rules.excludes, ['holidays', 'us-holidays']);
  assert.deepEqual(rules.exceptions, []);
  assert.deepEqual(rules.weekdays, [[], [], [], [], [], [], []]);
});
