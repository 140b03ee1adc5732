import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aJob, T0 } from '../fixtures-for-tests.js';
import type { SpoolRecord } from './spool-record.js';
import { SpoolState } from './spool-state.js';

function stateOf(records: readonly SpoolRecord[]): SpoolState {
  const state = new SpoolState();
  for (const record of records) state.apply(record);
  return state;
}

test('SpoolState.records() rebuilds the same state, for every kind of entry; applying records twice changes nothing', () => {
  const id = (n: number): string => aJob(n).id;
  const histories: Record<string, SpoolRecord[]> = {
    waiting: [{ kind: 'add', at: T0, job: aJob(1) }],
    'failed once': [
      { kind: 'add', at: T0, job: aJob(2) },
      { kind: 'attempt', id: id(2), at: T0 + 5, attempts: 1, nextAt: T0 + 30_005, reason: 'down' },
    ],
    dead: [
      { kind: 'add', at: T0, job: aJob(3) },
      { kind: 'dead', id: id(3), at: T0 + 9, reason: '550' },
    ],
    'retried by a person, failed again': [
      { kind: 'add', at: T0, job: aJob(4) },
      { kind: 'dead', id: id(4), at: T0 + 9, reason: '550' },
      { kind: 'retry', id: id(4), at: T0 + 100 },
      { kind: 'attempt', id: id(4), at: T0 + 101, attempts: 1, nextAt: T0 + 200, reason: 'busy' },
    ],
    delivered: [
      { kind: 'add', at: T0, job: aJob(5) },
      { kind: 'done', id: id(5), at: T0 + 3 },
    ],
  };
  for (const [name, records] of Object.entries(histories)) {
    const state = stateOf(records);
    const rebuilt = stateOf([...state.records()]);
    assert.deepEqual([...rebuilt.entries], [...state.entries], name);
    assert.deepEqual([...rebuilt.delivered], [...state.delivered], name);
    const twice = stateOf([...records, ...records]);
    assert.deepEqual([...twice.entries], [...state.entries], `${name}, twice`);
  }
  assert.equal(stateOf(histories['retried by a person, failed again'] ?? []).entries.get(id(4))?.since, T0 + 100);
});
