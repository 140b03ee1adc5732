import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FLAP_HISTORY_LENGTH,
  NO_FLAPPING,
  changeWeight,
  disableFlapping,
  evaluateFlapping,
  flapThresholds,
  formatPercent,
  percentStateChange,
  recordFlapState,
  type FlapState,
} from './flapping.js';

const THRESHOLDS = { low: 5, high: 20 };
const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

test('changeWeight() rises linearly from 0.75 for the oldest change to 1.25 for the newest', () => {
  // w(i) = 0.75 + (i - 1) · 0.5 / 19 = 0.75 + (i - 1) / 38
  close(changeWeight(1), 0.75, 'w(1)');
  close(changeWeight(2), 0.75 + 1 / 38, 'w(2)');
  close(changeWeight(17), 0.75 + 16 / 38, 'w(17)');
  close(changeWeight(20), 1.25, 'w(20)');
  assert.equal(FLAP_HISTORY_LENGTH, 21);
});

/**
 * A service with max_check_attempts 1 (every result HARD, so every result is recorded) checked
 * CRITICAL, OK, CRITICAL, OK and then OK nineteen times. The history starts as 21 zeros (OK);
 * a change between entries i-1 and i weighs w(i) = 0.75 + (i-1)/38, and the percentage is
 * Σw · 100 / 20 = Σw · 5.
 */
const RECORDED: readonly { state: number; percent: number; flapping: boolean; change: 'start' | 'stop' | null }[] = [
  // 1: one change at i=20: w(20) = 1.25 → 6.25 %
  { state: 2, percent: 1.25 * 5, flapping: false, change: null },
  // 2: changes at 19, 20: (0.75 + 18/38) + 1.25 = 2.473684 → 12.368 %
  { state: 0, percent: (0.75 + 18 / 38 + 1.25) * 5, flapping: false, change: null },
  // 3: + w(18) = 0.75 + 17/38 → 3.671053 → 18.355 %: between the thresholds, nothing happens
  { state: 2, percent: (2.25 + (17 + 18 + 19) / 38) * 5, flapping: false, change: null },
  // 4: + w(17) = 0.75 + 16/38 → 4.842105 → 24.211 % ≥ 20: flapping starts
  { state: 0, percent: (3 + (16 + 17 + 18 + 19) / 38) * 5, flapping: true, change: 'start' },
  // 5 … 20 (m = 1 … 16 further OKs): the four changes move to 17-m … 20-m: Σw = 3 + (70 - 4m)/38.
  // m = 9 gives 19.474 %, m = 16 gives 15.789 %: below high but above low, so it stays flapping.
  ...Array.from({ length: 16 }, (_, i) => ({
    state: 0,
    percent: (3 + (70 - 4 * (i + 1)) / 38) * 5,
    flapping: true,
    change: null,
  })),
  // 21 (m = 17): the oldest change has left the window: changes at 1, 2, 3: 2.25 + 3/38 → 11.645 %
  { state: 0, percent: (2.25 + 3 / 38) * 5, flapping: true, change: null },
  // 22: changes at 1, 2: 1.5 + 1/38 → 7.632 %, still above low
  { state: 0, percent: (1.5 + 1 / 38) * 5, flapping: true, change: null },
  // 23: one change at 1: 0.75 → 3.75 % ≤ 5: flapping stops
  { state: 0, percent: 0.75 * 5, flapping: false, change: 'stop' },
];

test('recordFlapState() follows a recorded CRITICAL/OK sequence computed by hand', () => {
  let flap: FlapState = NO_FLAPPING;
  RECORDED.forEach((row, i) => {
    const update = recordFlapState(flap, row.state, { enabled: true, thresholds: THRESHOLDS, notifiedProblem: false });
    close(update.flap.percent, row.percent, `result ${i + 1}`);
    assert.equal(update.flap.flapping, row.flapping, `result ${i + 1} flapping`);
    assert.equal(update.change, row.change, `result ${i + 1} change`);
    flap = update.flap;
  });
  assert.equal(flap.history.length, 21, 'the history keeps the last 21 states');
  assert.equal(formatPercent(RECORDED[3]?.percent ?? 0), '24.2');
  assert.equal(formatPercent(RECORDED[22]?.percent ?? 0), '3.8');
});

test('percentStateChange() counts missing history as OK and reads only the last 21 states', () => {
  assert.equal(percentStateChange([]), 0);
  close(percentStateChange([1]), 6.25, 'one change, newest');
  // Every neighbour differs: Σ w(1..20) = 20 · 1.0 = 20 → 100 %.
  close(percentStateChange(Array.from({ length: 21 }, (_, i) => i % 2)), 100, 'alternating');
  close(percentStateChange([2, 2, 2, ...Array.from({ length: 21 }, (_, i) => i % 2)]), 100, 'longer history');
});

test('recordFlapState() keeps the percentage but neither starts nor stops while flap detection is off', () => {
  const flapping: FlapState = { history: [], percent: 0, flapping: true, recoveryPending: false };
  const update = recordFlapState(flapping, 0, { enabled: false, thresholds: THRESHOLDS, notifiedProblem: false });
  assert.equal(update.change, null);
  assert.equal(update.flap.flapping, true);
  const high = recordFlapState({ ...NO_FLAPPING, history: Array.from({ length: 20 }, (_, i) => i % 2) }, 1, {
    enabled: false,
    thresholds: THRESHOLDS,
    notifiedProblem: false,
  });
  assert.ok(high.flap.percent > 20);
  assert.equal(high.change, null);
});

test('flapping remembers a notified problem, so that a recovery is due when it stops', () => {
  const history = Array.from({ length: 20 }, (_, i) => (i % 2) * 2);
  const started = recordFlapState({ ...NO_FLAPPING, history }, 2, {
    enabled: true,
    thresholds: THRESHOLDS,
    notifiedProblem: true,
  });
  assert.equal(started.change, 'start');
  assert.equal(started.flap.recoveryPending, true);
  assert.deepEqual(disableFlapping(started.flap), { ...started.flap, flapping: false, recoveryPending: false });
});

test('evaluateFlapping() decides on the current percentage without recording (flap detection switched back on)', () => {
  const high: FlapState = { history: [0, 2, 0, 2], percent: 30, flapping: false, recoveryPending: false };
  assert.equal(
    evaluateFlapping(high, { enabled: true, thresholds: THRESHOLDS, notifiedProblem: false }).change,
    'start',
  );
  assert.deepEqual(
    evaluateFlapping(high, { enabled: true, thresholds: THRESHOLDS, notifiedProblem: false }).flap.history,
    [0, 2, 0, 2],
  );
  assert.equal(evaluateFlapping(high, { enabled: false, thresholds: THRESHOLDS, notifiedProblem: false }).change, null);
});

test('flapThresholds() takes an object threshold of 0 as the global one', () => {
  const global = { low: 5, high: 20 };
  const rows = [
    { own: { low: 0, high: 0 }, expected: { low: 5, high: 20 } },
    { own: { low: 10, high: 0 }, expected: { low: 10, high: 20 } },
    { own: { low: 0, high: 40 }, expected: { low: 5, high: 40 } },
    { own: { low: 15, high: 30 }, expected: { low: 15, high: 30 } },
  ];
  for (const { own, expected } of rows) assert.deepEqual(flapThresholds(own, global), expected);
});
