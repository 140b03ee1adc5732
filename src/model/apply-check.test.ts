import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Acknowledgement } from './acknowledgement.js';
import { applyCheckResult, type ResultContext } from './apply-check.js';
import type { PluginStatus } from './check-result.js';
import type { CheckState } from './check-state.js';
import { hostRef, serviceRef } from './object-ref.js';
import { initialStatus, type ObjectStatus } from './object-status.js';

const NOW = 1_700_000_000_000;
const CONTEXT: ResultContext = {
  now: NOW,
  maxCheckAttempts: 3,
  passive: false,
  hostProblem: null,
  allParentsDown: false,
  flapDetection: { enabled: true, thresholds: { low: 5, high: 20 } },
};
const observed = {
  lastCheck: NOW - 60_000,
  lastStateChange: NOW - 600_000,
  lastHardStateChange: NOW - 600_000,
  previousProblem: null,
  output: 'before',
  longOutput: '',
  perfdata: '',
};

function service(
  state: CheckState<'warning' | 'critical' | 'unknown'>,
  extra: Partial<ObjectStatus> = {},
): ObjectStatus {
  const base = initialStatus(serviceRef('h', 's'));
  return { ...base, ...extra, object: 'service', hostName: 'h', description: 's', state } as ObjectStatus;
}

function host(state: CheckState<'down' | 'unreachable'>, extra: Partial<ObjectStatus> = {}): ObjectStatus {
  const base = initialStatus(hostRef('h'));
  return { ...base, ...extra, object: 'host', hostName: 'h', state } as ObjectStatus;
}

const result = (
  status: PluginStatus,
): { status: PluginStatus; output: string; longOutput: string; perfdata: string; durationMs: number } => ({
  status,
  output: `status ${status}`,
  longOutput: '',
  perfdata: '',
  durationMs: 1,
});

/** `kind problem attempt` of a state. */
function describe(status: ObjectStatus): string {
  const s = status.state;
  if (s.kind === 'soft-problem' || s.kind === 'hard-problem') return `${s.kind} ${s.problem} ${s.attempt}`;
  return s.kind;
}

const OK = service({ kind: 'ok', ...observed });
const SOFT_2 = service({ kind: 'soft-problem', problem: 'critical', attempt: 2, ...observed });

test('applyCheckResult(): a service whose host has a problem goes HARD at once and gets its attempts back later', () => {
  const rows: readonly {
    name: string;
    status: ObjectStatus;
    plugin: PluginStatus;
    hostProblem: 'down' | 'unreachable' | null;
    expected: string;
    hard: boolean;
    hostProblemAtLastCheck: boolean;
  }[] = [
    {
      name: 'host UP: the first failure is SOFT',
      status: OK,
      plugin: 2,
      hostProblem: null,
      expected: 'soft-problem critical 1',
      hard: false,
      hostProblemAtLastCheck: false,
    },
    {
      name: 'host DOWN: HARD at once, attempt 1',
      status: OK,
      plugin: 2,
      hostProblem: 'down',
      expected: 'hard-problem critical 1',
      hard: true,
      hostProblemAtLastCheck: true,
    },
    {
      name: 'host UNREACHABLE (SOFT or HARD alike)',
      status: OK,
      plugin: 1,
      hostProblem: 'unreachable',
      expected: 'hard-problem warning 1',
      hard: true,
      hostProblemAtLastCheck: true,
    },
    {
      name: 'host DOWN during retries: HARD at the next attempt',
      status: SOFT_2,
      plugin: 2,
      hostProblem: 'down',
      expected: 'hard-problem critical 3',
      hard: true,
      hostProblemAtLastCheck: true,
    },
    {
      name: 'host back: a SOFT service starts again at attempt 1',
      status: service(
        { kind: 'soft-problem', problem: 'critical', attempt: 2, ...observed },
        { hostProblemAtLastCheck: true },
      ),
      plugin: 2,
      hostProblem: null,
      expected: 'soft-problem critical 1',
      hard: false,
      hostProblemAtLastCheck: false,
    },
    {
      name: 'host back: a service made HARD by the host recovers HARD',
      status: service(
        { kind: 'hard-problem', problem: 'critical', attempt: 1, ...observed },
        { hostProblemAtLastCheck: true },
      ),
      plugin: 0,
      hostProblem: null,
      expected: 'ok',
      hard: true,
      hostProblemAtLastCheck: false,
    },
    {
      name: 'host DOWN and the service OK',
      status: OK,
      plugin: 0,
      hostProblem: 'down',
      expected: 'ok',
      hard: false,
      hostProblemAtLastCheck: false,
    },
  ];
  for (const row of rows) {
    const applied = applyCheckResult(row.status, result(row.plugin), { ...CONTEXT, hostProblem: row.hostProblem });
    assert.equal(describe(applied.status), row.expected, row.name);
    assert.equal(applied.hardChange, row.hard, row.name);
    assert.equal(applied.status.hostProblemAtLastCheck, row.hostProblemAtLastCheck, row.name);
  }
});

test('applyCheckResult() logs the HARD state a host problem causes with the attempt reached', () => {
  const applied = applyCheckResult(SOFT_2, result(2), { ...CONTEXT, hostProblem: 'down' });
  const [event] = applied.events;
  assert.equal(event?.kind, 'state-change');
  assert.deepEqual(event?.kind === 'state-change' ? [event.change.event.stateType, event.change.event.attempt] : [], [
    'hard',
    3,
  ]);
});

