import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_INITIAL_SPREAD_MS, spreadInitialChecks } from './spread-checks.js';

test('spreadInitialChecks() spaces objects evenly over their interval, per interval', () => {
  const now = 1_000_000;
  const cases: { name: string; objects: { key: string; intervalMs: number }[]; due: Record<string, number> }[] = [
    { name: 'none', objects: [], due: {} },
    { name: 'one object starts at once', objects: [{ key: 'a', intervalMs: 60_000 }], due: { a: now } },
    {
      name: 'four objects of one minute',
      objects: ['a', 'b', 'c', 'd'].map((key) => ({ key, intervalMs: 60_000 })),
      due: { a: now, b: now + 15_000, c: now + 30_000, d: now + 45_000 },
    },
    {
      name: 'two intervals, each spread over its own',
      objects: [
        { key: 'm1', intervalMs: 60_000 },
        { key: 'f1', intervalMs: 10_000 },
        { key: 'm2', intervalMs: 60_000 },
        { key: 'f2', intervalMs: 10_000 },
      ],
      due: { m1: now, m2: now + 30_000, f1: now, f2: now + 5_000 },
    },
    {
      name: 'long intervals are spread over 30 minutes at most',
      objects: [
        { key: 'day1', intervalMs: 86_400_000 },
        { key: 'day2', intervalMs: 86_400_000 },
      ],
      due: { day1: now, day2: now + MAX_INITIAL_SPREAD_MS / 2 },
    },
    {
      name: 'three objects: whole milliseconds',
      objects: ['a', 'b', 'c'].map((key) => ({ key, intervalMs: 1000 })),
      due: { a: now, b: now + 333, c: now + 666 },
    },
  ];
  for (const { name, objects, due } of cases) {
    const got = Object.fromEntries(spreadInitialChecks(objects, now).map((d) => [d.key, d.due]));
    assert.deepEqual(got, due, name);
  }
});
