/**
 * `native:nrpe` against the real NRPE 4 daemon (Debian nagios-nrpe-server), compared with the
 * real check_nrpe (nagios-nrpe-plugin) on the same daemon: same state, same output, long output
 * and performance data.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../model/check-result.js';
import { parsePluginOutput } from '../plugin-output.js';
import { nrpeCheck } from './nrpe-check.js';
import { freePort, runCheckNrpe, startNrpeDaemon, type NrpeDaemon } from './nrpe-daemon-for-tests.js';

const DUMMY = '/usr/lib/nagios/plugins/check_dummy';
const LONG_SCRIPT = `#!/bin/sh
echo "LONG OK - first line | first=1;;;"
i=1
while [ $i -le 40 ]; do
  echo "line $i of the long output, padded so that all lines make more than one kilobyte"
  i=$((i+1))
done
echo "last line | second=2 third=3s"
exit 1
`;
const COMMANDS = {
  ok: `${DUMMY} 0 "all fine|a=1;2;3"`,
  warning: `${DUMMY} 1 "a bit much"`,
  critical: `${DUMMY} 2 "far too much|b=99%;80;90;0;100"`,
  unknown: `${DUMMY} 3`,
  long: '$DIR/long.sh',
  slow: '/bin/sleep 5',
  with_args: `${DUMMY} $ARG1$`,
};

let tlsDaemon: NrpeDaemon;
let plainDaemon: NrpeDaemon;

before(async () => {
  const files = { 'long.sh': LONG_SCRIPT };
  tlsDaemon = await startNrpeDaemon({ ssl: true, commands: COMMANDS, files });
  plainDaemon = await startNrpeDaemon({ ssl: false, commands: COMMANDS, files });
});

after(async () => {
  await tlsDaemon?.stop();
  await plainDaemon?.stop();
});

const context = { timeoutMs: 20_000, timeoutStatus: 3 as const, signal: new AbortController().signal };

function native(parameters: Record<string, string>): Promise<CheckResult> {
  return nrpeCheck(new Map(Object.entries(parameters)), context);
}

function shape(result: CheckResult): object {
  return { status: result.status, output: result.output, longOutput: result.longOutput, perfdata: result.perfdata };
}

async function compare(
  name: string,
  parameters: Record<string, string>,
  checkNrpeArgs: string[],
  mode: 'same-text' | 'same-status',
): Promise<CheckResult> {
  const [ours, theirs] = await Promise.all([native(parameters), runCheckNrpe(checkNrpeArgs)]);
  const parsed = parsePluginOutput(theirs.stdout);
  assert.equal(ours.status, theirs.exitCode, `${name}: state (${ours.output} / ${theirs.stdout.trim()})`);
  if (mode === 'same-text') {
    assert.deepEqual(shape(ours), { status: theirs.exitCode, ...parsed }, name);
  }
  return ours;
}

test('over TLS with anonymous DH (the daemon default), results equal check_nrpe', async () => {
  const port = String(tlsDaemon.port);
  const base = ['-H', '127.0.0.1', '-p', port];
  const cases: [string, Record<string, string>, string[]][] = [
    ['version', {}, []],
    ['ok', { command: 'ok' }, ['-c', 'ok']],
    ['warning', { command: 'warning' }, ['-c', 'warning']],
    ['critical', { command: 'critical' }, ['-c', 'critical']],
    ['unknown', { command: 'unknown' }, ['-c', 'unknown']],
    ['long output over 1 KiB (v4)', { command: 'long' }, ['-c', 'long']],
    ['long output cut to 1 KiB (v2)', { command: 'long', protocol: '2' }, ['-c', 'long', '-2']],
    ['undefined command', { command: 'nosuch' }, ['-c', 'nosuch']],
    ['anonymous DH only', { command: 'critical', adh: '2' }, ['-c', 'critical', '-d', '2']],
  ];
  for (const [name, parameters, args] of cases) {
    await compare(name, { host: '127.0.0.1', port, ...parameters }, [...base, ...args], 'same-text');
  }
  const version = await native({ host: '127.0.0.1', port });
  assert.match(version.output, /^NRPE v4\./);
  const long = await native({ host: '127.0.0.1', port, command: 'long' });
  assert.equal(long.longOutput.split('\n').length, 41);
  assert.equal(long.perfdata, 'first=1;;; second=2 third=3s');
  const cut = await native({ host: '127.0.0.1', port, command: 'long', protocol: '2' });
  assert.ok(cut.longOutput.length < 1024 && cut.longOutput.length > 900, 'v2 carries at most 1023 bytes');
});

test('without TLS (nrpe -n, ssl=false), results equal check_nrpe -n', async () => {
  const port = String(plainDaemon.port);
  const base = ['-H', '127.0.0.1', '-p', port, '-n'];
  const cases: [string, Record<string, string>, string[]][] = [
    ['version', {}, []],
    ['critical', { command: 'critical' }, ['-c', 'critical']],
    ['long output (v4)', { command: 'long' }, ['-c', 'long']],
    ['v2 packets', { command: 'warning', protocol: '2' }, ['-c', 'warning', '-2']],
  ];
  for (const [name, parameters, args] of cases) {
    await compare(name, { host: '127.0.0.1', port, ssl: 'false', ...parameters }, [...base, ...args], 'same-text');
  }
});

test('problems end in the same state as check_nrpe', async () => {
  const tls = String(tlsDaemon.port);
  const plain = String(plainDaemon.port);
  const closed = String(await freePort());
  const cases: [string, Record<string, string>, string[], RegExp][] = [
    [
      'arguments the daemon refuses (Debian builds it without them)',
      { port: tls, command: 'with_args', args: '2' },
      ['-p', tls, '-c', 'with_args', '-a', '2'],
      /^CHECK_NRPE: Receive header underflow - only 0 bytes received/,
    ],
    [
      'plain client, TLS daemon',
      { port: tls, ssl: 'false' },
      ['-p', tls, '-n'],
      /^CHECK_NRPE: Receive header underflow/,
    ],
    [
      'TLS client, plain daemon',
      { port: plain },
      ['-p', plain],
      /^CHECK_NRPE: Error - Could not complete SSL handshake/,
    ],
    [
      'nothing listening',
      { port: closed },
      ['-p', closed],
      /^connect to address 127\.0\.0\.1 port \d+: Connection refused$/,
    ],
  ];
  for (const [name, parameters, args, output] of cases) {
    const ours = await compare(name, { host: '127.0.0.1', ...parameters }, ['-H', '127.0.0.1', ...args], 'same-status');
    assert.match(ours.output, output, name);
  }
  // NRPE 4 daemons refuse v3 packets; check_nrpe -3 then falls back to v2, protocol=3 does not.
  const v3 = await native({ host: '127.0.0.1', port: tls, command: 'ok', protocol: '3' });
  assert.deepEqual(
    [v3.status, v3.output],
    [3, 'CHECK_NRPE: Receive header underflow - only 0 bytes received (16 expected).'],
  );
});

test('a command slower than the timeout ends with check_nrpe timeout line at the timeout', async () => {
  const port = String(tlsDaemon.port);
  const started = performance.now();
  const ours = await compare(
    'timeout',
    { host: '127.0.0.1', port, command: 'slow', timeout: '1' },
    ['-H', '127.0.0.1', '-p', port, '-c', 'slow', '-t', '1'],
    'same-text',
  );
  assert.equal(ours.output, 'CHECK_NRPE STATE CRITICAL: Socket timeout after 1 seconds.');
  assert.ok(performance.now() - started < 3000);
  const unknown = await compare(
    'timeout state',
    { host: '127.0.0.1', port, command: 'slow', timeout: '1:UNKNOWN' },
    ['-H', '127.0.0.1', '-p', port, '-c', 'slow', '-t', '1:UNKNOWN'],
    'same-text',
  );
  assert.equal(unknown.status, 3);
});

/** Makes a CA, a server and a client certificate from it, and a second, unrelated CA, in `dir`. */
function makeCertificates(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const openssl = (args: string[]): void => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(
          'openssl is missing: install the Debian package openssl (or run scripts/install-test-packages.sh)',
        );
      }
      throw error;
    }
  };
  for (const ca of ['ca', 'other-ca']) {
    openssl(['req', '-x509', ...ec, '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-subj', `/CN=${ca}`, '-days', '30']);
  }
  for (const name of ['server', 'client']) {
    openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    openssl([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '30',
    ]);
  }
  for (const file of readdirSync(dir)) chmodSync(join(dir, file), 0o644);
}

