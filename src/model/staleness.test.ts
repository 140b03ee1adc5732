import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStale, staleness } from './staleness.js';

const MINUTE = 60_000;

test('staleness() counts check intervals since the last result; stale from 1.5 on', () => {
  const rows = [
    { name: 'just checked', lastCheck: 0, now: 0, interval: MINUTE, staleness: 0, stale: false },
    { name: 'one interval', lastCheck: 0, now: MINUTE, interval: MINUTE, staleness: 1, stale: false },
    { name: 'just under 1.5', lastCheck: 0, now: 89_999, interval: MINUTE, staleness: 89_999 / MINUTE, stale: false },
    { name: 'exactly 1.5', lastCheck: 0, now: 90_000, interval: MINUTE, staleness: 1.5, stale: true },
    {
      name: 'never checked: counted from the start',
      lastCheck: null,
      now: 3 * MINUTE,
      interval: MINUTE,
      staleness: 3,
      stale: true,
    },
    { name: 'no regular checks: never stale', lastCheck: 0, now: 99 * MINUTE, interval: 0, staleness: 0, stale: false },
  ];
  for (const row of rows) {
    const input = { lastCheck: row.lastCheck, since: 0, checkIntervalMs: row.interval, now: row.now };
    assert.equal(staleness(input), row.staleness, row.name);
    assert.equal(isStale(input), row.stale, row.name);
  }
});
