import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  advanceDowntimes,
  cancelDowntime,
  nextDowntimeChange,
  startFlexibleDowntimes,
  type DowntimeUpdate,
} from './downtime-timeline.js';
import { newDowntime, type Downtime, type DowntimeRequest } from './downtime.js';
import { hostRef, serviceRef } from './object-ref.js';

const T = 1_700_000_000_000;
const MIN = 60_000;

function downtime(id: number, request: Partial<DowntimeRequest>): Downtime {
  return newDowntime(
    {
      target: hostRef('h'),
      fixed: true,
      start: T + 10 * MIN,
      end: T + 70 * MIN,
      durationMs: 0,
      triggeredBy: null,
      author: 'ann',
      comment: '',
      ...request,
    },
    { id, commentId: null },
    T,
  );
}

/** The events of an update as `kind id depth`, with minutes since T. */
const summary = (update: DowntimeUpdate): string[] =>
  update.events.map((e) => `${e.kind} ${e.downtime.id} depth=${e.depth}`);
const phases = (update: DowntimeUpdate): string[] =>
  update.downtimes.map((d) =>
    d.phase.kind === 'active' ? `${d.id} active until +${(d.phase.until - T) / MIN}` : `${d.id} waiting`,
  );

test('a fixed downtime starts at its start and ends at its end', () => {
  const list = [downtime(1, {})];
  assert.deepEqual(summary(advanceDowntimes(list, T + 9 * MIN)), []);
  assert.equal(nextDowntimeChange(list), T + 10 * MIN);
  const started = advanceDowntimes(list, T + 10 * MIN);
  assert.deepEqual(summary(started), ['downtime-start 1 depth=1']);
  assert.deepEqual(phases(started), ['1 active until +70']);
  assert.equal(nextDowntimeChange(started.downtimes), T + 70 * MIN);
  const ended = advanceDowntimes(started.downtimes, T + 70 * MIN);
  assert.deepEqual(summary(ended), ['downtime-end 1 depth=0']);
  assert.deepEqual(ended.downtimes, []);
  assert.equal(nextDowntimeChange(ended.downtimes), null);
});

test('a site that slept through a downtime records its start before its end', () => {
  const update = advanceDowntimes(
    [downtime(1, {}), downtime(2, { start: T + 20 * MIN, end: T + 30 * MIN })],
    T + 99 * MIN,
  );
  assert.deepEqual(summary(update), [
    'downtime-start 1 depth=1',
    'downtime-start 2 depth=2',
    'downtime-end 2 depth=1',
    'downtime-end 1 depth=0',
  ]);
});

test('a flexible downtime starts with the first HARD problem in its window and lasts its duration', () => {
  const flexible = downtime(1, { fixed: false, durationMs: 30 * MIN });
  assert.deepEqual(summary(advanceDowntimes([flexible], T + 20 * MIN)), [], 'time alone does not start it');
  assert.deepEqual(summary(startFlexibleDowntimes([flexible], 'h', T + 5 * MIN)), [], 'not before its window');
  assert.deepEqual(summary(startFlexibleDowntimes([flexible], 'other', T + 20 * MIN)), [], 'not for another object');
  const started = startFlexibleDowntimes([flexible], 'h', T + 20 * MIN);
  assert.deepEqual(summary(started), ['downtime-start 1 depth=1']);
  assert.deepEqual(phases(started), ['1 active until +50'], 'duration from the problem, beyond the window is fine');
  assert.deepEqual(summary(startFlexibleDowntimes(started.downtimes, 'h', T + 25 * MIN)), [], 'started once');
  assert.deepEqual(summary(advanceDowntimes(started.downtimes, T + 50 * MIN)), ['downtime-end 1 depth=0']);
});

test('a flexible downtime whose window passes without a problem expires', () => {
  const flexible = downtime(1, { fixed: false, durationMs: 30 * MIN });
  assert.equal(nextDowntimeChange([flexible]), T + 70 * MIN);
  const update = advanceDowntimes([flexible], T + 70 * MIN);
  assert.deepEqual(summary(update), ['downtime-expire 1 depth=0']);
  assert.deepEqual(update.downtimes, []);
  assert.deepEqual(summary(startFlexibleDowntimes([flexible], 'h', T + 70 * MIN)), [], 'the window is half-open');
});

test('a triggered downtime starts and ends with its trigger', () => {
  const trigger = downtime(1, {});
  const service = downtime(2, { target: serviceRef('h', 's'), triggeredBy: 1, start: T, end: T + 200 * MIN });
  const flexible = downtime(3, {
    target: serviceRef('h', 't'),
    triggeredBy: 1,
    fixed: false,
    durationMs: 5 * MIN,
    start: T,
    end: T + 200 * MIN,
  });
  const list = [trigger, service, flexible];
  assert.deepEqual(summary(advanceDowntimes(list, T + 5 * MIN)), [], 'a triggered downtime does not start by time');
  const started = advanceDowntimes(list, T + 10 * MIN);
  assert.deepEqual(summary(started), [
    'downtime-start 1 depth=1',
    'downtime-start 2 depth=1',
    'downtime-start 3 depth=1',
  ]);
  assert.deepEqual(phases(started), ['1 active until +70', '2 active until +200', '3 active until +15']);
  const flexibleOver = advanceDowntimes(started.downtimes, T + 15 * MIN);
  assert.deepEqual(summary(flexibleOver), ['downtime-end 3 depth=0']);
  const ended = advanceDowntimes(flexibleOver.downtimes, T + 70 * MIN);
  assert.deepEqual(
    summary(ended),
    ['downtime-end 1 depth=0', 'downtime-end 2 depth=0'],
    'the trigger ends what it started',
  );
  assert.deepEqual(ended.downtimes, []);
});

test('cancelDowntime() cancels a downtime and what it triggered; an unknown id is null', () => {
  const list = advanceDowntimes(
    [
      downtime(1, {}),
      downtime(2, { target: serviceRef('h', 's'), triggeredBy: 1 }),
      downtime(3, { start: T + 80 * MIN, end: T + 90 * MIN }),
    ],
    T + 10 * MIN,
  ).downtimes;
  const cancelled = cancelDowntime(list, 1, T + 20 * MIN);
  assert.ok(cancelled !== null);
  assert.deepEqual(summary(cancelled), ['downtime-cancel 1 depth=0', 'downtime-cancel 2 depth=0']);
  assert.deepEqual(
    cancelled.events.map((e) => e.downtime.phase.kind),
    ['active', 'active'],
  );
  assert.deepEqual(phases(cancelled), ['3 waiting']);
  const waiting = cancelDowntime(cancelled.downtimes, 3, T + 20 * MIN);
  assert.deepEqual(waiting === null ? null : summary(waiting), ['downtime-cancel 3 depth=0']);
  assert.equal(cancelDowntime(list, 99, T), null);
});

test('overlapping downtimes of one object count their depth', () => {
  const list = [downtime(1, {}), downtime(2, { start: T + 20 * MIN, end: T + 40 * MIN })];
  const first = advanceDowntimes(list, T + 10 * MIN);
  const second = advanceDowntimes(first.downtimes, T + 20 * MIN);
  assert.deepEqual(summary(second), ['downtime-start 2 depth=2']);
  const cancelled = cancelDowntime(second.downtimes, 1, T + 30 * MIN);
  assert.deepEqual(cancelled === null ? null : summary(cancelled), ['downtime-cancel 1 depth=1']);
});
