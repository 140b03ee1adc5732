import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:os';
import type { PluginRequest } from '../../model/check-result.js';
import { checkResultOfHelper } from './helper-check-result.js';
import type { HelperResult } from './helper-protocol.js';
import type { HelperOutcome } from './spawn-helper.js';

const request: PluginRequest = { commandLine: '/x/check', timeoutSeconds: 5, timeoutStatus: 2 };

const answer = (fields: Partial<HelperResult>): HelperOutcome => ({
  kind: 'result',
  result: {
    id: 1,
    end: { kind: 'exited', code: 0 },
    timedOut: false,
    cancelled: false,
    stdoutTruncated: false,
    stderrTruncated: false,
    closedAfterGrace: false,
    startUs: 1_000_000,
    endUs: 1_012_600,
    userCpuUs: 0,
    systemCpuUs: 0,
    stdout: Buffer.alloc(0),
    stderr: Buffer.alloc(0),
    ...fields,
  },
});

test('checkResultOfHelper() maps the helper answer as the process runner maps a process end', () => {
  const cases: { name: string; outcome: HelperOutcome; status: number; output: string; durationMs: number }[] = [
    {
      name: 'exit 2 with text',
      outcome: answer({ end: { kind: 'exited', code: 2 }, stdout: Buffer.from('CRITICAL - down\n') }),
      status: 2,
      output: 'CRITICAL - down',
      durationMs: 13,
    },
    {
      name: 'stderr only',
      outcome: answer({ end: { kind: 'exited', code: 127 }, stderr: Buffer.from('sh: 1: x: not found\n') }),
      status: 3,
      output: '(No output on stdout) stderr: sh: 1: x: not found (exit code 127: does the plugin exist?)',
      durationMs: 13,
    },
    {
      name: 'signal',
      outcome: answer({ end: { kind: 'signaled', signal: constants.signals.SIGSEGV } }),
      status: 3,
      output: '(No output returned from plugin) (plugin killed by signal SIGSEGV)',
      durationMs: 13,
    },
    {
      name: 'not started',
      outcome: answer({ end: { kind: 'not-started', errno: constants.errno.ENOENT, message: 'No such file' } }),
      status: 3,
      output: 'UNKNOWN - cannot run plugin /x/check: no such file (ENOENT)',
      durationMs: 0,
    },
    {
      name: 'not started, an error without a hint',
      outcome: answer({ end: { kind: 'not-started', errno: constants.errno.EMFILE, message: 'Too many open files' } }),
      status: 3,
      output: 'UNKNOWN - cannot run plugin /x/check: Too many open files (EMFILE)',
      durationMs: 0,
    },
    {
      name: 'timed out wins over the kill it caused',
      outcome: answer({ timedOut: true, cancelled: true, end: { kind: 'signaled', signal: 9 }, endUs: 6_000_000 }),
      status: 2,
      output: 'CHECK TIMED OUT after 5s',
      durationMs: 5000,
    },
    {
      name: 'cancelled',
      outcome: answer({ cancelled: true, end: { kind: 'signaled', signal: 9 } }),
      status: 3,
      output: 'CHECK ABORTED: monitoring is stopping',
      durationMs: 13,
    },
    {
      name: 'helper failed',
      outcome: { kind: 'helper-failed', reason: 'it exited (signal SIGKILL)' },
      status: 3,
      output: 'UNKNOWN - no result from the spawn helper: it exited (signal SIGKILL)',
      durationMs: 0,
    },
  ];
  for (const { name, outcome, status, output, durationMs } of cases) {
    const result = checkResultOfHelper(outcome, request, '/x/check');
    assert.deepEqual([result.status, result.output, result.durationMs], [status, output, durationMs], name);
  }
});
