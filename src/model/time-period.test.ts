import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALWAYS,
  findExcludeCycle,
  isInTimePeriod,
  nextTimePeriodChange,
  parseTimePeriodRules,
  type TimePeriodLookup,
  type TimePeriodRules,
} from './time-period.js';

const noPeriods: TimePeriodLookup = () => undefined;

/** A period from rule lines written as in a Nagios definition, which must all parse. */
function period(texts: readonly string[], excludes: readonly string[] = []): TimePeriodRules {
  const input = texts.map((text, index) => ({ key: text, value: '', line: index + 1 }));
  const { rules, errors } = parseTimePeriodRules(input, excludes);
  assert.deepEqual(errors, [], texts.join(' | '));
  return rules;
}

const t = (iso: string): number => Date.parse(iso);
const iso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString());

/** Whether each day (as YYYY-MM-DD, checked at its first and last millisecond and at noon, UTC) is inside. */
function assertDays(rule: string, inside: readonly string[], outside: readonly string[]): void {
  const rules = period([rule]);
  for (const day of inside) {
    for (const time of ['T00:00:00.000Z', 'T12:00:00.000Z', 'T23:59:59.999Z']) {
      assert.equal(isInTimePeriod(rules, t(day + time), noPeriods, 'UTC'), true, `${rule}: ${day}${time} is inside`);
    }
  }
  for (const day of outside) {
    assert.equal(isInTimePeriod(rules, t(`${day}T12:00:00Z`), noPeriods, 'UTC'), false, `${rule}: ${day} is outside`);
  }
}

test('isInTimePeriod() covers the days of every date form', () => {
  const cases: [string, string[], string[]][] = [
    ['2026-12-24 00:00-24:00', ['2026-12-24'], ['2026-12-23', '2026-12-25', '2027-12-24']],
    ['2007-01-01 - 2008-02-01 00:00-24:00', ['2007-01-01', '2007-06-15', '2008-02-01'], ['2006-12-31', '2008-02-02']],
    // Day 0, 3, 6 ... from the start; 2008-02-01 is day 396 = 3 × 132.
    [
      '2007-01-01 - 2008-02-01 / 3 00:00-24:00',
      ['2007-01-01', '2007-01-04', '2008-02-01'],
      ['2007-01-02', '2008-01-31', '2008-02-04'],
    ],
    [
      '2026-01-01 / 7 00:00-24:00',
      ['2026-01-01', '2026-01-08', '2026-12-31', '2027-01-07'],
      ['2025-12-25', '2026-01-02', '2026-01-07'],
    ],
    ['december 25 00:00-24:00', ['2026-12-25', '2030-12-25'], ['2026-12-24', '2026-12-26']],
    ['february -1 00:00-24:00', ['2026-02-28', '2028-02-29'], ['2028-02-28', '2026-02-27', '2026-03-31']],
    ['february 29 00:00-24:00', ['2028-02-29'], ['2026-02-28', '2026-03-01', '2028-02-28']],
    ['july 10 - 15 00:00-24:00', ['2026-07-10', '2026-07-15'], ['2026-07-09', '2026-07-16']],
    ['april 10 - may 15 00:00-24:00', ['2026-04-10', '2026-04-30', '2026-05-15'], ['2026-04-09', '2026-05-16']],
    [
      'november 20 - february 10 00:00-24:00',
      ['2026-11-20', '2026-12-31', '2027-01-15', '2026-02-10'],
      ['2026-11-19', '2026-02-11', '2026-07-01'],
    ],
    ['day 2 00:00-24:00', ['2026-03-02', '2026-04-02'], ['2026-03-01', '2026-03-03']],
    ['day -1 00:00-24:00', ['2026-02-28', '2028-02-29', '2026-04-30', '2026-12-31'], ['2028-02-28', '2026-04-29']],
    ['day 1 - 15 00:00-24:00', ['2026-05-01', '2026-05-15'], ['2026-05-16', '2026-04-30']],
    ['day 20 - -1 00:00-24:00', ['2026-02-20', '2026-02-28', '2026-03-31'], ['2026-02-19', '2026-03-01']],
    [
      'day 1 - 15 / 2 00:00-24:00',
      ['2026-05-01', '2026-05-03', '2026-05-15'],
      ['2026-05-02', '2026-05-14', '2026-05-16'],
    ],
    ['day 25 - 5 00:00-24:00', ['2026-03-25', '2026-03-31', '2026-04-01', '2026-04-05'], ['2026-03-24', '2026-04-06']],
    // An end past the month's last day is the last day, as in Nagios; a start past it never comes.
    ['day 20 - 31 00:00-24:00', ['2026-02-28', '2026-04-30'], ['2026-03-01', '2026-02-19']],
    ['day 31 00:00-24:00', ['2026-03-31'], ['2026-04-30', '2026-05-01']],
    ['monday 3 00:00-24:00', ['2026-01-19', '2026-03-16'], ['2026-01-12', '2026-01-26']],
    ['friday -2 00:00-24:00', ['2026-01-23'], ['2026-01-30', '2026-01-16']],
    ['monday 5 00:00-24:00', ['2026-03-30'], ['2026-01-26', '2026-02-23']],
    ['thursday -1 november 00:00-24:00', ['2026-11-26', '2027-11-25'], ['2026-11-19', '2026-10-29', '2027-11-18']],
    // January 2026: the third Monday is the 19th, the fourth Thursday the 22nd.
    ['monday 3 - thursday 4 00:00-24:00', ['2026-01-19', '2026-01-20', '2026-01-22'], ['2026-01-18', '2026-01-23']],
    ['monday 3 - thursday 4 / 2 00:00-24:00', ['2026-01-19', '2026-01-21'], ['2026-01-20', '2026-01-22']],
    // March 2026: Mondays 2, 9, 16, 23, 30.
    ['monday 2 - 3 00:00-24:00', ['2026-03-09', '2026-03-16'], ['2026-03-08', '2026-03-17']],
    // 2026: the first Tuesday of April is the 7th, the second Friday of May the 8th.
    [
      'tuesday 1 april - friday 2 may 00:00-24:00',
      ['2026-04-07', '2026-04-30', '2026-05-08'],
      ['2026-04-06', '2026-05-09'],
    ],
  ];
  for (const [rule, inside, outside] of cases) assertDays(rule, inside, outside);
});

