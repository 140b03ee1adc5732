/**
 * native:ping next to check_ping on the same targets: 127.0.0.1, an unused loopback address, a
 * warning threshold below any loopback round trip, and a host that cannot be reached (both
 * programs run in a new network namespace whose loopback is down, so nothing leaves the
 * machine); and the fall-back to TCP connect when fping is missing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../../model/check-result.js';
import { requirePlugin } from '../process/plugins-for-tests.js';
import { closeServer, listenOnLoopback } from './native-checks-for-tests.js';
import { makePingCheck } from './ping-check.js';
import { requireProgram } from './real-servers-for-tests.js';

const fping = requireProgram('/usr/bin/fping', 'fping');
const checkPing = requirePlugin('check_ping', 'monitoring-plugins-basic');
const dir = mkdtempSync(join(tmpdir(), 'watchpost-ping-'));
const server = createServer();
const port = await listenOnLoopback(server);
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeServer(server);
});

/** A program that runs `program` in a new network namespace, where loopback is down. */
function isolated(program: string): string {
  const path = join(dir, `isolated-${program.split('/').pop() ?? 'program'}`);
  writeFileSync(path, `#!/bin/sh\nexec unshare -n ${program} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

function runNative(fpingPath: string, parameters: Record<string, string>): Promise<CheckResult> {
  return makePingCheck({ fping: fpingPath })(new Map(Object.entries(parameters)), {
    timeoutMs: 10_000,
    timeoutStatus: 2,
    signal: new AbortController().signal,
  });
}

function runCheckPing(program: string, args: readonly string[]): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: 15_000 }, (error, stdout) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 3;
      resolve({ status: code, output: stdout.trim() });
    });
  });
}

/** Output with the numbers that vary between runs blanked out. */
function shape(output: string): string {
  return output.replace(/RTA = [\d.]+ ms/, 'RTA = _ ms').replace(/rta=[\d.]+ms/, 'rta=_ms');
}

test('native ping and check_ping give the same state, output and performance data', async () => {
  const rows: [string, string, string, string, number][] = [
    ['127.0.0.1', '127.0.0.1', '100.0,20%', '500.0,60%', 0],
    ['unused loopback address', '127.0.0.9', '100.0,20%', '500.0,60%', 0],
    ['round trip above warning', '127.0.0.1', '0.001,20%', '500.0,60%', 1],
    ['round trip above critical', '127.0.0.1', '0.001,20%', '0.002,60%', 2],
  ];
  for (const [name, host, warning, critical, status] of rows) {
    const native = await runNative(fping, { host, warning, critical, packets: '3' });
    const plugin = await runCheckPing(checkPing, ['-H', host, '-w', warning, '-c', critical, '-p', '3']);
    assert.equal(native.status, status, `${name}: ${native.output}`);
    assert.equal(plugin.status, status, `${name} (check_ping): ${plugin.output}`);
    assert.equal(shape(`${native.output}|${native.perfdata}`), shape(plugin.output), name);
  }
});

test('a host that cannot be reached is CRITICAL with 100% loss, as check_ping has it', async () => {
  const native = await runNative(isolated(fping), { host: '127.0.0.1', packets: '2' });
  const plugin = await runCheckPing(isolated(checkPing), [
    '-H',
    '127.0.0.1',
    '-w',
    '3000.0,80%',
    '-c',
    '5000.0,100%',
    '-p',
    '2',
  ]);
  assert.equal(plugin.status, 2, plugin.output);
  assert.equal(native.status, 2, native.output);
  assert.equal(native.output, 'PING CRITICAL - Packet loss = 100%');
  assert.equal(native.perfdata, 'pl=100%;80;100;0;');
});

test('checks that start together share one fping call', async () => {
  const log = join(dir, 'calls');
  const counting = join(dir, 'counting-fping');
  writeFileSync(counting, `#!/bin/sh\necho "$@" >> ${log}\nexec ${fping} "$@"\n`);
  chmodSync(counting, 0o755);
  const check = makePingCheck({ fping: counting });
  const context = { timeoutMs: 10_000, timeoutStatus: 2 as const, signal: new AbortController().signal };
  const hosts = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.1'];
  const results = await Promise.all(
    hosts.map((host) =>
      check(
        new Map([
          ['host', host],
          ['packets', '2'],
        ]),
        context,
      ),
    ),
  );
  for (const result of results) assert.match(result.output, /^PING OK - Packet loss = 0%, RTA = [\d.]+ ms$/);
  const calls = readFileSync(log, 'utf8').trim().split('\n');
  assert.deepEqual(calls, ['-q -c 2 -p 200 -t 1000 127.0.0.1 127.0.0.2 127.0.0.3']);
});

test('without fping the host is checked by TCP connect', async () => {
  const result = await runNative(join(dir, 'no-fping'), { host: '127.0.0.1', port: String(port) });
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, new RegExp(`^ALIVE OK - 127\\.0\\.0\\.1 is alive: port ${port} accepted the connection`));
  assert.match(
    result.longOutput,
    /^No ICMP: .*no-fping cannot be run \(ENOENT\): install the Debian package fping; checked by TCP connect instead/,
  );
});

test('bad ping parameters are UNKNOWN, naming each', async () => {
  const rows: [Record<string, string>, RegExp][] = [
    [{}, /parameter "host" is required/],
    [{ host: '-f' }, /parameter "host" must be a host name or address/],
    [{ host: 'h', warning: '100' }, /parameter "warning" must be like 100.0,20%/],
    [{ host: 'h', critical: '1,101%' }, /parameter "critical" must be like/],
    [{ host: 'h', packets: '0' }, /parameter "packets" must be a whole number from 1 to 100/],
    [{ host: 'h', count: '1' }, /unknown parameter "count"/],
  ];
  for (const [parameters, output] of rows) {
    const result = await runNative(fping, parameters);
    assert.equal(result.status, 3, JSON.stringify(parameters));
    assert.match(result.output, output);
  }
});