test('with certificates (the daemon requires a client certificate), results equal check_nrpe -C -K -A', async () => {
  const daemon = await startNrpeDaemon({
    ssl: true,
    commands: COMMANDS,
    prepare: (dir) => Promise.resolve(makeCertificates(dir)),
    settings: [
      'ssl_version=TLSv1.2+',
      'ssl_use_adh=0',
      'ssl_client_certs=2',
      'ssl_cacert_file=$DIR/ca.pem',
      'ssl_cert_file=$DIR/server.pem',
      'ssl_privatekey_file=$DIR/server.key',
    ],
  });
  try {
    const port = String(daemon.port);
    const file = (name: string): string => join(daemon.dir, name);
    const client = { client_cert: file('client.pem'), client_key: file('client.key') };
    const base = ['-H', '127.0.0.1', '-p', port, '-c', 'warning'];
    const clientArgs = ['-C', file('client.pem'), '-K', file('client.key')];
    const good = await compare(
      'client certificate, daemon verified',
      { host: '127.0.0.1', port, command: 'warning', ...client, ca_cert: file('ca.pem') },
      [...base, ...clientArgs, '-A', file('ca.pem')],
      'same-text',
    );
    assert.equal(good.output, 'WARNING: a bit much');
    const anonymous = await compare(
      'no client certificate',
      { host: '127.0.0.1', port, command: 'warning' },
      base,
      'same-status',
    );
    // Over TLS 1.3 the daemon refuses the missing certificate after the client's handshake is done.
    assert.match(
      anonymous.output,
      /^CHECK_NRPE: (Error - Could not complete SSL handshake with 127\.0\.0\.1: |Receive header underflow .*: tlsv13 alert certificate required)/,
    );
    const untrusted = await compare(
      'daemon certificate from another CA',
      { host: '127.0.0.1', port, command: 'warning', ...client, ca_cert: file('other-ca.pem') },
      [...base, ...clientArgs, '-A', file('other-ca.pem')],
      'same-status',
    );
    assert.match(untrusted.output, /Could not complete SSL handshake with 127\.0\.0\.1: .*certificate/i);
  } finally {
    await daemon.stop();
  }
});