test('isInTimePeriod() reads ranges as half-open: inside from the start, outside at the end', () => {
  const rules = period(['monday 09:00-12:00,13:00-17:30']);
  const cases: [string, boolean][] = [
    ['2026-01-05T08:59:59.999Z', false],
    ['2026-01-05T09:00:00.000Z', true],
    ['2026-01-05T11:59:59.999Z', true],
    ['2026-01-05T12:00:00.000Z', false],
    ['2026-01-05T13:00:00.000Z', true],
    ['2026-01-05T17:29:59.999Z', true],
    ['2026-01-05T17:30:00.000Z', false],
    ['2026-01-06T10:00:00.000Z', false],
  ];
  for (const [at, expected] of cases) assert.equal(isInTimePeriod(rules, t(at), noPeriods, 'UTC'), expected, at);
});

test('isInTimePeriod() lets the strongest covering exception decide a day, weekdays last', () => {
  // Thursday 2026-11-26 is the fourth and last Thursday of November and the 26th day.
  const strongestFirst = [
    '2026-11-26 06:00-07:00',
    'november 26 05:00-06:00',
    'day 26 04:00-05:00',
    'thursday -1 november 03:00-04:00',
    'thursday 4 02:00-03:00',
    'thursday 01:00-02:00',
  ];
  for (let drop = 0; drop < strongestFirst.length; drop++) {
    const kept = strongestFirst.slice(drop);
    for (const order of [kept, [...kept].reverse()]) {
      const rules = period(order);
      const insideHours = [1, 2, 3, 4, 5, 6].filter((h) =>
        isInTimePeriod(rules, t(`2026-11-26T0${h}:30:00Z`), noPeriods, 'UTC'),
      );
      assert.deepEqual(insideHours, [6 - drop], kept[0]);
    }
  }
});

