import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pluginCommand } from './plugin-command.js';

test('pluginCommand() gives the words of a plain line and a shell for shell syntax', () => {
  const cases: { line: string; argv: string[] }[] = [
    { line: "/p/check_dummy 0 'all good'", argv: ['/p/check_dummy', '0', 'all good'] },
    { line: '/p/check | tr a-z A-Z', argv: ['/bin/sh', '-c', '/p/check | tr a-z A-Z'] },
  ];
  for (const { line, argv } of cases) {
    const command = pluginCommand(line);
    assert.ok(command.ok, line);
    assert.deepEqual(command.argv, argv, line);
    assert.equal(command.file, argv[0], line);
  }
});

test('pluginCommand() answers at once for a line that cannot run', () => {
  const cases: { line: string; output: string }[] = [
    { line: ' \t', output: 'UNKNOWN - cannot run plugin (none): the command line is empty' },
    { line: '/p/check a\0b', output: 'UNKNOWN - cannot run plugin /p/check: the command line contains a NUL byte' },
  ];
  for (const { line, output } of cases) {
    const command = pluginCommand(line);
    assert.ok(!command.ok, line);
    assert.equal(command.result.status, 3);
    assert.equal(command.result.output, output);
  }
});
