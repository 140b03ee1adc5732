import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectState, ObjectStateChange } from '../model/check-state.js';
import { alertMessage, currentStateMessage, formatLogLine, logVersionMessage, startingMessage } from './log-line.js';

const observed = {
  previousProblem: null,
  lastCheck: 0,
  lastStateChange: 0,
  lastHardStateChange: 0,
  longOutput: '',
  perfdata: '',
};

test('alertMessage() writes HOST ALERT and SERVICE ALERT lines as Nagios does', () => {
  const event = { kind: 'state-change', previous: null, hard: false, at: 0 } as const;
  const cases: { change: ObjectStateChange; line: string }[] = [
    {
      change: {
        object: 'service',
        hostName: 'web01',
        description: 'HTTP',
        event: { ...event, problem: 'critical', stateType: 'soft', attempt: 1, output: 'Connection refused' },
      },
      line: 'SERVICE ALERT: web01;HTTP;CRITICAL;SOFT;1;Connection refused',
    },
    {
      change: {
        object: 'service',
        hostName: 'web01',
        description: 'Disk /',
        event: { ...event, problem: null, stateType: 'hard', attempt: 1, output: 'DISK OK; fine' },
      },
      line: 'SERVICE ALERT: web01;Disk /;OK;HARD;1;DISK OK; fine',
    },
    {
      change: {
        object: 'host',
        hostName: 'router',
        event: { ...event, problem: 'down', stateType: 'hard', attempt: 3, output: 'PING CRITICAL' },
      },
      line: 'HOST ALERT: router;DOWN;HARD;3;PING CRITICAL',
    },
    {
      change: {
        object: 'host',
        hostName: 'behind',
        event: { ...event, problem: 'unreachable', stateType: 'soft', attempt: 2, output: 'a\nb' },
      },
      line: 'HOST ALERT: behind;UNREACHABLE;SOFT;2;a b',
    },
    {
      change: {
        object: 'host',
        hostName: 'back',
        event: { ...event, problem: null, stateType: 'hard', attempt: 1, output: 'up' },
      },
      line: 'HOST ALERT: back;UP;HARD;1;up',
    },
  ];
  for (const { change, line } of cases) assert.equal(alertMessage(change), line);
});

test('currentStateMessage() writes CURRENT HOST/SERVICE STATE, pending as OK/UP HARD 1 without output', () => {
  const cases: { object: ObjectState; line: string }[] = [
    { object: { object: 'host', hostName: 'h', state: { kind: 'pending' } }, line: 'CURRENT HOST STATE: h;UP;HARD;1;' },
    {
      object: { object: 'service', hostName: 'h', description: 's', state: { kind: 'pending' } },
      line: 'CURRENT SERVICE STATE: h;s;OK;HARD;1;',
    },
    {
      object: {
        object: 'service',
        hostName: 'h',
        description: 's',
        state: { kind: 'soft-problem', problem: 'warning', attempt: 2, output: 'W - x', ...observed },
      },
      line: 'CURRENT SERVICE STATE: h;s;WARNING;SOFT;2;W - x',
    },
    {
      object: {
        object: 'host',
        hostName: 'h',
        state: { kind: 'hard-problem', problem: 'down', attempt: 3, output: 'dead', ...observed },
      },
      line: 'CURRENT HOST STATE: h;DOWN;HARD;3;dead',
    },
  ];
  for (const { object, line } of cases) assert.equal(currentStateMessage(object), line);
});

test('formatLogLine() stamps seconds since the epoch; the start lines', () => {
  assert.equal(formatLogLine(1_700_000_000_999, logVersionMessage()), '[1700000000] LOG VERSION: 2');
  assert.equal(formatLogLine(1_700_000_001_000, startingMessage(123)), '[1700000001] Watchpost starting... (PID=123)');
});
