import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckResult, PluginStatus } from './check-result.js';
import {
  PENDING,
  TRANSITIONS,
  applyResult,
  attemptOf,
  hostPolicy,
  servicePolicy,
  type Applied,
  type CheckPolicy,
  type CheckState,
  type HostProblem,
  type HostState,
  type ServiceState,
  type StateChangeEvent,
} from './check-state.js';

const result = (status: PluginStatus, output = `status ${status}`): CheckResult => ({
  status,
  output,
  longOutput: 'long',
  perfdata: 'a=1',
  durationMs: 5,
});

/** A compact picture of a state: `PENDING`, `OK`, `CRITICAL SOFT 2`, `DOWN HARD 3`. */
function show(state: CheckState<string>): string {
  switch (state.kind) {
    case 'pending':
      return 'PENDING';
    case 'ok':
      return 'OK';
    case 'soft-problem':
      return `${state.problem.toUpperCase()} SOFT ${state.attempt}`;
    case 'hard-problem':
      return `${state.problem.toUpperCase()} HARD ${state.attempt}`;
  }
}

/** A compact picture of an event: `CRITICAL;SOFT;1` plus `!` when it is a HARD state change. */
function showEvent(event: StateChangeEvent<string>, ok: string): string {
  return `${(event.problem ?? ok).toUpperCase()};${event.stateType.toUpperCase()};${event.attempt}${event.hard ? '!' : ''}`;
}

test('applyResult() follows the SOFT/HARD rules of Nagios for services', () => {
  // Each row: max_check_attempts, the plugin statuses in order, the state after each, the events.
  const cases: { name: string; max: number; statuses: PluginStatus[]; states: string[]; events: string[] }[] = [
    { name: 'first OK: no event', max: 3, statuses: [0], states: ['OK'], events: [] },
    { name: 'OK stays OK quietly', max: 3, statuses: [0, 0, 0], states: ['OK', 'OK', 'OK'], events: [] },
    {
      name: 'a problem is SOFT until the last attempt, then HARD',
      max: 3,
      statuses: [0, 2, 2, 2, 2],
      states: ['OK', 'CRITICAL SOFT 1', 'CRITICAL SOFT 2', 'CRITICAL HARD 3', 'CRITICAL HARD 3'],
      events: ['CRITICAL;SOFT;1', 'CRITICAL;SOFT;2', 'CRITICAL;HARD;3!'],
    },
    {
      name: 'max_check_attempts 1: the first problem is HARD',
      max: 1,
      statuses: [0, 1],
      states: ['OK', 'WARNING HARD 1'],
      events: ['WARNING;HARD;1!'],
    },
    {
      name: 'a first result that is a problem starts SOFT',
      max: 2,
      statuses: [2, 2],
      states: ['CRITICAL SOFT 1', 'CRITICAL HARD 2'],
      events: ['CRITICAL;SOFT;1', 'CRITICAL;HARD;2!'],
    },
    {
      name: 'a SOFT recovery resets attempts and is not a HARD change',
      max: 3,
      statuses: [0, 2, 0, 2],
      states: ['OK', 'CRITICAL SOFT 1', 'OK', 'CRITICAL SOFT 1'],
      events: ['CRITICAL;SOFT;1', 'OK;SOFT;2', 'CRITICAL;SOFT;1'],
    },
    {
      name: 'a HARD recovery is a HARD change',
      max: 2,
      statuses: [0, 2, 2, 0, 0],
      states: ['OK', 'CRITICAL SOFT 1', 'CRITICAL HARD 2', 'OK', 'OK'],
      events: ['CRITICAL;SOFT;1', 'CRITICAL;HARD;2!', 'OK;HARD;1!'],
    },
    {
      name: 'a different problem while SOFT counts on',
      max: 3,
      statuses: [1, 2, 3],
      states: ['WARNING SOFT 1', 'CRITICAL SOFT 2', 'UNKNOWN HARD 3'],
      events: ['WARNING;SOFT;1', 'CRITICAL;SOFT;2', 'UNKNOWN;HARD;3!'],
    },
    {
      name: 'a different problem while HARD is a HARD change; the same one is quiet',
      max: 1,
      statuses: [2, 1, 1, 2],
      states: ['CRITICAL HARD 1', 'WARNING HARD 1', 'WARNING HARD 1', 'CRITICAL HARD 1'],
      events: ['CRITICAL;HARD;1!', 'WARNING;HARD;1!', 'CRITICAL;HARD;1!'],
    },
    {
      name: 'max_check_attempts 0 counts as 1',
      max: 0,
      statuses: [3],
      states: ['UNKNOWN HARD 1'],
      events: ['UNKNOWN;HARD;1!'],
    },
  ];
  for (const { name, max, statuses, states, events } of cases) {
    let state: ServiceState = PENDING;
    const seen: string[] = [];
    const shown: string[] = [];
    statuses.forEach((status, i) => {
      const applied = applyResult(state, result(status), servicePolicy(max), 1000 * (i + 1));
      state = applied.state;
      shown.push(show(state));
      seen.push(...applied.events.map((e) => showEvent(e, 'ok')));
    });
    assert.deepEqual(shown, states, `${name}: states`);
    assert.deepEqual(seen, events, `${name}: events`);
  }
});