test('applyCheckResult(): a passive host result reads 0 UP, 1 DOWN, 2 UNREACHABLE and is HARD at once', () => {
  const rows = [
    { status: 0, expected: 'ok' },
    { status: 1, expected: 'hard-problem down 1' },
    { status: 2, expected: 'hard-problem unreachable 1' },
    { status: 3, expected: 'hard-problem down 1' },
  ] as const;
  for (const row of rows) {
    const applied = applyCheckResult(host({ kind: 'pending' }), result(row.status), { ...CONTEXT, passive: true });
    assert.equal(describe(applied.status), row.expected, `passive ${row.status}`);
  }
  const active = applyCheckResult(host({ kind: 'pending' }), result(1), CONTEXT);
  assert.equal(describe(active.status), 'ok', 'an active host check reads 1 as UP');
});

test('applyCheckResult() ends acknowledgements by Nagios’ rules and says why', () => {
  const ack = (kind: Acknowledgement['kind']): Acknowledgement => ({
    kind,
    notify: false,
    persistent: false,
    author: 'ann',
    comment: 'on it',
    at: NOW - 1000,
    commentId: 4,
  });
  const hardCritical = { kind: 'hard-problem', problem: 'critical', attempt: 3, ...observed } as const;
  const rows = [
    { name: 'normal, same problem', kind: 'normal', status: 2, kept: true, reason: null },
    { name: 'normal, other problem', kind: 'normal', status: 1, kept: false, reason: 'state-change' },
    { name: 'normal, recovery', kind: 'normal', status: 0, kept: false, reason: 'recovery' },
    { name: 'sticky, other problem', kind: 'sticky', status: 1, kept: true, reason: null },
    { name: 'sticky, recovery', kind: 'sticky', status: 0, kept: false, reason: 'recovery' },
  ] as const;
  for (const row of rows) {
    const applied = applyCheckResult(
      service(hardCritical, { acknowledgement: ack(row.kind) }),
      result(row.status),
      CONTEXT,
    );
    assert.equal(applied.status.acknowledgement !== null, row.kept, row.name);
    const removed = applied.events.find((e) => e.kind === 'acknowledgement-remove');
    assert.equal(removed?.kind === 'acknowledgement-remove' ? removed.reason : null, row.reason, row.name);
  }
});

test('applyCheckResult() keeps the last OK time and restarts the re-notification interval on state changes', () => {
  const notified = { number: 2, lastAt: NOW - 5000, notifiedProblem: true };
  const hardCritical = service(
    { kind: 'hard-problem', problem: 'critical', attempt: 3, ...observed },
    { notification: notified, lastTimeOk: NOW - 999_000 },
  );
  const same = applyCheckResult(hardCritical, result(2), CONTEXT).status;
  assert.equal(same.lastTimeOk, NOW - 999_000);
  assert.deepEqual(same.notification, notified);
  const other = applyCheckResult(hardCritical, result(1), CONTEXT).status;
  assert.deepEqual(other.notification, { ...notified, lastAt: null });
  const ok = applyCheckResult(hardCritical, result(0), CONTEXT).status;
  assert.equal(ok.lastTimeOk, NOW);
});

test('applyCheckResult() records services’ HARD states and SOFT recoveries, and every host result, for flapping', () => {
  const recorded = service(
    { kind: 'ok', ...observed },
    { flap: { history: [2], percent: 6.25, flapping: false, recoveryPending: false } },
  );
  const soft = applyCheckResult(recorded, result(2), CONTEXT);
  assert.deepEqual(soft.status.flap.history, [2], 'a SOFT problem is not recorded');
  const softRecovery = applyCheckResult(soft.status, result(0), CONTEXT);
  assert.deepEqual(softRecovery.status.flap.history, [2, 0]);
  assert.equal(applyCheckResult(OK, result(0), CONTEXT).status.flap, OK.flap, 'always OK: nothing to record');
  const hard = applyCheckResult(OK, result(2), { ...CONTEXT, maxCheckAttempts: 1 });
  assert.deepEqual(hard.status.flap.history, [2]);
  const hostSoft = applyCheckResult(host({ kind: 'ok', ...observed }), result(2), CONTEXT);
  assert.equal(describe(hostSoft.status), 'soft-problem down 1');
  assert.deepEqual(hostSoft.status.flap.history, [1], 'a host records SOFT states too');
});

test('applyCheckResult() reports flapping start with the high threshold and stop with the low one', () => {
  const history = [0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2];
  const start = applyCheckResult(
    service({ kind: 'ok', ...observed }, { flap: { history, percent: 0, flapping: false, recoveryPending: false } }),
    result(0),
    {
      ...CONTEXT,
      maxCheckAttempts: 1,
    },
  );
  const event = start.events.find((e) => e.kind === 'flapping-start');
  assert.deepEqual(event?.kind === 'flapping-start' ? [event.threshold, event.percent > 20] : [], [20, true]);
  const stop = applyCheckResult(
    service(
      { kind: 'ok', ...observed },
      { flap: { history: [], percent: 50, flapping: true, recoveryPending: false } },
    ),
    result(0),
    CONTEXT,
  );
  const stopped = stop.events.find((e) => e.kind === 'flapping-stop');
  assert.deepEqual(stopped?.kind === 'flapping-stop' ? [stopped.threshold, stopped.percent] : [], [5, 0]);
});
