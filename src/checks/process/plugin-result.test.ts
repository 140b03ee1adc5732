import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultOfExit, spawnFailedResult, timedOutResult, type PluginExit } from './plugin-result.js';

const exit = (fields: Partial<PluginExit>): PluginExit => ({
  exitCode: 0,
  signal: null,
  stdout: '',
  stderr: '',
  durationMs: 12,
  ...fields,
});

test('resultOfExit() turns exit codes and output into results', () => {
  const cases: { name: string; exit: PluginExit; status: number; output: string }[] = [
    { name: 'OK', exit: exit({ exitCode: 0, stdout: 'OK - fine\n' }), status: 0, output: 'OK - fine' },
    { name: 'WARNING', exit: exit({ exitCode: 1, stdout: 'W\n' }), status: 1, output: 'W' },
    { name: 'CRITICAL', exit: exit({ exitCode: 2, stdout: 'C\n' }), status: 2, output: 'C' },
    { name: 'UNKNOWN', exit: exit({ exitCode: 3, stdout: 'U\n' }), status: 3, output: 'U' },
    { name: 'out of range', exit: exit({ exitCode: 255, stdout: 'odd\n' }), status: 3, output: 'odd (exit code 255)' },
    {
      name: 'not executable',
      exit: exit({ exitCode: 126, stderr: 'sh: 1: ./x: Permission denied\n' }),
      status: 3,
      output: '(No output on stdout) stderr: sh: 1: ./x: Permission denied (exit code 126: is the plugin executable?)',
    },
    {
      name: 'not found through the shell',
      exit: exit({ exitCode: 127, stderr: 'sh: 1: nope: not found\n' }),
      status: 3,
      output: '(No output on stdout) stderr: sh: 1: nope: not found (exit code 127: does the plugin exist?)',
    },
    { name: 'no output at all', exit: exit({ exitCode: 0 }), status: 0, output: '(No output returned from plugin)' },
    {
      name: 'killed by a signal',
      exit: exit({ exitCode: null, signal: 'SIGSEGV', stdout: 'half' }),
      status: 3,
      output: 'half (plugin killed by signal SIGSEGV)',
    },
  ];
  for (const { name, exit: e, status, output } of cases) {
    const result = resultOfExit(e);
    assert.equal(result.status, status, name);
    assert.equal(result.output, output, name);
    assert.equal(result.durationMs, 12, name);
  }
});

test('resultOfExit() keeps long output and perfdata', () => {
  const result = resultOfExit(exit({ exitCode: 1, stdout: 'W | a=1\nmore\n' }));
  assert.deepEqual(result, { status: 1, output: 'W', longOutput: 'more', perfdata: 'a=1', durationMs: 12 });
});

test('timedOutResult() and spawnFailedResult() say what happened', () => {
  assert.deepEqual(timedOutResult(10, 2, 10_001), {
    status: 2,
    output: 'CHECK TIMED OUT after 10s',
    longOutput: '',
    perfdata: '',
    durationMs: 10_001,
  });
  assert.equal(
    spawnFailedResult('/x/check_nope', 'ENOENT', 'spawn /x/check_nope ENOENT').output,
    'UNKNOWN - cannot run plugin /x/check_nope: no such file (ENOENT)',
  );
  assert.equal(
    spawnFailedResult('/x', 'EWHATEVER', 'strange').output,
    'UNKNOWN - cannot run plugin /x: strange (EWHATEVER)',
  );
});