test('applyResult() reads host results as Nagios 4: 0/1 UP, 2/3 DOWN, UNREACHABLE behind failed parents', () => {
  const cases: { status: PluginStatus; allParentsDown: boolean; expected: string }[] = [
    { status: 0, allParentsDown: false, expected: 'OK' },
    { status: 1, allParentsDown: false, expected: 'OK' },
    { status: 2, allParentsDown: false, expected: 'DOWN HARD 1' },
    { status: 3, allParentsDown: false, expected: 'DOWN HARD 1' },
    { status: 2, allParentsDown: true, expected: 'UNREACHABLE HARD 1' },
    { status: 0, allParentsDown: true, expected: 'OK' },
  ];
  for (const { status, allParentsDown, expected } of cases) {
    const { state } = applyResult(PENDING, result(status), hostPolicy(1, allParentsDown), 1000);
    assert.equal(show(state), expected, `status ${status}, parents down ${allParentsDown}`);
  }
});

test('applyResult() has host SOFT states and a DOWN→UNREACHABLE change is a state change', () => {
  let state: HostState = PENDING;
  const events: string[] = [];
  const steps: [PluginStatus, boolean][] = [
    [2, false],
    [2, true],
    [2, true],
    [0, true],
  ];
  for (const [i, [status, parentsDown]] of steps.entries()) {
    const applied: Applied<HostProblem> = applyResult(state, result(status), hostPolicy(3, parentsDown), i * 1000);
    state = applied.state;
    events.push(...applied.events.map((e) => showEvent(e, 'up')));
  }
  assert.deepEqual(events, ['DOWN;SOFT;1', 'UNREACHABLE;SOFT;2', 'UNREACHABLE;HARD;3!', 'UP;HARD;1!']);
});

test('applyResult() keeps output, perfdata and the times of the last check and changes', () => {
  const policy = servicePolicy(2);
  const steps: { at: number; status: PluginStatus; lastStateChange: number; lastHardStateChange: number }[] = [
    { at: 100, status: 0, lastStateChange: 100, lastHardStateChange: 100 },
    { at: 200, status: 0, lastStateChange: 100, lastHardStateChange: 100 },
    { at: 300, status: 2, lastStateChange: 300, lastHardStateChange: 100 },
    { at: 400, status: 2, lastStateChange: 300, lastHardStateChange: 400 },
    { at: 500, status: 2, lastStateChange: 300, lastHardStateChange: 400 },
    { at: 600, status: 1, lastStateChange: 600, lastHardStateChange: 600 },
    { at: 700, status: 0, lastStateChange: 700, lastHardStateChange: 700 },
  ];
  let state: ServiceState = PENDING;
  for (const step of steps) {
    state = applyResult(state, result(step.status, `out ${step.at}`), policy, step.at).state;
    assert.notEqual(state.kind, 'pending');
    if (state.kind === 'pending') return;
    assert.equal(state.lastCheck, step.at);
    assert.equal(state.lastStateChange, step.lastStateChange, `last state change at ${step.at}`);
    assert.equal(state.lastHardStateChange, step.lastHardStateChange, `last hard state change at ${step.at}`);
    assert.equal(state.output, `out ${step.at}`);
    assert.equal(state.longOutput, 'long');
    assert.equal(state.perfdata, 'a=1');
  }
});

