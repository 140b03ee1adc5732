import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PluginRequest, PluginStatus } from '../../model/check-result.js';
import { requirePlugin } from './plugins-for-tests.js';
import { createPluginRunner, runPlugin } from './run-plugin.js';

const dir = mkdtempSync(join(tmpdir(), 'watchpost-plugins-'));
const leftovers: number[] = [];
after(() => {
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function script(name: string, body: string, mode = 0o755): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

const request = (commandLine: string, fields: Partial<PluginRequest> = {}): PluginRequest => ({
  commandLine,
  timeoutSeconds: 10,
  timeoutStatus: 3,
  ...fields,
});

/** Whether a process runs; a zombie (killed, not yet reaped by whoever adopted it) does not. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

test('runPlugin() runs check_dummy and maps its exit codes 0..3', async () => {
  const checkDummy = requirePlugin('check_dummy', 'monitoring-plugins-basic');
  const cases: { status: PluginStatus; output: string }[] = [
    { status: 0, output: 'OK: all good' },
    { status: 1, output: 'WARNING: all good' },
    { status: 2, output: 'CRITICAL: all good' },
    { status: 3, output: 'UNKNOWN: all good' },
  ];
  for (const { status, output } of cases) {
    const result = await runPlugin(request(`${checkDummy} ${status} 'all good'`));
    assert.equal(result.status, status);
    assert.equal(result.output, output);
    assert.ok(result.durationMs >= 0);
  }
});

test('runPlugin() kills the whole process group of a plugin that does not end, and reports the timeout', async () => {
  const pidFile = join(dir, 'hang.pid');
  const hang = script('hang', `sleep 300 &\necho $! > ${pidFile}\nwhile true; do sleep 1; done`);
  for (const [timeoutStatus, expected] of [
    [3, 3],
    [2, 2],
  ] as const) {
    const started = Date.now();
    const result = await runPlugin(request(hang, { timeoutSeconds: 1, timeoutStatus }));
    assert.equal(result.status, expected);
    assert.equal(result.output, 'CHECK TIMED OUT after 1s');
    assert.ok(Date.now() - started < 5000, 'resolved soon after the timeout');
    const child = Number(readFileSync(pidFile, 'utf8'));
    leftovers.push(child);
    // SIGKILL to the group reaches the plugin's own children too.
    for (let i = 0; i < 50 && isAlive(child); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(isAlive(child), false, 'the plugin child was killed with its group');
  }
});

test('runPlugin() keeps 64 KiB of a plugin that prints 10 MB and drops the rest', async () => {
  const chatty = script('chatty', 'head -c 10485760 /dev/zero | tr "\\\\0" "x"\necho\necho second line');
  const result = await runPlugin(request(chatty));
  assert.equal(result.status, 0);
  assert.equal(result.output.length, 64 * 1024);
  assert.match(result.output, /^x+$/);
  const small = await createPluginRunner({ outputLimit: 10 })(request(chatty));
  assert.equal(small.output, 'xxxxxxxxxx');
});

test('runPlugin() makes an exit code outside 0..3 UNKNOWN and names the code', async () => {
  const odd = script('odd', 'echo "strange things"\nexit 255');
  const result = await runPlugin(request(odd));
  assert.equal(result.status, 3);
  assert.equal(result.output, 'strange things (exit code 255)');
});

test('runPlugin() resolves when the plugin exits although a grandchild keeps stdout open', async () => {
  const pidFile = join(dir, 'grandchild.pid');
  const forking = script('forking', `sleep 300 &\necho $! > ${pidFile}\necho "OK - parent done"\nexit 0`);
  const started = Date.now();
  const result = await runPlugin(request(forking, { timeoutSeconds: 30 }));
  leftovers.push(Number(readFileSync(pidFile, 'utf8')));
  assert.equal(result.status, 0);
  assert.equal(result.output, 'OK - parent done');
  assert.ok(Date.now() - started < 3000, `resolved after ${Date.now() - started} ms, not at the grandchild's end`);
});

test('runPlugin() reports a plugin that cannot be started, naming the file', async () => {
  const missing = join(dir, 'check_missing');
  const notExecutable = script('not_executable', 'echo never', 0o644);
  const cases: { line: string; output: string }[] = [
    { line: `${missing} -H x`, output: `UNKNOWN - cannot run plugin ${missing}: no such file (ENOENT)` },
    {
      line: notExecutable,
      output: `UNKNOWN - cannot run plugin ${notExecutable}: permission denied (is it executable?) (EACCES)`,
    },
    { line: '   ', output: 'UNKNOWN - cannot run plugin (none): the command line is empty' },
  ];
  for (const { line, output } of cases) {
    const result = await runPlugin(request(line));
    assert.equal(result.status, 3, line);
    assert.equal(result.output, output, line);
  }
});

test('runPlugin() runs a line with shell syntax through /bin/sh', async () => {
  const checkDummy = requirePlugin('check_dummy', 'monitoring-plugins-basic');
  const result = await runPlugin(request(`${checkDummy} 1 piped | tr a-z A-Z; exit 2`));
  assert.equal(result.status, 2);
  assert.equal(result.output, 'WARNING: PIPED');
  const missing = await runPlugin(request(`${join(dir, 'nope')} > /dev/null`));
  assert.equal(missing.status, 3);
  assert.match(missing.output, /nope: not found \(exit code 127: does the plugin exist\?\)$/);
});

test('runPlugin() gives plugins a scrubbed environment: PATH and LANG=C', async () => {
  const printEnv = script('print_env', 'echo "env: $(env | cut -d= -f1 | sort | tr "\\n" " ")| lang=$LANG"');
  const result = await createPluginRunner({ path: '/usr/bin:/bin' })(request(printEnv));
  const names = result.output
    .replace(/^env: /, '')
    .trim()
    .split(' ');
  assert.ok(names.includes('PATH') && names.includes('LANG'), result.output);
  // The shell running the script adds PWD of its own; nothing of ours leaks in.
  assert.deepEqual(
    names.filter((n) => !['PATH', 'LANG', 'PWD'].includes(n)),
    [],
  );
  assert.equal(result.perfdata, 'lang=C');
});

test('runPlugin() ends a running plugin when its signal aborts', async () => {
  const hang = script('hang_abort', 'while true; do sleep 1; done');
  const controller = new AbortController();
  const pending = runPlugin(request(hang, { signal: controller.signal, timeoutSeconds: 60 }));
  setTimeout(() => controller.abort(), 100);
  const result = await pending;
  assert.equal(result.status, 3);
  assert.equal(result.output, 'CHECK ABORTED: monitoring is stopping');
});

test('a missing plugin fails the integration tests with the Debian package to install', () => {
  assert.throws(
    () => requirePlugin('check_not_a_plugin', 'monitoring-plugins-basic'),
    /check_not_a_plugin is missing: install the Debian package monitoring-plugins-basic/,
  );
});
