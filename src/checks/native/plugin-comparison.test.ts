/**
 * The native checks against real nginx and sshd, next to the Monitoring Plugins on the same
 * targets: every row must give the same state from both (and the state the row expects).
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePlugin } from '../process/plugins-for-tests.js';
import { makeTestCertificates, removeTestCertificates } from './certificates-for-tests.js';
import { runNativeLine } from './native-checks-for-tests.js';
import { freePorts, handToServerUser, startNginx, startSshd, type RealServer } from './real-servers-for-tests.js';

const certificates = makeTestCertificates();
after(() => removeTestCertificates(certificates));
handToServerUser(certificates.dir);
const [http = 0, good = 0, expired = 0, wrongName = 0, selfSigned = 0, soon = 0, ssh = 0, closed = 0] =
  await freePorts(8);
const servers: RealServer[] = [];
/** A UDP echo server that stays silent for `quiet`. */
const udpServer = createSocket('udp4');
udpServer.on('message', (message, peer) => {
  if (message.toString() !== 'quiet') udpServer.send(`echo ${message.toString()}`, peer.port, peer.address);
});
await new Promise<void>((resolve) => udpServer.bind(0, '127.0.0.1', resolve));
const udp = udpServer.address().port;

before(async () => {
  const plain = `    location = / { return 200 'it works\\n'; }
    location = /moved { return 301 /; }
    location = /loop { return 302 /loop; }
    location = /missing { return 404; }
    location = /error { return 500; }
    location /chain/ { return 302 $uri/x; }`;
  const secure = "    location / { return 200 'secure\\n'; }";
  servers.push(
    await startNginx(mkdtempSync(join(tmpdir(), 'watchpost-nginx-')), [
      { port: http, body: plain },
      { port: http, serverName: 'vhost.test', body: '    return 503;' },
      { port: good, tls: certificates.good, body: secure },
      { port: expired, tls: certificates.expired, body: secure },
      { port: wrongName, tls: certificates.wrongName, body: secure },
      { port: selfSigned, tls: certificates.selfSigned, body: secure },
      { port: soon, tls: certificates.soonExpiring, body: secure },
    ]),
  );
  servers.push(await startSshd(mkdtempSync(join(tmpdir(), 'watchpost-sshd-')), ssh));
});
after(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  udpServer.close();
});

/** Runs a Monitoring Plugin; its exit code is the state. */
function runPlugin(name: string, args: readonly string[]): Promise<{ status: number; output: string }> {
  const path = requirePlugin(
    name,
    ['check_ssh', 'check_tcp', 'check_udp'].includes(name) ? 'monitoring-plugins-basic' : 'monitoring-plugins-standard',
  );
  return new Promise((resolve) => {
    execFile(path, args, { timeout: 15_000 }, (error, stdout) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 3;
      resolve({ status: code, output: stdout.split('\n')[0] ?? '' });
    });
  });
}

const H = '127.0.0.1';
const trusted = `ssl=true hostname=good.test ca_file=${certificates.caFile}`;
const curlVerify = (port: number): string[] => [
  '-H',
  'good.test',
  '-I',
  H,
  '-p',
  String(port),
  '-S',
  '--sni',
  '-D',
  '--ca-cert',
  certificates.caFile,
];
const sslOnly = (port: number, days: string): string[] => [
  '-H',
  'good.test',
  '-I',
  H,
  '-p',
  String(port),
  '-S',
  '--sni',
  '-C',
  days,
];

