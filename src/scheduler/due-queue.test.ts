import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DueQueue } from './due-queue.js';

test('DueQueue pops keys in due order, ties in push order, and only when due', () => {
  const queue = new DueQueue<string>();
  const pushes: [string, number][] = [
    ['c', 30],
    ['a', 10],
    ['b1', 20],
    ['d', 40],
    ['b2', 20],
    ['a0', 5],
  ];
  for (const [key, due] of pushes) queue.push(key, due);
  assert.equal(queue.size, 6);
  assert.deepEqual(queue.peek(), { key: 'a0', due: 5 });
  assert.equal(queue.popDue(4), undefined);
  const popped: string[] = [];
  for (let due = queue.popDue(25); due !== undefined; due = queue.popDue(25)) popped.push(due.key);
  assert.deepEqual(popped, ['a0', 'a', 'b1', 'b2']);
  assert.equal(queue.size, 2);
  assert.deepEqual(queue.popDue(100), { key: 'c', due: 30 });
  assert.deepEqual(queue.popDue(100), { key: 'd', due: 40 });
  assert.equal(queue.popDue(100), undefined);
  assert.equal(queue.peek(), undefined);
});

test('DueQueue keeps heap order over many random pushes and pops', () => {
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % 1000;
  };
  const queue = new DueQueue<number>();
  const expected: { key: number; due: number }[] = [];
  for (let i = 0; i < 2000; i++) {
    const due = random();
    queue.push(i, due);
    expected.push({ key: i, due });
    if (i % 3 === 0) {
      expected.sort((a, b) => a.due - b.due || a.key - b.key);
      assert.deepEqual(queue.popDue(Infinity), expected.shift());
    }
  }
  expected.sort((a, b) => a.due - b.due || a.key - b.key);
  const rest = [];
  for (let due = queue.popDue(Infinity); due !== undefined; due = queue.popDue(Infinity)) rest.push(due);
  assert.deepEqual(rest, expected);
});
