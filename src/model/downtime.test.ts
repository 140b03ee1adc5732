import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  downtimeCommentText,
  downtimeDepths,
  downtimeRequestProblem,
  formatNagiosDateTime,
  newDowntime,
  type DowntimeRequest,
} from './downtime.js';
import { hostRef, serviceRef } from './object-ref.js';

const NOW = Date.UTC(2024, 0, 15, 9, 0);
const HOUR = 3_600_000;
const REQUEST: DowntimeRequest = {
  target: hostRef('web01'),
  fixed: true,
  start: NOW,
  end: NOW + 2 * HOUR,
  durationMs: 0,
  triggeredBy: null,
  author: 'ann',
  comment: 'patching',
};

test('downtimeRequestProblem() applies Nagios’ rules for a new downtime', () => {
  const exists = (id: number): boolean => id === 7;
  const rows: readonly { name: string; request: DowntimeRequest; expected: string | null }[] = [
    { name: 'a fixed downtime from now', request: REQUEST, expected: null },
    { name: 'planned ahead', request: { ...REQUEST, start: NOW + HOUR, end: NOW + 3 * HOUR }, expected: null },
    {
      name: 'ends before it starts',
      request: { ...REQUEST, end: NOW - 1 },
      expected: 'the downtime must end after it starts',
    },
    {
      name: 'already over',
      request: { ...REQUEST, start: NOW - 2 * HOUR, end: NOW },
      expected: 'the downtime must end in the future',
    },
    {
      name: 'flexible without duration',
      request: { ...REQUEST, fixed: false },
      expected: 'a flexible downtime needs a duration',
    },
    { name: 'flexible with duration', request: { ...REQUEST, fixed: false, durationMs: HOUR }, expected: null },
    { name: 'triggered by an existing downtime', request: { ...REQUEST, triggeredBy: 7 }, expected: null },
    {
      name: 'triggered by a missing downtime',
      request: { ...REQUEST, triggeredBy: 8 },
      expected: 'the triggering downtime 8 does not exist',
    },
  ];
  for (const { name, request, expected } of rows)
    assert.equal(downtimeRequestProblem(request, NOW, exists), expected, name);
});

test('newDowntime() waits; a fixed one lasts its window, a flexible one its duration', () => {
  const fixed = newDowntime(REQUEST, { id: 3, commentId: 9 }, NOW);
  assert.deepEqual(fixed.phase, { kind: 'waiting' });
  assert.equal(fixed.durationMs, 2 * HOUR);
  assert.equal(fixed.entryTime, NOW);
  const flexible = newDowntime({ ...REQUEST, fixed: false, durationMs: HOUR }, { id: 4, commentId: null }, NOW);
  assert.equal(flexible.durationMs, HOUR);
});

test('downtimeDepths() counts the downtimes in effect per object', () => {
  const active = { kind: 'active', since: NOW, until: NOW + HOUR } as const;
  const a = { ...newDowntime(REQUEST, { id: 1, commentId: null }, NOW), phase: active };
  const b = { ...newDowntime(REQUEST, { id: 2, commentId: null }, NOW), phase: active };
  const c = newDowntime({ ...REQUEST, target: serviceRef('web01', 'HTTP') }, { id: 3, commentId: null }, NOW);
  assert.deepEqual([...downtimeDepths([a, b, c])], [['web01', 2]]);
});

test('downtime comments read as Nagios writes them, dates in the site’s zone', () => {
  assert.equal(formatNagiosDateTime(NOW, 'Europe/Berlin'), '01-15-2024 10:00:00');
  assert.equal(
    downtimeCommentText(REQUEST, 'Europe/Berlin'),
    'This host has been scheduled for fixed downtime from 01-15-2024 10:00:00 to 01-15-2024 12:00:00.  ' +
      'Notifications for the host will not be sent out during that time period.',
  );
  assert.equal(
    downtimeCommentText(
      { ...REQUEST, target: serviceRef('web01', 'HTTP'), fixed: false, durationMs: 90 * 60_000 },
      'UTC',
    ),
    'This service has been scheduled for flexible downtime starting between 01-15-2024 09:00:00 and ' +
      '01-15-2024 11:00:00 and lasting for a period of 1 hours and 30 minutes.  ' +
      'Notifications for the service will not be sent out during that time period.',
  );
});
