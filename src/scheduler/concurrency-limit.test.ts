import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTOMATIC_CONCURRENCY, concurrencyLimit } from './concurrency-limit.js';

test('concurrencyLimit() takes the setting, and chooses itself for 0', () => {
  const cases: [number, number][] = [
    [0, AUTOMATIC_CONCURRENCY],
    [1, 1],
    [250, 250],
  ];
  for (const [setting, limit] of cases) assert.equal(concurrencyLimit(setting), limit, String(setting));
});
