import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConcurrencyGate } from './concurrency-gate.js';

function deferred(): { promise: Promise<string>; resolve: (value: string) => void } {
  let resolve: (value: string) => void = () => undefined;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

test('at most the limit run at once; the rest start in order of arrival as places free', async () => {
  const gate = new ConcurrencyGate(2);
  const tasks = [deferred(), deferred(), deferred(), deferred()];
  const started: number[] = [];
  const results = tasks.map((task, i) =>
    gate.run(
      () => {
        started.push(i);
        return task.promise;
      },
      undefined,
      () => 'aborted',
    ),
  );
  await Promise.resolve();
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual([gate.running, gate.waiting], [2, 2]);
  tasks[1]?.resolve('b');
  await results[1];
  await Promise.resolve();
  assert.deepEqual(started, [0, 1, 2]);
  tasks[0]?.resolve('a');
  tasks[2]?.resolve('c');
  await Promise.all([results[0], results[2]]);
  await Promise.resolve();
  assert.deepEqual(started, [0, 1, 2, 3]);
  tasks[3]?.resolve('d');
  assert.deepEqual(await Promise.all(results), ['a', 'b', 'c', 'd']);
  assert.deepEqual([gate.running, gate.waiting], [0, 0]);
});

test('a waiting check whose signal aborts leaves the queue and never runs', async () => {
  const gate = new ConcurrencyGate(1);
  const first = deferred();
  const running = gate.run(
    () => first.promise,
    undefined,
    () => 'aborted',
  );
  const controller = new AbortController();
  let ran = false;
  const waiting = gate.run(
    () => {
      ran = true;
      return Promise.resolve('ran');
    },
    controller.signal,
    () => 'aborted',
  );
  controller.abort();
  assert.equal(await waiting, 'aborted');
  first.resolve('first');
  assert.equal(await running, 'first');
  assert.equal(ran, false);
  assert.deepEqual([gate.running, gate.waiting], [0, 0]);
});

test('a task that throws frees its place', async () => {
  const gate = new ConcurrencyGate(1);
  await assert.rejects(
    gate.run(
      () => Promise.reject(new Error('boom')),
      undefined,
      () => 'aborted',
    ),
  );
  assert.equal(
    await gate.run(
      () => Promise.resolve('next'),
      undefined,
      () => 'aborted',
    ),
    'next',
  );
});
