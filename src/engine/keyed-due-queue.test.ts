import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedDueQueue } from './keyed-due-queue.js';

test('KeyedDueQueue keeps one due time per key: rescheduling replaces, unscheduling removes', () => {
  const queue = new KeyedDueQueue();
  queue.schedule('a', 30);
  queue.schedule('b', 20);
  queue.schedule('c', 10);
  queue.schedule('a', 5, true);
  queue.unschedule('c');
  assert.equal(queue.size, 2);
  assert.equal(queue.dueOf('a'), 5);
  assert.equal(queue.dueOf('c'), undefined);
  assert.equal(queue.peek(), 5);
  assert.deepEqual(queue.popDue(100), { key: 'a', due: 5, forced: true });
  assert.equal(queue.peek(), 20);
  assert.equal(queue.popDue(19), undefined);
  assert.deepEqual(queue.popDue(20), { key: 'b', due: 20, forced: false });
  assert.equal(queue.popDue(1000), undefined, 'the replaced and removed entries never come out');
  assert.equal(queue.peek(), undefined);
});