/** [what, native line after `native:`, plugin and arguments, expected state]. */
const rows = (): [string, string, string, string[], number][] => [
  ['http 200', `http host=${H} port=${http}`, 'check_http', ['-H', H, '-p', `${http}`], 0],
  [
    'redirect followed',
    `http host=${H} port=${http} uri=/moved`,
    'check_http',
    ['-H', H, '-p', `${http}`, '-u', '/moved', '-f', 'follow'],
    0,
  ],
  [
    'redirect accepted',
    `http host=${H} port=${http} uri=/moved max_redirects=0`,
    'check_http',
    ['-H', H, '-p', `${http}`, '-u', '/moved'],
    0,
  ],
  [
    'redirect refused',
    `http host=${H} port=${http} uri=/moved accept_redirection=false`,
    'check_http',
    ['-H', H, '-p', `${http}`, '-u', '/moved', '-f', 'critical'],
    2,
  ],
  [
    'redirect chain too long',
    `http host=${H} port=${http} uri=/chain/ max_redirects=3`,
    'check_http',
    ['-H', H, '-p', `${http}`, '-u', '/chain/', '-f', 'follow', '--max-redirs=3'],
    1,
  ],
  [
    'redirect loop',
    `http host=${H} port=${http} uri=/loop max_redirects=3`,
    'check_http',
    ['-H', H, '-p', `${http}`, '-u', '/loop', '-f', 'follow', '--max-redirs=3'],
    2,
  ],
  ['404', `http host=${H} port=${http} uri=/missing`, 'check_http', ['-H', H, '-p', `${http}`, '-u', '/missing'], 1],
  [
    '404 expected',
    `http host=${H} port=${http} uri=/missing expect=404`,
    'check_http',
    ['-H', H, '-p', `${http}`, '-u', '/missing', '-e', '404'],
    0,
  ],
  ['500', `http host=${H} port=${http} uri=/error`, 'check_http', ['-H', H, '-p', `${http}`, '-u', '/error'], 2],
  [
    'string found',
    `http host=${H} port=${http} string=works`,
    'check_http',
    ['-H', H, '-p', `${http}`, '-s', 'works'],
    0,
  ],
  [
    'string missing',
    `http host=${H} port=${http} string=fails`,
    'check_http',
    ['-H', H, '-p', `${http}`, '-s', 'fails'],
    2,
  ],
  [
    'regex',
    `http host=${H} port=${http} regex='it w.rks'`,
    'check_http',
    ['-H', H, '-p', `${http}`, '-r', 'it w.rks'],
    0,
  ],
  [
    'Host header',
    `http host=${H} port=${http} hostname=vhost.test`,
    'check_http',
    ['-H', 'vhost.test', '-I', H, '-p', `${http}`],
    2,
  ],
  ['https trusted', `http host=${H} port=${good} ${trusted}`, 'check_curl', curlVerify(good), 0],
  [
    'https untrusted chain',
    `http host=${H} port=${good} ssl=true hostname=good.test`,
    'check_curl',
    ['-H', 'good.test', '-I', H, '-p', `${good}`, '-S', '--sni', '-D'],
    2,
  ],
  ['https expired', `http host=${H} port=${expired} ${trusted}`, 'check_curl', curlVerify(expired), 2],
  ['https expired (date)', `http host=${H} port=${expired} ${trusted}`, 'check_http', sslOnly(expired, '30'), 2],
  ['https wrong name', `http host=${H} port=${wrongName} ${trusted}`, 'check_curl', curlVerify(wrongName), 2],
  ['https self-signed', `http host=${H} port=${selfSigned} ${trusted}`, 'check_curl', curlVerify(selfSigned), 2],
  [
    'https self-signed ignored',
    `http host=${H} port=${selfSigned} ${trusted} ignore_invalid_ssl=true`,
    'check_http',
    ['-H', 'good.test', '-I', H, '-p', `${selfSigned}`, '-S', '--sni'],
    0,
  ],
  [
    'https expiring soon',
    `http host=${H} port=${soon} ${trusted} expire_before_days=30`,
    'check_http',
    sslOnly(soon, '30'),
    1,
  ],
  [
    'https expiring later',
    `http host=${H} port=${good} ${trusted} expire_before_days=30`,
    'check_http',
    sslOnly(good, '30'),
    0,
  ],
  ['tcp open', `tcp host=${H} port=${http}`, 'check_tcp', ['-H', H, '-p', `${http}`], 0],
  ['tcp closed', `tcp host=${H} port=${closed}`, 'check_tcp', ['-H', H, '-p', `${closed}`], 2],
  [
    'tcp send/expect',
    `tcp host=${H} port=${http} send='GET / HTTP/1.0\\r\\n\\r\\n' expect='200 OK'`,
    'check_tcp',
    ['-H', H, '-p', `${http}`, '-s', 'GET / HTTP/1.0\r\n\r\n', '-e', '200 OK'],
    0,
  ],
  [
    'tcp ssl expiring soon',
    `tcp host=${H} port=${soon} ssl=true ssl_hostname=good.test ca_file=${certificates.caFile} expire_before_days=30`,
    'check_tcp',
    ['-H', H, '-p', `${soon}`, '-S', '-D', '30'],
    1,
  ],
  [
    'tcp ssl expired',
    `tcp host=${H} port=${expired} ssl=true ssl_hostname=good.test ca_file=${certificates.caFile}`,
    'check_tcp',
    ['-H', H, '-p', `${expired}`, '-S', '-D', '30'],
    2,
  ],
  [
    'tcp ssl good',
    `tcp host=${H} port=${good} ssl=true ssl_hostname=good.test ca_file=${certificates.caFile} expire_before_days=30`,
    'check_tcp',
    ['-H', H, '-p', `${good}`, '-S', '-D', '30'],
    0,
  ],
  [
    'udp answer',
    `udp host=${H} port=${udp} send=hello expect='echo hello'`,
    'check_udp',
    ['-H', H, '-p', `${udp}`, '-s', 'hello', '-e', 'echo hello'],
    0,
  ],
  [
    'udp wrong answer',
    `udp host=${H} port=${udp} send=hello expect=bye`,
    'check_udp',
    ['-H', H, '-p', `${udp}`, '-s', 'hello', '-e', 'bye', '-t', '2'],
    2,
  ],
  [
    'udp silence',
    `udp host=${H} port=${udp} send=quiet expect=x`,
    'check_udp',
    ['-H', H, '-p', `${udp}`, '-s', 'quiet', '-e', 'x', '-t', '2'],
    2,
  ],
  ['ssh', `ssh host=${H} port=${ssh}`, 'check_ssh', ['-H', H, '-p', `${ssh}`], 0],
  [
    'ssh protocol',
    `ssh host=${H} port=${ssh} remote_protocol=2.0`,
    'check_ssh',
    ['-H', H, '-p', `${ssh}`, '-P', '2.0'],
    0,
  ],
  [
    'ssh version mismatch',
    `ssh host=${H} port=${ssh} remote_version=OpenSSH_1.0`,
    'check_ssh',
    ['-H', H, '-p', `${ssh}`, '-r', 'OpenSSH_1.0'],
    2,
  ],
  ['ssh closed', `ssh host=${H} port=${closed}`, 'check_ssh', ['-H', H, '-p', `${closed}`], 2],
  ['ssh on an http port', `ssh host=${H} port=${http}`, 'check_ssh', ['-H', H, '-p', `${http}`, '-t', '2'], 2],
];

test('native checks and the Monitoring Plugins give the same state on real nginx and sshd', async () => {
  const table: string[] = [];
  const wrong: string[] = [];
  for (const [what, line, plugin, args, expected] of rows()) {
    const [native, reference] = await Promise.all([
      runNativeLine(`native:${line}`, { timeoutMs: 2000 }),
      runPlugin(plugin, args),
    ]);
    table.push(
      `${what}: native ${native.status} "${native.output}" | ${plugin} ${reference.status} "${reference.output}"`,
    );
    if (native.status !== expected || reference.status !== expected) {
      wrong.push(
        `${what}: expected ${expected}, native ${native.status} (${native.output}), ${plugin} ${reference.status} (${reference.output})`,
      );
    }
  }
  console.log(table.join('\n'));
  assert.deepEqual(wrong, []);
});

test('the native ssh check reads the real banner', async () => {
  const result = await runNativeLine(`native:ssh host=${H} port=${ssh}`);
  assert.match(result.output, /^SSH OK - OpenSSH_\S+ .*\(protocol 2\.0\)$/);
  assert.match(result.perfdata, /^time=\d\.\d{6}s;;;0\.000000;2\.000000$/);
});
