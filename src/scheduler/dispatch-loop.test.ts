import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DispatchLoop, type DispatchClock } from './dispatch-loop.js';
import { DueQueue, type Due } from './due-queue.js';

/** A clock whose timers fire when the test moves time; counts the timers set. */
class StepClock implements DispatchClock {
  at = 0;
  timersSet = 0;
  #timers: { at: number; callback: () => void }[] = [];
  now(): number {
    return this.at;
  }
  setTimer(delayMs: number, callback: () => void): () => void {
    this.timersSet++;
    const timer = { at: this.at + delayMs, callback };
    this.#timers.push(timer);
    return () => (this.#timers = this.#timers.filter((t) => t !== timer));
  }
  advanceTo(at: number): void {
    for (;;) {
      const next = this.#timers.filter((t) => t.at <= at).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.at = next.at;
      next.callback();
    }
    this.at = at;
  }
}

interface Setup {
  readonly clock: StepClock;
  readonly loop: DispatchLoop<Due<string>>;
  readonly queue: DueQueue<string>;
  /** Keys started, with the time they started. */
  readonly started: [string, number][];
  readonly soon: (() => void)[];
}

function setup(limit: number, tickMs: number): Setup {
  const clock = new StepClock();
  const queue = new DueQueue<string>();
  const started: [string, number][] = [];
  const soon: (() => void)[] = [];
  const loop = new DispatchLoop<Due<string>>({
    queue: { peek: () => queue.peek()?.due, popDue: (until) => queue.popDue(until) },
    clock,
    limit,
    tickMs,
    start: (due, now) => {
      started.push([due.key, now]);
      return true;
    },
    soon: (callback) => soon.push(callback),
  });
  return { clock, loop, queue, started, soon };
}

test('one wake-up starts every check due within the tick; one timer per wake-up', () => {
  const cases = [
    { dues: [0, 6, 12, 18, 24, 30], tick: 20, wakes: [0, 0, 0, 0, 24, 24] },
    { dues: [0, 6, 12, 18, 24, 30], tick: 0, wakes: [0, 6, 12, 18, 24, 30] },
    { dues: [100, 100, 250], tick: 50, wakes: [100, 100, 250] },
  ];
  for (const { dues, tick, wakes } of cases) {
    const { clock, loop, queue, started } = setup(10, tick);
    dues.forEach((due, i) => queue.push(`k${i}`, due));
    loop.pass();
    clock.advanceTo(1000);
    assert.deepEqual(
      started.map(([, at]) => at),
      wakes,
      `dues ${dues.join(',')} with a ${tick} ms tick`,
    );
    assert.equal(clock.timersSet, new Set(wakes.filter((w) => w > 0)).size);
  }
});

test('a full loop waits for a slot; a freed slot starts the waiting check in one pass', () => {
  const { clock, loop, queue, started, soon } = setup(2, 0);
  for (const key of ['a', 'b', 'c', 'd']) queue.push(key, 0);
  loop.pass();
  assert.deepEqual(
    started.map(([key]) => key),
    ['a', 'b'],
  );
  clock.advanceTo(5);
  loop.finished();
  loop.finished();
  assert.equal(soon.length, 1, 'two results, one pass');
  soon.shift()?.();
  assert.deepEqual(
    started.map(([key, at]) => `${key}@${at}`),
    ['a@0', 'b@0', 'c@5', 'd@5'],
  );
});

test('results do not cause passes while the next check is not yet due; stop() ends the passes', () => {
  const { clock, loop, queue, started, soon } = setup(5, 0);
  queue.push('a', 0);
  queue.push('b', 100);
  loop.pass();
  clock.advanceTo(10);
  loop.finished();
  assert.equal(soon.length, 0);
  loop.stop();
  clock.advanceTo(200);
  assert.deepEqual(
    started.map(([key]) => key),
    ['a'],
  );
});
