import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PENDING, type ServiceState } from './check-state.js';
import { freshnessExpiry, freshnessThreshold } from './freshness.js';

const observation = {
  lastCheck: 0,
  lastStateChange: 0,
  lastHardStateChange: 0,
  previousProblem: null,
  output: '',
  longOutput: '',
  perfdata: '',
};
const SOFT: ServiceState = { kind: 'soft-problem', problem: 'critical', attempt: 1, ...observation };
const HARD: ServiceState = { kind: 'hard-problem', problem: 'critical', attempt: 3, ...observation };

test('freshnessThreshold(): the configured one, else the interval plus 15 s, the retry interval while SOFT', () => {
  const rows = [
    {
      name: 'configured',
      settings: { thresholdMs: 600_000, checkIntervalMs: 60_000, retryIntervalMs: 10_000 },
      state: SOFT,
      expected: 600_000,
    },
    {
      name: 'automatic',
      settings: { thresholdMs: 0, checkIntervalMs: 60_000, retryIntervalMs: 10_000 },
      state: HARD,
      expected: 75_000,
    },
    {
      name: 'automatic while SOFT',
      settings: { thresholdMs: 0, checkIntervalMs: 60_000, retryIntervalMs: 10_000 },
      state: SOFT,
      expected: 25_000,
    },
    {
      name: 'automatic while pending',
      settings: { thresholdMs: 0, checkIntervalMs: 300_000, retryIntervalMs: 0 },
      state: PENDING,
      expected: 315_000,
    },
    {
      name: 'automatic without an interval: not checked',
      settings: { thresholdMs: 0, checkIntervalMs: 0, retryIntervalMs: 0 },
      state: HARD,
      expected: null,
    },
    {
      name: 'configured without an interval',
      settings: { thresholdMs: 90_000, checkIntervalMs: 0, retryIntervalMs: 0 },
      state: HARD,
      expected: 90_000,
    },
  ];
  for (const row of rows) assert.equal(freshnessThreshold(row.settings, row.state), row.expected, row.name);
});

test('freshnessExpiry(): a threshold after the last result, or after the start before the first', () => {
  assert.equal(freshnessExpiry(1000, 0, 500), 1500);
  assert.equal(freshnessExpiry(null, 200, 500), 700);
});
