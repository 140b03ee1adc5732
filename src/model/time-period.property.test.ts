/**
 * Time periods against a naive oracle. Random rules are generated as data, written out as Nagios
 * text for the parser, and evaluated by the oracle straight from the data: it reads the local
 * time with a plain Intl formatter, does calendar math with Date, and finds the stretch of days
 * an exception covers by walking back to its latest start day and forward to its end day.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  isInTimePeriod,
  nextTimePeriodChange,
  parseTimePeriodRules,
  type TimePeriodLookup,
  type TimePeriodRules,
} from './time-period.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const ZONES = ['Europe/Berlin', 'America/New_York', 'UTC', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kolkata'];
const DAY = 86_400_000;

// ---- rules as data ---------------------------------------------------------------------------

type Days =
  | { kind: 'weekly'; weekday: number }
  | { kind: 'calendar-date'; start: number; end: number | null; skip: number } // days since 1970
  | { kind: 'month-date'; start: [number, number]; end: [number, number]; skip: number } // [month, day]
  | { kind: 'month-day'; start: number; end: number; skip: number }
  | { kind: 'month-weekday'; start: [number, number, number]; end: [number, number, number]; skip: number } // [weekday, nth, month]
  | { kind: 'weekday-of-month'; start: [number, number]; end: [number, number]; skip: number }; // [weekday, nth]

interface Rule {
  days: Days;
  /** Minutes [start, end); [0, 0] is the empty `00:00-00:00`. */
  ranges: [number, number][];
}

interface PeriodSpec {
  rules: Rule[];
  excludes: string[];
}

const PRECEDENCE = ['calendar-date', 'month-date', 'month-day', 'month-weekday', 'weekday-of-month'];

// Negative days and weekday counts stay in what every month has, where Nagios and the
// "walk to the next end day" reading of an out-of-month end agree.
const monthDay = (month: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: 1, max: month === 2 ? 29 : [4, 6, 9, 11].includes(month) ? 30 : 31 }),
    fc.integer({ min: -28, max: -1 }),
  );
// Days 28 to 31 often, to meet months that lack them.
const dayOfAnyMonth = fc.oneof(
  fc.integer({ min: 1, max: 31 }),
  fc.integer({ min: 28, max: 31 }),
  fc.integer({ min: -28, max: -1 }),
);
const nth = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -4, max: -1 }));
const weekday = fc.integer({ min: 0, max: 6 });
const month = fc.integer({ min: 1, max: 12 });
const skip = fc.oneof(
  { weight: 3, arbitrary: fc.constant(1) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 9 }) },
);
const dayNumber = fc.integer({ min: Date.UTC(2019, 0, 1) / DAY, max: Date.UTC(2033, 0, 1) / DAY });

const days: fc.Arbitrary<Days> = fc.oneof(
  // Sundays often: daylight saving changes happen on Sundays in the zones used.
  { weight: 4, arbitrary: fc.oneof(weekday, fc.constant(0)).map((w): Days => ({ kind: 'weekly', weekday: w })) },
  fc.tuple(dayNumber, fc.option(fc.integer({ min: 0, max: 800 })), skip).map(([start, length, k]): Days => ({
    kind: 'calendar-date',
    start,
    end: length === null ? (k > 1 ? null : start) : start + length,
    skip: k,
  })),
  fc
    .tuple(month, month, fc.boolean(), skip)
    .chain(([m1, m2, sameMonth, k]) =>
      fc
        .tuple(monthDay(m1), monthDay(sameMonth ? m1 : m2))
        .map(([d1, d2]): Days => ({ kind: 'month-date', start: [m1, d1], end: [sameMonth ? m1 : m2, d2], skip: k })),
    ),
  fc
    .tuple(dayOfAnyMonth, dayOfAnyMonth, skip)
    .map(([d1, d2, k]): Days => ({ kind: 'month-day', start: d1, end: d2, skip: k })),
  fc.tuple(weekday, nth, month, weekday, nth, month, skip).map(([w1, n1, m1, w2, n2, m2, k]): Days => ({
    kind: 'month-weekday',
    start: [w1, n1, m1],
    end: [w2, n2, m2],
    skip: k,
  })),
  fc
    .tuple(weekday, nth, weekday, nth, skip)
    .map(([w1, n1, w2, n2, k]): Days => ({ kind: 'weekday-of-month', start: [w1, n1], end: [w2, n2], skip: k })),
);

