import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MonitoringEvent } from '../model/events.js';
import { createEventHub } from './event-hub.js';

const event = (at: number): MonitoringEvent => ({
  kind: 'switch-change',
  at,
  scope: 'global',
  name: 'notifications',
  enabled: at % 2 === 0,
});

test('createEventHub() delivers every event to every listener in one order, also events emitted while delivering', () => {
  const errors: unknown[] = [];
  const hub = createEventHub((error) => errors.push(error));
  const seen: string[] = [];
  hub.subscribe((e) => {
    seen.push(`a${e.at}`);
    if (e.at === 1) hub.emit(event(2));
  });
  const unsubscribe = hub.subscribe((e) => {
    seen.push(`b${e.at}`);
    if (e.at === 2) throw new Error('listener broke');
  });
  hub.emit(event(1));
  assert.deepEqual(seen, ['a1', 'b1', 'a2', 'b2'], 'b sees 1 before 2 although a emitted 2 while 1 was delivered');
  assert.equal(errors.length, 1);
  unsubscribe();
  hub.emit(event(3));
  assert.deepEqual(seen.slice(4), ['a3']);
});