test('isInTimePeriod() lets an exception take a day away from the weekdays, or give one', () => {
  const rules = period(['monday 09:00-17:00', '2026-01-19 00:00-00:00', 'saturday 3 10:00-11:00']);
  const cases: [string, boolean][] = [
    ['2026-01-12T10:00:00Z', true],
    ['2026-01-19T10:00:00Z', false],
    ['2026-01-26T10:00:00Z', true],
    ['2026-01-17T10:30:00Z', true],
    ['2026-01-24T10:30:00Z', false],
  ];
  for (const [at, expected] of cases) assert.equal(isInTimePeriod(rules, t(at), noPeriods, 'UTC'), expected, at);
});

test('isInTimePeriod() lets the first defined exception of a kind decide a day it shares', () => {
  const rules = period(['day 26 04:00-05:00', 'day 20 - 30 10:00-11:00']);
  assert.equal(isInTimePeriod(rules, t('2026-11-26T04:30:00Z'), noPeriods, 'UTC'), true);
  assert.equal(isInTimePeriod(rules, t('2026-11-26T10:30:00Z'), noPeriods, 'UTC'), false);
  assert.equal(isInTimePeriod(rules, t('2026-11-27T10:30:00Z'), noPeriods, 'UTC'), true);
});

test('isInTimePeriod() follows the wall clock across daylight saving changes', () => {
  const cases: [string, string, string, boolean][] = [
    // Berlin, spring forward 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
    ['Europe/Berlin', 'sunday 02:00-03:00', '2026-03-29T00:59:59Z', false],
    ['Europe/Berlin', 'sunday 02:00-03:00', '2026-03-29T01:00:00Z', false],
    ['Europe/Berlin', 'sunday 01:00-02:30', '2026-03-29T00:59:59Z', true],
    ['Europe/Berlin', 'sunday 01:00-02:30', '2026-03-29T01:00:00Z', false],
    ['Europe/Berlin', 'sunday 02:30-04:00', '2026-03-29T01:00:00Z', true],
    ['Europe/Berlin', 'sunday 00:00-24:00', '2026-03-28T22:59:59Z', false],
    ['Europe/Berlin', 'sunday 00:00-24:00', '2026-03-28T23:00:00Z', true],
    ['Europe/Berlin', 'sunday 00:00-24:00', '2026-03-29T21:59:59Z', true],
    ['Europe/Berlin', 'sunday 00:00-24:00', '2026-03-29T22:00:00Z', false],
    // Berlin, fall back 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00 UTC.
    ['Europe/Berlin', 'sunday 02:00-03:00', '2026-10-24T23:59:59Z', false],
    ['Europe/Berlin', 'sunday 02:00-03:00', '2026-10-25T00:00:00Z', true],
    ['Europe/Berlin', 'sunday 02:00-03:00', '2026-10-25T01:30:00Z', true],
    ['Europe/Berlin', 'sunday 02:00-03:00', '2026-10-25T02:00:00Z', false],
    ['Europe/Berlin', 'sunday 02:30-24:00', '2026-10-25T00:59:59Z', true],
    ['Europe/Berlin', 'sunday 02:30-24:00', '2026-10-25T01:00:00Z', false],
    ['Europe/Berlin', 'sunday 02:30-24:00', '2026-10-25T01:30:00Z', true],
    ['Europe/Berlin', 'sunday 00:00-24:00', '2026-10-24T22:00:00Z', true],
    ['Europe/Berlin', 'sunday 00:00-24:00', '2026-10-25T22:59:59Z', true],
    ['Europe/Berlin', 'sunday 00:00-24:00', '2026-10-25T23:00:00Z', false],
    ['Europe/Berlin', '2026-03-29 00:00-24:00', '2026-03-29T21:30:00Z', true],
    // New York, spring forward 2026-03-08 at 07:00 UTC; fall back 2026-11-01 at 06:00 UTC.
    ['America/New_York', 'sunday 01:30-02:30', '2026-03-08T06:59:59Z', true],
    ['America/New_York', 'sunday 01:30-02:30', '2026-03-08T07:00:00Z', false],
    ['America/New_York', 'sunday 00:00-24:00', '2026-03-08T05:00:00Z', true],
    ['America/New_York', 'sunday 00:00-24:00', '2026-03-09T03:59:59Z', true],
    ['America/New_York', 'sunday 00:00-24:00', '2026-03-09T04:00:00Z', false],
    ['America/New_York', 'sunday 01:00-02:00', '2026-11-01T04:59:59Z', false],
    ['America/New_York', 'sunday 01:00-02:00', '2026-11-01T05:00:00Z', true],
    ['America/New_York', 'sunday 01:00-02:00', '2026-11-01T06:59:59Z', true],
    ['America/New_York', 'sunday 01:00-02:00', '2026-11-01T07:00:00Z', false],
    ['America/New_York', 'monday 00:00-24:00', '2026-11-02T04:59:59Z', false],
    ['America/New_York', 'monday 00:00-24:00', '2026-11-02T05:00:00Z', true],
  ];
  for (const [zone, rule, at, expected] of cases) {
    assert.equal(isInTimePeriod(period([rule]), t(at), noPeriods, zone), expected, `${zone} ${rule} at ${at}`);
  }
});