/** A minute of the day, often one in the hours that daylight saving changes skip or repeat. */
const minute = fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.constantFrom(60, 90, 120, 150, 180));
const range: fc.Arbitrary<[number, number]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<[number, number]>([0, 0]) },
  { weight: 1, arbitrary: fc.constant<[number, number]>([0, 1440]) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(minute, minute)
      .filter(([a, b]) => a !== b)
      .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]),
  },
  { weight: 2, arbitrary: minute.map((start): [number, number] => [start, 1440]) },
);

const rule: fc.Arbitrary<Rule> = fc.record({ days, ranges: fc.array(range, { minLength: 1, maxLength: 3 }) });

const NAMES = ['p0', 'p1', 'p2'];
const periodSpecs: fc.Arbitrary<PeriodSpec[]> = fc.tuple(
  fc.record({ rules: fc.array(rule, { maxLength: 6 }), excludes: fc.subarray(NAMES, { maxLength: 2 }) }),
  fc.record({ rules: fc.array(rule, { maxLength: 4 }), excludes: fc.subarray(NAMES, { maxLength: 2 }) }),
  fc.record({ rules: fc.array(rule, { maxLength: 4 }), excludes: fc.subarray(NAMES, { maxLength: 1 }) }),
);

// ---- rules as Nagios text ----------------------------------------------------------------------

const pad = (n: number): string => String(n).padStart(2, '0');
const hhmm = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const date = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const withSkip = (text: string, k: number): string => (k > 1 ? `${text} / ${k}` : text);

function keyText(d: Days): string {
  switch (d.kind) {
    case 'weekly':
      return WEEKDAYS[d.weekday] ?? '';
    case 'calendar-date':
      if (d.end === null) return `${date(d.start)} / ${d.skip}`;
      // `X - X / 7` is that one day; only `X / 7` runs on forever.
      return withSkip(d.end === d.start && d.skip === 1 ? date(d.start) : `${date(d.start)} - ${date(d.end)}`, d.skip);
    case 'month-date':
      return withSkip(`${MONTHS[d.start[0] - 1]} ${d.start[1]} - ${MONTHS[d.end[0] - 1]} ${d.end[1]}`, d.skip);
    case 'month-day':
      return withSkip(`day ${d.start} - ${d.end}`, d.skip);
    case 'month-weekday':
      return withSkip(
        `${WEEKDAYS[d.start[0]]} ${d.start[1]} ${MONTHS[d.start[2] - 1]} - ${WEEKDAYS[d.end[0]]} ${d.end[1]} ${MONTHS[d.end[2] - 1]}`,
        d.skip,
      );
    case 'weekday-of-month':
      return withSkip(`${WEEKDAYS[d.start[0]]} ${d.start[1]} - ${WEEKDAYS[d.end[0]]} ${d.end[1]}`, d.skip);
  }
}

function parsePeriods(specs: PeriodSpec[]): Map<string, TimePeriodRules> {
  const parsed = new Map<string, TimePeriodRules>();
  specs.forEach((spec, index) => {
    const lines = spec.rules.map((r, i) => ({
      key: keyText(r.days),
      value: r.ranges.map(([s, e]) => `${hhmm(s)}-${hhmm(e)}`).join(','),
      line: i + 1,
    }));
    const { rules, errors } = parseTimePeriodRules(lines, spec.excludes);
    assert.deepEqual(errors, [], JSON.stringify(lines));
    parsed.set(NAMES[index] ?? '', rules);
  });
  return parsed;
}

// ---- the oracle --------------------------------------------------------------------------------

const formats = new Map<string, Intl.DateTimeFormat>();

/** The local date (as days since 1970) and fractional minute of the day, read with Intl. */
function local(zone: string, at: number): { day: number; minute: number } {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(zone, format);
  }
  const part = (parts: Intl.DateTimeFormatPart[], type: string): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const parts = format.formatToParts(new Date(at));
  const day = Date.UTC(part(parts, 'year'), part(parts, 'month') - 1, part(parts, 'day')) / DAY;
  const ms = (at % 1000) + 1000 * (part(parts, 'second') + 60 * (part(parts, 'minute') + 60 * part(parts, 'hour')));
  return { day, minute: ms / 60_000 };
}

interface DateFacts {
  month: number;
  dayOfMonth: number;
  weekday: number;
  length: number;
}

function facts(day: number): DateFacts {
  const d = new Date(day * DAY);
  const length = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return { month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate(), weekday: d.getUTCDay(), length };
}

const isDayOfMonth = (f: DateFacts, n: number): boolean => f.dayOfMonth === (n > 0 ? n : f.length + 1 + n);
const isNthWeekday = (f: DateFacts, w: number, n: number): boolean =>
  f.weekday === w && (n > 0 ? Math.ceil(f.dayOfMonth / 7) === n : Math.floor((f.length - f.dayOfMonth) / 7) === -n - 1);