test('applyResult() remembers the problem of the check before ($LASTSERVICESTATE$)', () => {
  let state: ServiceState = PENDING;
  const previous: (string | null)[] = [];
  for (const status of [1, 2, 0, 0] as PluginStatus[]) {
    state = applyResult(state, result(status), servicePolicy(5), 1).state;
    if (state.kind !== 'pending') previous.push(state.previousProblem);
  }
  assert.deepEqual(previous, [null, 'warning', 'critical', null]);
});

test('applyResult() events carry the previous state, the output and the time', () => {
  const first = applyResult(PENDING, result(2, 'CRITICAL - down'), servicePolicy(1), 42_000);
  assert.deepEqual(first.events, [
    {
      kind: 'state-change',
      problem: 'critical',
      previous: 'pending',
      stateType: 'hard',
      attempt: 1,
      hard: true,
      output: 'CRITICAL - down',
      at: 42_000,
    },
  ]);
  const second = applyResult(first.state, result(0, 'OK - up'), servicePolicy(1), 43_000);
  assert.equal(second.events[0]?.previous, 'critical');
  assert.equal(attemptOf(second.state), 1);
});

test('the transition table covers every state and result exactly once', () => {
  for (const from of ['pending', 'ok', 'soft-problem', 'hard-problem'] as const) {
    for (const resultKind of ['ok', 'problem'] as const) {
      for (const lastAttempt of [false, true]) {
        const rules = TRANSITIONS.filter(
          (t) =>
            t.from === from && t.result === resultKind && (t.lastAttempt === null || t.lastAttempt === lastAttempt),
        );
        assert.equal(rules.length, 1, `${from} + ${resultKind} (last attempt ${lastAttempt})`);
      }
    }
  }
});

test('every rule of the transition table is reached by applyResult()', () => {
  // For each rule, a state in `from`, a result of its kind, and a max that makes the attempt last or not.
  const problemAt = (kind: 'soft-problem' | 'hard-problem'): ServiceState => ({
    kind,
    problem: 'critical',
    attempt: 1,
    previousProblem: null,
    lastCheck: 0,
    lastStateChange: 0,
    lastHardStateChange: 0,
    output: '',
    longOutput: '',
    perfdata: '',
  });
  const fromState: Record<string, ServiceState> = {
    pending: PENDING,
    ok: { ...problemAt('soft-problem'), kind: 'ok' } as ServiceState,
    'soft-problem': problemAt('soft-problem'),
    'hard-problem': problemAt('hard-problem'),
  };
  for (const rule of TRANSITIONS) {
    const from = fromState[rule.from];
    assert.ok(from);
    const max = rule.lastAttempt === true ? (rule.from === 'soft-problem' ? 2 : 1) : 5;
    const { state, events } = applyResult(from, result(rule.result === 'ok' ? 0 : 1), servicePolicy(max), 10);
    assert.equal(state.kind, rule.to, JSON.stringify(rule));
    const expected = rule.event === 'hard-if-changed' ? 'hard' : rule.event;
    const got = events.length === 0 ? 'none' : events[0]?.hard === true ? 'hard' : 'soft';
    assert.equal(got, expected, JSON.stringify(rule));
  }
});

test('applyResult() logs a SOFT recovery as Nagios 4 does: a service at the next attempt, a host at attempt 1', () => {
  const cases: { name: string; policy: CheckPolicy<string>; statuses: PluginStatus[]; events: string[] }[] = [
    {
      name: 'service',
      policy: servicePolicy(3),
      statuses: [2, 2, 0],
      events: ['CRITICAL;SOFT;1', 'CRITICAL;SOFT;2', 'OK;SOFT;3'],
    },
    {
      name: 'service at its last attempt',
      policy: servicePolicy(2),
      statuses: [2, 0],
      events: ['CRITICAL;SOFT;1', 'OK;SOFT;2'],
    },
    {
      name: 'host',
      policy: hostPolicy(3, false),
      statuses: [2, 2, 0],
      events: ['DOWN;SOFT;1', 'DOWN;SOFT;2', 'UP;SOFT;1'],
    },
  ];
  for (const c of cases) {
    let state: CheckState<string> = PENDING;
    const events: string[] = [];
    c.statuses.forEach((status, i) => {
      const applied = applyResult(state, result(status), c.policy, i * 1000);
      state = applied.state;
      events.push(...applied.events.map((e) => showEvent(e, c.name === 'host' ? 'up' : 'ok')));
    });
    assert.deepEqual(events, c.events, c.name);
  }
});