/** The real time a period covers between two instants, walking its changes. */
function coveredMs(rules: TimePeriodRules, from: number, to: number, zone: string): number {
  let covered = 0;
  let at = from;
  while (at < to) {
    const next = Math.min(nextTimePeriodChange(rules, at, noPeriods, zone, 2) ?? to, to);
    if (isInTimePeriod(rules, at, noPeriods, zone)) covered += next - at;
    at = next;
  }
  return covered;
}

test('a wall-clock range covers the real time its local day has of it', () => {
  const HOUR = 3_600_000;
  const cases: [string, string, string, string, number][] = [
    ['Europe/Berlin', 'sunday 02:00-03:00', '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z', 0],
    ['Europe/Berlin', 'sunday 02:00-03:00', '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z', 2 * HOUR],
    ['Europe/Berlin', 'sunday 00:00-24:00', '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z', 23 * HOUR],
    ['Europe/Berlin', 'sunday 00:00-24:00', '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z', 25 * HOUR],
    ['America/New_York', 'sunday 00:00-24:00', '2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z', 23 * HOUR],
    ['America/New_York', 'sunday 00:00-24:00', '2026-10-31T12:00:00Z', '2026-11-02T12:00:00Z', 25 * HOUR],
    ['America/New_York', 'sunday 01:30-02:30', '2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z', HOUR / 2],
    // 01:30-02:00 EDT, then the clock goes back to 01:00 EST: 01:30-02:30 EST.
    ['America/New_York', 'sunday 01:30-02:30', '2026-10-31T12:00:00Z', '2026-11-02T12:00:00Z', 1.5 * HOUR],
  ];
  for (const [zone, rule, from, to, expected] of cases) {
    assert.equal(coveredMs(period([rule]), t(from), t(to), zone), expected, `${zone} ${rule}`);
  }
});