const weekdayCount = (f: DateFacts, w: number): number => {
  let count = 0;
  for (let d = 1; d <= f.length; d++) if ((f.weekday - f.dayOfMonth + d + 35) % 7 === w) count++;
  return count;
};

function isStartDay(d: Exclude<Days, { kind: 'weekly' | 'calendar-date' }>, f: DateFacts): boolean {
  switch (d.kind) {
    case 'month-date':
      return f.month === d.start[0] && isDayOfMonth(f, d.start[1]);
    case 'month-day':
      return isDayOfMonth(f, d.start);
    case 'month-weekday':
      return f.month === d.start[2] && isNthWeekday(f, d.start[0], d.start[1]);
    case 'weekday-of-month':
      return isNthWeekday(f, d.start[0], d.start[1]);
  }
}

/** An end day, or the month's last day when the month lacks the end counted from its start. */
function isEndDay(d: Exclude<Days, { kind: 'weekly' | 'calendar-date' }>, f: DateFacts): boolean {
  const last = f.dayOfMonth === f.length;
  switch (d.kind) {
    case 'month-date':
      return f.month === d.end[0] && (isDayOfMonth(f, d.end[1]) || (last && d.end[1] > f.length));
    case 'month-day':
      return isDayOfMonth(f, d.end) || (last && d.end > f.length);
    case 'month-weekday':
      return (
        f.month === d.end[2] && (isNthWeekday(f, d.end[0], d.end[1]) || (last && d.end[1] > weekdayCount(f, d.end[0])))
      );
    case 'weekday-of-month':
      return isNthWeekday(f, d.end[0], d.end[1]) || (last && d.end[1] > weekdayCount(f, d.end[0]));
  }
}

function covers(d: Exclude<Days, { kind: 'weekly' }>, day: number): boolean {
  if (d.kind === 'calendar-date')
    return day >= d.start && (d.end === null || day <= d.end) && (day - d.start) % d.skip === 0;
  for (let start = day; start > day - 400; start--) {
    if (!isStartDay(d, facts(start))) continue;
    for (let end = start; end < start + 400; end++) {
      if (isEndDay(d, facts(end))) return day <= end && (day - start) % d.skip === 0;
    }
    return false;
  }
  return false;
}

/** An oracle over the period specs, memoizing each period's ranges per local day. */
function oracle(specs: PeriodSpec[], zone: string): (at: number) => boolean {
  const memo = new Map<string, [number, number][]>();
  const rangesOf = (index: number, day: number): [number, number][] => {
    const key = `${index}:${day}`;
    let ranges = memo.get(key);
    if (ranges === undefined) {
      const rules = specs[index]?.rules ?? [];
      const exceptions = rules
        .filter((r) => r.days.kind !== 'weekly')
        .sort((a, b) => PRECEDENCE.indexOf(a.days.kind) - PRECEDENCE.indexOf(b.days.kind));
      const exception = exceptions.find((r) => r.days.kind !== 'weekly' && covers(r.days, day));
      const weekly = rules.filter((r) => r.days.kind === 'weekly' && r.days.weekday === facts(day).weekday).pop();
      ranges = (exception ?? weekly)?.ranges ?? [];
      memo.set(key, ranges);
    }
    return ranges;
  };
  const own = (index: number, day: number, minute: number): boolean =>
    rangesOf(index, day).some(([s, e]) => minute >= s && minute < e);
  const inside = (index: number, day: number, minute: number, path: number[]): boolean => {
    if (!own(index, day, minute)) return false;
    const next = [...path, index];
    for (const name of specs[index]?.excludes ?? []) {
      const excluded = NAMES.indexOf(name);
      const hit = next.includes(excluded) ? own(excluded, day, minute) : inside(excluded, day, minute, next);
      if (hit) return false;
    }
    return true;
  };
  return (at) => {
    const { day, minute } = local(zone, at);
    return inside(0, day, minute, []);
  };
}

// ---- properties --------------------------------------------------------------------------------

/** The 2026 daylight saving changes of the zones used, where wall-clock rules are hardest. */
const CHANGES: Record<string, string[]> = {
  'Europe/Berlin': ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
  'America/New_York': ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'],
  'America/St_Johns': ['2026-03-08T05:30:00Z', '2026-11-01T04:30:00Z'],
  'Australia/Lord_Howe': ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z'],
};

