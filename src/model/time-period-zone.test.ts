import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  instantsOfWallClock,
  isKnownTimeZone,
  offsetAt,
  offsetChangesBetween,
  wallClockOf,
} from './time-period-zone.js';

const t = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;
/** Wall-clock time written as if it were UTC: the form wallClockOf() and instantsOfWallClock() use. */
const wall = (local: string): number => Date.parse(`${local}Z`);

test('wallClockOf() shows the local day and time around daylight saving changes', () => {
  const cases: [string, string, string][] = [
    ['Europe/Berlin', '2026-03-29T00:59:59Z', '2026-03-29T01:59:59'],
    ['Europe/Berlin', '2026-03-29T01:00:00Z', '2026-03-29T03:00:00'],
    ['Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-25T02:30:00'],
    ['Europe/Berlin', '2026-10-25T01:30:00Z', '2026-10-25T02:30:00'],
    ['Europe/Berlin', '2026-12-31T23:30:00Z', '2027-01-01T00:30:00'],
    ['America/New_York', '2026-03-08T06:59:59Z', '2026-03-08T01:59:59'],
    ['America/New_York', '2026-03-08T07:00:00Z', '2026-03-08T03:00:00'],
    ['America/New_York', '2026-11-01T05:30:00Z', '2026-11-01T01:30:00'],
    ['America/New_York', '2026-11-01T06:30:00Z', '2026-11-01T01:30:00'],
    ['America/New_York', '2026-01-01T03:00:00.250Z', '2025-12-31T22:00:00.250'],
    ['Asia/Kolkata', '2026-06-01T00:00:00Z', '2026-06-01T05:30:00'],
    ['UTC', '2026-06-01T12:34:56Z', '2026-06-01T12:34:56'],
  ];
  for (const [zone, instant, local] of cases) {
    const { day, ms } = wallClockOf(zone, t(instant));
    assert.equal(day * 86_400_000 + ms, wall(local), `${zone} ${instant}`);
    assert.ok(ms >= 0 && ms < 86_400_000);
  }
});

test('offsetAt() gives local minus UTC in milliseconds', () => {
  assert.equal(offsetAt('Europe/Berlin', t('2026-01-15T12:00:00Z')), HOUR);
  assert.equal(offsetAt('Europe/Berlin', t('2026-07-15T12:00:00Z')), 2 * HOUR);
  assert.equal(offsetAt('America/St_Johns', t('2026-01-15T12:00:00Z')), -3.5 * HOUR);
  assert.equal(offsetAt('Australia/Lord_Howe', t('2026-01-15T12:00:00Z')), 11 * HOUR);
  assert.equal(offsetAt('Australia/Lord_Howe', t('2026-07-15T12:00:00Z')), 10.5 * HOUR);
});

test('offsetChangesBetween() finds every daylight saving change to the second', () => {
  const year = [t('2026-01-01T00:00:00Z'), t('2027-01-01T00:00:00Z')] as const;
  const cases: [string, string[]][] = [
    ['Europe/Berlin', ['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z']],
    ['America/New_York', ['2026-03-08T07:00:00.000Z', '2026-11-01T06:00:00.000Z']],
    // 02:00 local at -3:30 and -2:30: not on a whole UTC hour.
    ['America/St_Johns', ['2026-03-08T05:30:00.000Z', '2026-11-01T04:30:00.000Z']],
    // A half-hour change: 02:00 AEST+0:30 → 01:30.
    ['Australia/Lord_Howe', ['2026-04-04T15:00:00.000Z', '2026-10-03T15:30:00.000Z']],
    ['UTC', []],
    ['Asia/Kolkata', []],
  ];
  for (const [zone, expected] of cases) {
    assert.deepEqual(
      offsetChangesBetween(zone, ...year).map((c) => new Date(c).toISOString()),
      expected,
      zone,
    );
  }
});

test('offsetChangesBetween() includes a change exactly at `from` and excludes one at `to`', () => {
  const change = t('2026-11-01T06:00:00Z');
  assert.deepEqual(offsetChangesBetween('America/New_York', change, change + HOUR), [change]);
  assert.deepEqual(offsetChangesBetween('America/New_York', change - HOUR, change), []);
});

test('instantsOfWallClock() finds none in a gap, two in an overlap, one otherwise', () => {
  const cases: [string, string, string[]][] = [
    ['Europe/Berlin', '2026-03-29T02:30:00', []],
    ['Europe/Berlin', '2026-03-29T03:00:00', ['2026-03-29T01:00:00.000Z']],
    ['Europe/Berlin', '2026-03-29T01:59:00', ['2026-03-29T00:59:00.000Z']],
    ['Europe/Berlin', '2026-10-25T02:00:00', ['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z']],
    ['Europe/Berlin', '2026-10-25T03:00:00', ['2026-10-25T02:00:00.000Z']],
    ['America/New_York', '2026-03-08T02:00:00', []],
    ['America/New_York', '2026-11-01T01:00:00', ['2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z']],
    ['America/New_York', '2026-07-04T12:00:00', ['2026-07-04T16:00:00.000Z']],
  ];
  for (const [zone, local, expected] of cases) {
    assert.deepEqual(
      instantsOfWallClock(zone, wall(local)).map((i) => new Date(i).toISOString()),
      expected,
      `${zone} ${local}`,
    );
  }
});

test('isKnownTimeZone() accepts IANA names and refuses others', () => {
  assert.equal(isKnownTimeZone('Europe/Berlin'), true);
  assert.equal(isKnownTimeZone('UTC'), true);
  assert.equal(isKnownTimeZone('Mars/Olympus_Mons'), false);
  assert.equal(isKnownTimeZone(''), false);
});