test('nextTimePeriodChange() finds where membership flips, across days and DST changes', () => {
  const cases: [string, string[], string, string | null][] = [
    ['UTC', ['monday 09:00-17:00'], '2026-01-05T10:00:00Z', '2026-01-05T17:00:00.000Z'],
    ['UTC', ['monday 09:00-17:00'], '2026-01-05T17:00:00Z', '2026-01-12T09:00:00.000Z'],
    ['UTC', ['monday 09:00-17:00'], '2026-01-05T08:59:59.999Z', '2026-01-05T09:00:00.000Z'],
    // Ranges that meet at midnight make one stretch: no change at midnight.
    ['UTC', ['monday 22:00-24:00', 'tuesday 00:00-02:00'], '2026-01-05T23:00:00Z', '2026-01-06T02:00:00.000Z'],
    ['UTC', ['2027-01-01 00:00-24:00'], '2026-01-01T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['UTC', ['monday 09:00-17:00', '2026-01-12 00:00-00:00'], '2026-01-05T17:00:00Z', '2026-01-19T09:00:00.000Z'],
    ['Europe/Berlin', ['sunday 02:00-03:00'], '2026-03-28T12:00:00Z', '2026-04-05T00:00:00.000Z'],
    ['Europe/Berlin', ['sunday 02:00-03:00'], '2026-10-24T12:00:00Z', '2026-10-25T00:00:00.000Z'],
    ['Europe/Berlin', ['sunday 02:00-03:00'], '2026-10-25T00:00:00Z', '2026-10-25T02:00:00.000Z'],
    ['Europe/Berlin', ['sunday 02:30-24:00'], '2026-10-25T00:30:00Z', '2026-10-25T01:00:00.000Z'],
    ['Europe/Berlin', ['sunday 02:30-24:00'], '2026-10-25T01:00:00Z', '2026-10-25T01:30:00.000Z'],
    ['Europe/Berlin', ['sunday 01:00-02:30'], '2026-03-29T00:30:00Z', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', ['sunday 00:00-24:00'], '2026-03-28T12:00:00Z', '2026-03-28T23:00:00.000Z'],
    ['Europe/Berlin', ['sunday 00:00-24:00'], '2026-03-28T23:00:00Z', '2026-03-29T22:00:00.000Z'],
    ['America/New_York', ['sunday 01:00-02:00'], '2026-11-01T05:00:00Z', '2026-11-01T07:00:00.000Z'],
    ['America/New_York', ['sunday 01:30-02:30'], '2026-03-08T06:45:00Z', '2026-03-08T07:00:00.000Z'],
  ];
  for (const [zone, rules, at, expected] of cases) {
    assert.equal(
      iso(nextTimePeriodChange(period(rules), t(at), noPeriods, zone)),
      expected,
      `${zone} ${rules} from ${at}`,
    );
  }
});

test('nextTimePeriodChange() is null when nothing changes within the horizon', () => {
  const at = t('2026-01-01T00:00:00Z');
  assert.equal(nextTimePeriodChange(ALWAYS, at, noPeriods, 'Europe/Berlin'), null);
  assert.equal(nextTimePeriodChange(period([]), at, noPeriods, 'Europe/Berlin'), null);
  assert.equal(nextTimePeriodChange(period(['2027-01-01 00:00-24:00']), at, noPeriods, 'UTC', 100), null);
  assert.equal(nextTimePeriodChange(period(['monday 09:00-10:00']), at, noPeriods, 'UTC', 0), null);
});

/** A lookup over named periods written as rule lines plus exclusions. */
function periods(defs: Record<string, [string[], string[]?]>): TimePeriodLookup {
  const byName = new Map(Object.entries(defs).map(([name, [texts, excludes]]) => [name, period(texts, excludes)]));
  return (name) => byName.get(name);
}

test('isInTimePeriod() takes the times of excluded periods out, recursively', () => {
  const lookup = periods({
    workhours: [['monday 09:00-17:00'], ['lunch', 'unknown-period']],
    lunch: [['monday 12:00-13:00']],
    allday: [['monday 00:00-24:00'], ['notlunch']],
    notlunch: [['monday 00:00-24:00'], ['lunch']],
  });
  const cases: [string, string, boolean][] = [
    ['workhours', '2026-01-05T11:00:00Z', true],
    ['workhours', '2026-01-05T12:30:00Z', false],
    ['workhours', '2026-01-05T13:00:00Z', true],
    // allday minus (allday minus lunch) is lunch.
    ['allday', '2026-01-05T11:00:00Z', false],
    ['allday', '2026-01-05T12:30:00Z', true],
  ];
  for (const [name, at, expected] of cases) {
    const rules = lookup(name);
    assert.ok(rules !== undefined);
    assert.equal(isInTimePeriod(rules, t(at), lookup, 'UTC'), expected, `${name} at ${at}`);
  }
  const workhours = lookup('workhours');
  assert.ok(workhours !== undefined);
  assert.equal(
    iso(nextTimePeriodChange(workhours, t('2026-01-05T10:00:00Z'), lookup, 'UTC')),
    '2026-01-05T12:00:00.000Z',
  );
  assert.equal(
    iso(nextTimePeriodChange(workhours, t('2026-01-05T12:00:00Z'), lookup, 'UTC')),
    '2026-01-05T13:00:00.000Z',
  );
});

test('isInTimePeriod() ends exclusion cycles: a period met again counts with its own rules', () => {
  const lookup = periods({
    a: [['monday 00:00-24:00'], ['b']],
    b: [['monday 10:00-12:00'], ['a']],
    self: [['monday 00:00-24:00'], ['self']],
    long1: [['monday 00:00-24:00'], ['long2']],
    long2: [['monday 06:00-18:00'], ['long3']],
    long3: [['monday 08:00-10:00'], ['long1']],
  });
  const cases: [string, string, boolean][] = [
    // a minus (b minus a's own) = a's own; likewise b.
    ['a', '2026-01-05T11:00:00Z', true],
    ['b', '2026-01-05T11:00:00Z', true],
    ['b', '2026-01-05T13:00:00Z', false],
    // self minus its own rules is empty.
    ['self', '2026-01-05T11:00:00Z', false],
    // long1 minus (long2 minus (long3 minus long1's own)) = long1 minus long2's own.
    ['long1', '2026-01-05T09:00:00Z', false],
    ['long1', '2026-01-05T19:00:00Z', true],
  ];
  for (const [name, at, expected] of cases) {
    const rules = lookup(name);
    assert.ok(rules !== undefined);
    assert.equal(isInTimePeriod(rules, t(at), lookup, 'UTC'), expected, `${name} at ${at}`);
    assert.notEqual(nextTimePeriodChange(rules, t(at), lookup, 'UTC', 14), undefined);
  }
  assert.deepEqual(findExcludeCycle('a', lookup), ['a', 'b', 'a']);
  assert.deepEqual(findExcludeCycle('self', lookup), ['self', 'self']);
  assert.deepEqual(findExcludeCycle('long2', lookup), ['long2', 'long3', 'long1', 'long2']);
  const acyclic = periods({ x: [['monday 00:00-24:00'], ['y', 'z']], y: [[], ['z']], z: [[]] });
  assert.equal(findExcludeCycle('x', acyclic), null);
  assert.equal(findExcludeCycle('missing', acyclic), null);
});

test('ALWAYS covers every instant in every zone', () => {
  for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Pacific/Kiritimati']) {
    for (const at of ['2026-03-29T01:00:00Z', '2026-10-25T00:30:00Z', '1999-12-31T23:59:59.999Z']) {
      assert.equal(isInTimePeriod(ALWAYS, t(at), noPeriods, zone), true, `${zone} ${at}`);
    }
  }
});

test('a chain of 100,000 exclusions neither exhausts the stack nor takes long', () => {
  const count = 100_000;
  const chain = new Map<string, TimePeriodRules>();
  for (let i = 0; i < count; i++) chain.set(`p${i}`, { ...ALWAYS, excludes: i + 1 < count ? [`p${i + 1}`] : [] });
  const lookup: TimePeriodLookup = (name) => chain.get(name);
  const root = chain.get('p0');
  assert.ok(root !== undefined);
  const started = performance.now();
  assert.equal(findExcludeCycle('p0', lookup), null);
  assert.equal(typeof isInTimePeriod(root, t('2026-01-05T10:00:00Z'), lookup, 'UTC'), 'boolean');
  assert.equal(nextTimePeriodChange(root, t('2026-01-05T10:00:00Z'), lookup, 'UTC'), null);
  chain.set(`p${count - 1}`, { ...ALWAYS, excludes: ['p0'] });
  assert.equal(findExcludeCycle('p0', lookup)?.length, count + 1);
  assert.ok(performance.now() - started < 10_000, 'finishes without hanging');
});