/** Instants anywhere in 2019–2033, and often within a day and a half of a change in `zone`. */
function instantIn(zone: string): fc.Arbitrary<number> {
  const anywhere = fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2033, 0, 1) });
  const changes = CHANGES[zone] ?? [];
  if (changes.length === 0) return anywhere;
  const nearChange = fc
    .tuple(fc.constantFrom(...changes), fc.integer({ min: -1.5 * DAY, max: 1.5 * DAY }))
    .map(([change, offset]) => Date.parse(change) + offset);
  return fc.oneof({ weight: 1, arbitrary: anywhere }, { weight: 2, arbitrary: nearChange });
}

const zoneAndInstant = fc.constantFrom(...ZONES).chain((zone) => fc.tuple(fc.constant(zone), instantIn(zone)));
const zoneAndInstants = fc
  .constantFrom(...ZONES)
  .chain((zone) => fc.tuple(fc.constant(zone), fc.array(instantIn(zone), { minLength: 1, maxLength: 20 })));

const iso = (at: number): string => new Date(at).toISOString();

function setup(specs: PeriodSpec[]): { root: TimePeriodRules; lookup: TimePeriodLookup } {
  const parsed = parsePeriods(specs);
  const root = parsed.get('p0');
  assert.ok(root !== undefined);
  return { root, lookup: (name) => parsed.get(name) };
}

test('isInTimePeriod() agrees with the oracle', () => {
  fc.assert(
    fc.property(periodSpecs, zoneAndInstants, (specs, [zone, instants]) => {
      const { root, lookup } = setup(specs);
      const expected = oracle(specs, zone);
      for (const at of instants) {
        assert.equal(isInTimePeriod(root, at, lookup, zone), expected(at), `${zone} ${new Date(at).toISOString()}`);
      }
    }),
    { numRuns: 400 },
  );
});

/** The first whole minute after `at`, within `days`, where the oracle's answer differs from at `at`. */
function walk(expected: (at: number) => boolean, at: number, days: number): number | null {
  const before = expected(at);
  // Every boundary and every offset change falls on a whole minute in these zones.
  for (let m = Math.floor(at / 60_000) * 60_000 + 60_000; m <= at + days * DAY; m += 60_000) {
    if (expected(m) !== before) return m;
  }
  return null;
}

test('nextTimePeriodChange() finds the first change a minute-by-minute walk finds', () => {
  fc.assert(
    fc.property(periodSpecs, zoneAndInstant, (specs, [zone, at]) => {
      const { root, lookup } = setup(specs);
      const walked = walk(oracle(specs, zone), at, 2);
      assert.equal(nextTimePeriodChange(root, at, lookup, zone, 2), walked, `${zone} from ${iso(at)}`);
    }),
    { numRuns: 100 },
  );
});

test('nextTimePeriodChange() agrees with the walk on daylight saving days, ranges in the changed hour', () => {
  const zones = Object.keys(CHANGES);
  const changedHours = fc.integer({ min: 0, max: 12 }).map((quarter) => 60 + quarter * 15);
  const sundayRange = fc
    .tuple(fc.oneof(changedHours, fc.constantFrom(0, 1440)), changedHours)
    .filter(([a, b]) => a !== b)
    .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]);
  const sundays = fc.array(sundayRange, { minLength: 1, maxLength: 2 }).map((ranges): PeriodSpec[] => [
    { rules: [{ days: { kind: 'weekly', weekday: 0 }, ranges }], excludes: [] },
    { rules: [], excludes: [] },
    { rules: [], excludes: [] },
  ]);
  const zoneAndChange = fc
    .constantFrom(...zones)
    .chain((zone) =>
      fc.tuple(
        fc.constant(zone),
        fc.constantFrom(...(CHANGES[zone] ?? [])),
        fc.integer({ min: -4 * 3_600_000, max: 4 * 3_600_000 }),
      ),
    );
  fc.assert(
    fc.property(sundays, zoneAndChange, (specs, [zone, change, offset]) => {
      const { root, lookup } = setup(specs);
      const at = Date.parse(change) + offset;
      const walked = walk(oracle(specs, zone), at, 1);
      assert.equal(nextTimePeriodChange(root, at, lookup, zone, 1), walked, `${zone} from ${iso(at)}`);
    }),
    { numRuns: 150 },
  );
});

test('nextTimePeriodChange() returns an instant where membership differs from just before it', () => {
  fc.assert(
    fc.property(periodSpecs, zoneAndInstant, (specs, [zone, at]) => {
      const { root, lookup } = setup(specs);
      const change = nextTimePeriodChange(root, at, lookup, zone);
      if (change === null) return;
      const now = isInTimePeriod(root, at, lookup, zone);
      assert.ok(change > at);
      assert.equal(isInTimePeriod(root, change - 1, lookup, zone), now);
      assert.notEqual(isInTimePeriod(root, change, lookup, zone), now);
    }),
    { numRuns: 300 },
  );
});
