/**
 * The native dns check against a real DNS server (Debian's dnsmasq) on a loopback address,
 * next to check_dns on the same questions: every row must give the same state from both. The
 * server listens on port 53, as check_dns asks no other port, so the test runs as root.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { requirePlugin } from '../process/plugins-for-tests.js';
import { runNativeLine } from './native-checks-for-tests.js';

const DNSMASQ = '/usr/sbin/dnsmasq';
/** A loopback address of its own, so no resolver of the machine (127.0.0.53, say) is in the way. */
const SERVER = '127.0.0.77';

let dnsmasq: ChildProcess | null = null;

before(async () => {
  try {
    accessSync(DNSMASQ, constants.X_OK);
  } catch {
    throw new Error(`${DNSMASQ} is missing: install the Debian package dnsmasq-base`);
  }
  if (process.getuid?.() !== 0) throw new Error('the dnsmasq comparison binds port 53 and must run as root');
  dnsmasq = spawn(
    DNSMASQ,
    [
      '--keep-in-foreground',
      '--no-hosts',
      '--no-resolv',
      '--no-poll',
      '--bind-interfaces',
      `--listen-address=${SERVER}`,
      '--port=53',
      '--user=root',
      '--pid-file=',
      '--conf-file=/dev/null',
      '--host-record=web.watchpost.test,192.0.2.10',
      '--host-record=multi.watchpost.test,192.0.2.21',
      '--host-record=multi.watchpost.test,192.0.2.22',
      '--host-record=six.watchpost.test,2001:db8::6',
      // Everything else is unknown: answered NXDOMAIN, never forwarded.
      '--address=/#/',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errors = '';
  dnsmasq.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  // Ready once it answers.
  for (let i = 0; i < 100; i++) {
    const probe = await runNativeLine(`native:dns host=${SERVER} name=web.watchpost.test`, { timeoutMs: 500 });
    if (probe.status === 0) return;
    if (dnsmasq.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dnsmasq did not answer on ${SERVER}:53: ${errors.trim()}`);
});

after(() => {
  if (dnsmasq?.pid !== undefined && dnsmasq.exitCode === null) process.kill(dnsmasq.pid, 'SIGTERM');
});

function checkDns(args: readonly string[]): Promise<{ status: number; output: string }> {
  const plugin = requirePlugin('check_dns', 'monitoring-plugins-standard');
  return new Promise((resolve) => {
    execFile(plugin, [...args], { timeout: 20_000 }, (error, stdout) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 3;
      resolve({ status: code, output: stdout.trim() });
    });
  });
}

test('dns: the same state as check_dns against a real DNS server', async () => {
  const rows: { name: string; native: string; plugin: string[]; status: number }[] = [
    { name: 'known name', native: 'name=web.watchpost.test', plugin: ['-H', 'web.watchpost.test'], status: 0 },
    {
      name: 'expected address present',
      native: 'name=web.watchpost.test expect=192.0.2.10',
      plugin: ['-H', 'web.watchpost.test', '-a', '192.0.2.10'],
      status: 0,
    },
    {
      name: 'expected address wrong',
      native: 'name=web.watchpost.test expect=192.0.2.99',
      plugin: ['-H', 'web.watchpost.test', '-a', '192.0.2.99'],
      status: 2,
    },
    {
      name: 'two addresses, both expected',
      native: 'name=multi.watchpost.test expect=192.0.2.21,192.0.2.22',
      plugin: ['-H', 'multi.watchpost.test', '-a', '192.0.2.21,192.0.2.22'],
      status: 0,
    },
    { name: 'unknown name', native: 'name=nosuch.watchpost.test', plugin: ['-H', 'nosuch.watchpost.test'], status: 2 },
  ];
  const differences: string[] = [];
  for (const row of rows) {
    const native = await runNativeLine(`native:dns host=${SERVER} ${row.native}`, { timeoutMs: 5000 });
    const plugin = await checkDns([...row.plugin, '-s', SERVER, '-t', '5']);
    if (native.status !== row.status || plugin.status !== row.status) {
      differences.push(
        `${row.name}: native ${native.status} (${native.output}), check_dns ${plugin.status} (${plugin.output}), wanted ${row.status}`,
      );
    }
  }
  assert.deepEqual(differences, []);
});

test('dns: an AAAA record and a server that does not answer', async () => {
  const six = await runNativeLine(`native:dns host=${SERVER} name=six.watchpost.test record=AAAA expect=2001:db8::6`, {
    timeoutMs: 5000,
  });
  assert.equal(six.status, 0, six.output);
  // Nothing listens on this loopback address: the check ends in its timeout with a clear output.
  const silent = await runNativeLine('native:dns host=127.0.0.78 name=web.watchpost.test', { timeoutMs: 1000 });
  assert.equal(silent.status, 2);
  assert.match(silent.output, /^DNS CRITICAL - /);
});
