import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceState } from '../model/check-state.js';
import { nextCheckTime } from './next-check-time.js';

const observed = {
  previousProblem: null,
  lastCheck: 0,
  lastStateChange: 0,
  lastHardStateChange: 0,
  output: '',
  longOutput: '',
  perfdata: '',
};
const OK: ServiceState = { kind: 'ok', ...observed };
const SOFT: ServiceState = { kind: 'soft-problem', problem: 'critical', attempt: 1, ...observed };
const HARD: ServiceState = { kind: 'hard-problem', problem: 'critical', attempt: 3, ...observed };

test('nextCheckTime() uses the check interval, or the retry interval while a problem is SOFT', () => {
  const cases: {
    name: string;
    state: ServiceState;
    check: number;
    retry: number;
    startedAt: number;
    now: number;
    next: number | null;
  }[] = [
    { name: 'OK: check interval', state: OK, check: 60_000, retry: 10_000, startedAt: 1000, now: 1500, next: 61_000 },
    {
      name: 'SOFT: retry interval',
      state: SOFT,
      check: 60_000,
      retry: 10_000,
      startedAt: 1000,
      now: 1500,
      next: 11_000,
    },
    {
      name: 'HARD: check interval',
      state: HARD,
      check: 60_000,
      retry: 10_000,
      startedAt: 1000,
      now: 1500,
      next: 61_000,
    },
    { name: 'SOFT without retry interval', state: SOFT, check: 60_000, retry: 0, startedAt: 0, now: 5, next: 60_000 },
    {
      name: 'slow check: not in the past',
      state: OK,
      check: 10_000,
      retry: 10_000,
      startedAt: 0,
      now: 12_000,
      next: 12_000,
    },
    { name: 'interval 0: no regular checks', state: OK, check: 0, retry: 10_000, startedAt: 0, now: 5, next: null },
    { name: 'interval 0 but SOFT: retries', state: SOFT, check: 0, retry: 10_000, startedAt: 0, now: 5, next: 10_000 },
    {
      name: 'pending: check interval',
      state: { kind: 'pending' },
      check: 300_000,
      retry: 1,
      startedAt: 0,
      now: 0,
      next: 300_000,
    },
  ];
  for (const { name, state, check, retry, startedAt, now, next } of cases) {
    assert.equal(
      nextCheckTime(state, { checkIntervalMs: check, retryIntervalMs: retry }, { startedAt, now }),
      next,
      name,
    );
  }
});
