import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PENDING, type HostState, type ServiceState } from './check-state.js';
import { dependencyFails, dependencyLetter } from './notification-dependency.js';

test('dependencyLetter() and dependencyFails(): the master last HARD state against the failure criteria', () => {
  const hard = (problem: string): ServiceState | HostState =>
    ({ kind: 'hard-problem', problem }) as unknown as ServiceState;
  const rows: [string, ServiceState | HostState, 'host' | 'service', string[], boolean][] = [
    ['CRITICAL against [w, c]', hard('critical'), 'service', ['w', 'c'], true],
    ['WARNING against [c]', hard('warning'), 'service', ['c'], false],
    ['UNKNOWN against [u]', hard('unknown'), 'service', ['u'], true],
    ['host DOWN against [d]', hard('down'), 'host', ['d'], true],
    ['host UNREACHABLE against [d]', hard('unreachable'), 'host', ['d'], false],
    ['pending against [p]', PENDING, 'service', ['p'], true],
    ['n: never fails', hard('critical'), 'service', ['n', 'c'], false],
    ['no criteria', hard('critical'), 'service', [], false],
  ];
  for (const [label, state, object, criteria, fails] of rows) {
    assert.equal(dependencyFails(criteria, dependencyLetter(state, object)), fails, label);
  }
});
