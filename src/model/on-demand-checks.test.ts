import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PENDING, type CheckState, type HostState, type ServiceState } from './check-state.js';
import {
  HOST_CHECK_PROPAGATION,
  hostChange,
  hostCheckAfterServiceResult,
  hostsToCheckAfterHostResult,
  resultRecent,
} from './on-demand-checks.js';

const seen = (lastCheck: number) => ({
  lastCheck,
  lastStateChange: 0,
  lastHardStateChange: 0,
  previousProblem: null,
  output: '',
  longOutput: '',
  perfdata: '',
});
const UP: HostState = { kind: 'ok', ...seen(0) };
const down = (kind: 'soft-problem' | 'hard-problem' = 'soft-problem'): HostState => ({
  kind,
  problem: 'down',
  attempt: 1,
  ...seen(0),
});
const UNREACHABLE: HostState = { kind: 'hard-problem', problem: 'unreachable', attempt: 1, ...seen(0) };

test('hostChange(): UP or pending to a problem fails, a problem to UP recovers, the rest is no change', () => {
  const cases: { before: HostState; after: HostState; change: string | null }[] = [
    { before: UP, after: down(), change: 'failed' },
    { before: PENDING, after: down('hard-problem'), change: 'failed' },
    { before: down(), after: UP, change: 'recovered' },
    { before: UNREACHABLE, after: UP, change: 'recovered' },
    { before: down(), after: UNREACHABLE, change: null },
    { before: down(), after: down('hard-problem'), change: null },
    { before: UP, after: UP, change: null },
    { before: PENDING, after: UP, change: null },
  ];
  for (const c of cases) assert.equal(hostChange(c.before, c.after), c.change, `${c.before.kind} → ${c.after.kind}`);
});

test('hostsToCheckAfterHostResult() propagates checks to parents and children as Nagios 4 does', () => {
  const parents = [
    { name: 'p-up', state: UP },
    { name: 'p-pending', state: PENDING },
    { name: 'p-down', state: down() },
    { name: 'p-unreachable', state: UNREACHABLE },
  ];
  const children = [
    { name: 'c-up', state: UP },
    { name: 'c-pending', state: PENDING },
    { name: 'c-down', state: down('hard-problem') },
    { name: 'c-unreachable', state: UNREACHABLE },
  ];
  const cases: { name: string; before: HostState; after: HostState; checked: string[] }[] = [
    {
      name: 'a failure checks the parents that are UP and the children that are not UNREACHABLE',
      before: UP,
      after: down(),
      checked: ['p-up', 'p-pending', 'c-up', 'c-pending', 'c-down'],
    },
    {
      name: 'a recovery checks the parents and children that are not UP',
      before: down('hard-problem'),
      after: UP,
      checked: ['p-down', 'p-unreachable', 'c-down', 'c-unreachable'],
    },
    { name: 'a host still failing checks nothing', before: down(), after: down('hard-problem'), checked: [] },
    { name: 'a host still UP checks nothing', before: UP, after: UP, checked: [] },
  ];
  for (const c of cases) {
    assert.deepEqual(
      hostsToCheckAfterHostResult({ before: c.before, after: c.after, parents, children }),
      c.checked,
      c.name,
    );
  }
  assert.equal(HOST_CHECK_PROPAGATION.length, 4);
});

test('hostCheckAfterServiceResult() checks the host of a service whose problem changed, or that is OK while the host is not UP', () => {
  const OK: ServiceState = { kind: 'ok', ...seen(0) };
  const crit: ServiceState = { kind: 'soft-problem', problem: 'critical', attempt: 1, ...seen(0) };
  const warn: ServiceState = { kind: 'soft-problem', problem: 'warning', attempt: 2, ...seen(0) };
  const now = 100_000;
  const hostAt = (lastCheck: number): HostState => ({ kind: 'ok', ...seen(lastCheck) });
  const cases: {
    name: string;
    before: ServiceState;
    after: ServiceState;
    host: HostState;
    enabled?: boolean;
    check: boolean;
  }[] = [
    { name: 'OK → CRITICAL, host checked long ago', before: OK, after: crit, host: hostAt(0), check: true },
    { name: 'pending → CRITICAL, host never checked', before: PENDING, after: crit, host: PENDING, check: true },
    { name: 'WARNING → CRITICAL', before: warn, after: crit, host: hostAt(0), check: true },
    { name: 'CRITICAL again', before: crit, after: crit, host: hostAt(0), check: false },
    { name: 'host checked 10 s ago', before: OK, after: crit, host: hostAt(now - 10_000), check: false },
    { name: 'host checked exactly 15 s ago', before: OK, after: crit, host: hostAt(now - 15_000), check: false },
    { name: 'host checked 16 s ago', before: OK, after: crit, host: hostAt(now - 16_000), check: true },
    { name: 'host checks off', before: OK, after: crit, host: hostAt(0), enabled: false, check: false },
    { name: 'host already DOWN', before: OK, after: crit, host: down(), check: false },
    { name: 'OK while host DOWN', before: crit, after: OK, host: down(), check: true },
    { name: 'OK while host never checked', before: PENDING, after: OK, host: PENDING, check: true },
    { name: 'OK while host UP', before: OK, after: OK, host: hostAt(0), check: false },
  ];
  for (const c of cases) {
    const facts = {
      before: c.before,
      after: c.after,
      hostState: c.host,
      hostChecksEnabled: c.enabled ?? true,
      now,
      horizonMs: 15_000,
    };
    assert.equal(hostCheckAfterServiceResult(facts), c.check, c.name);
  }
});

test('resultRecent(): a result within the horizon stands in for a check; a pending host has none', () => {
  const state = (lastCheck: number): CheckState<'down'> => ({ kind: 'ok', ...seen(lastCheck) });
  const cases: { state: HostState; now: number; recent: boolean }[] = [
    { state: PENDING, now: 0, recent: false },
    { state: state(1000), now: 15_999, recent: true },
    { state: state(1000), now: 16_000, recent: false },
  ];
  for (const c of cases) assert.equal(resultRecent(c.state, { now: c.now, horizonMs: 15_000 }), c.recent);
});
