import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTestCertificates, type TestCertificates } from '../livestatus/socket/make-test-certificates.js';
import type { CommandSink, ExternalCommand } from '../livestatus/ports.js';
import { startLivestatus } from '../livestatus/socket/start-livestatus.js';
import { fixtureSource } from '../testing/livestatus-fixture.js';
import type { CliIo } from './cli-command.js';
import { commandCommand } from './command.js';
import { queryCommand } from './query.js';

const SECRET = 'the-shared-secret-of-the-test';
let dir = '';
let certs: TestCertificates;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchpost-cli-tls-'));
  certs = makeTestCertificates(dir);
  writeFileSync(join(dir, 'secret'), `${SECRET}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'wrong-secret'), 'not-the-shared-secret-at-all\n', { mode: 0o600 });
});
after(() => rmSync(dir, { recursive: true, force: true }));

function capture(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      cwd: dir,
      stopRequested: new Promise(() => undefined),
      onReload: () => undefined,
    },
    out,
    err,
  };
}

/** Carries out every command except those for srv1, which the (pretend) AuthUser may not touch. */
class PickySink implements CommandSink {
  readonly done: ExternalCommand[] = [];
  submit(command: ExternalCommand): ReturnType<CommandSink['submit']> {
    if (command.args[0] === 'srv1')
      return { ok: false, reason: `${command.name}: user 'ann' may not command 'srv1'`, forbidden: true };
    this.done.push(command);
    return { ok: true };
  }
}

async function withTlsSite(body: (tcp: string, sink: PickySink) => Promise<void>): Promise<void> {
  const sink = new PickySink();
  const server = await startLivestatus({
    source: fixtureSource(),
    commands: sink,
    tcp: {
      address: '127.0.0.1',
      port: 0,
      security: {
        tls: {
          cert: readFileSync(certs.serverCert),
          key: readFileSync(certs.serverKey),
          ca: readFileSync(certs.caCert),
          requireClientCertificate: true,
        },
        secret: SECRET,
      },
    },
  });
  try {
    await body(`127.0.0.1:${server.tcpAddress?.port ?? 0}`, sink);
  } finally {
    await server.close();
  }
}

/** Options (besides --tcp), the exit code, and what stdout or stderr shows. */
const QUERY_CASES: readonly {
  name: string;
  options: Record<string, string | boolean>;
  exit: number;
  out?: string;
  err?: RegExp;
}[] = [
  {
    name: 'CA, client certificate and secret',
    options: { ca: 'test-ca.crt', cert: 'client.crt', key: 'client.key', 'secret-file': 'secret' },
    exit: 0,
    out: 'router;0\nsrv1;0\nsrv2;1',
  },
  {
    name: 'a wrong secret',
    options: { ca: 'test-ca.crt', cert: 'client.crt', key: 'client.key', 'secret-file': 'wrong-secret' },
    exit: 1,
    err: /^403: access denied: wrong secret$/,
  },
  {
    name: 'no secret',
    options: { ca: 'test-ca.crt', cert: 'client.crt', key: 'client.key' },
    exit: 1,
    err: /^403: access denied: this listener requires a first line 'Secret: <secret>'$/,
  },
  {
    name: 'no client certificate',
    options: { ca: 'test-ca.crt', 'secret-file': 'secret' },
    exit: 3,
    err: /^watchpost query: (cannot talk to 127\.0\.0\.1:\d+|the server sent no valid answer)/,
  },
  {
    name: "the system CAs only (the site's CA is not trusted)",
    options: { tls: true, cert: 'client.crt', key: 'client.key', 'secret-file': 'secret' },
    exit: 3,
    err: /^watchpost query: cannot talk to 127\.0\.0\.1:\d+: .*(SELF_SIGNED|UNABLE|CERT)/,
  },
  {
    name: '--cert without --key',
    options: { ca: 'test-ca.crt', cert: 'client.crt' },
    exit: 2,
    err: /--cert and --key go together/,
  },
  {
    name: 'an unreadable CA file',
    options: { ca: 'nope.crt' },
    exit: 2,
    err: /--ca: cannot read nope\.crt \(ENOENT\)/,
  },
];

for (const row of QUERY_CASES) {
  test(`watchpost query --tcp over TLS: ${row.name}`, async () => {
    await withTlsSite(async (tcp) => {
      const c = capture();
      const exit = await queryCommand.run(
        { timeout: '10', tcp, ...row.options },
        ['GET hosts', 'Columns: name state'],
        c.io,
      );
      assert.equal(exit, row.exit, c.err.join('\n'));
      if (row.out !== undefined) assert.equal(c.out.join('\n'), row.out);
      if (row.err !== undefined) assert.match(c.err.join('\n'), row.err);
    });
  });
}

test('watchpost query: TLS options without --tcp are a usage error', async () => {
  const c = capture();
  assert.equal(await queryCommand.run({ timeout: '10', tls: true, socket: 'run/live' }, ['GET hosts'], c.io), 2);
  assert.match(c.err.join(''), /--tls only go with --tcp/);
});

test('watchpost command over TLS reports the commands the site refuses and exits 1', async () => {
  await withTlsSite(async (tcp, sink) => {
    const options = {
      timeout: '10',
      tcp,
      ca: 'test-ca.crt',
      cert: 'client.crt',
      key: 'client.key',
      'secret-file': 'secret',
    };
    const good = capture();
    assert.equal(await commandCommand.run(options, ['ENABLE_HOST_CHECK;srv2'], good.io), 0, good.err.join('\n'));
    const mixed = capture();
    const exit = await commandCommand.run(
      options,
      ['DISABLE_HOST_CHECK;srv2', 'DISABLE_HOST_CHECK;srv1', 'ENABLE_HOST_NOTIFICATIONS;srv2'],
      mixed.io,
    );
    assert.equal(exit, 1);
    assert.match(
      mixed.err.join('\n'),
      /^watchpost command: \[\d+\] DISABLE_HOST_CHECK;srv1: 403: DISABLE_HOST_CHECK: user 'ann' may not command 'srv1'$/,
    );
    assert.deepEqual(
      sink.done.map((c) => c.text),
      ['ENABLE_HOST_CHECK;srv2', 'DISABLE_HOST_CHECK;srv2', 'ENABLE_HOST_NOTIFICATIONS;srv2'],
    );
  });
});

const BIN = fileURLToPath(new URL('../../../bin/watchpost', import.meta.url));

function watchpost(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

test('a started site serves Livestatus over TLS with client certificates and the secret; a mismatched key stops the start', async () => {
  const site = join(dir, 'site');
  assert.equal(watchpost('init', site).status, 0);
  const port = await freePort();
  const tls = (key: string): string =>
    `site: tls\nlivestatus:\n  tcp: true\n  port: ${port}\n  tls: true\n  tls_certificate: ${certs.serverCert}\n` +
    `  tls_key: ${key}\n  tls_ca: ${certs.caCert}\n  tls_client_certificates: required\n  secret_file: ${join(dir, 'secret')}\n`;
  writeFileSync(join(site, 'watchpost.yaml'), tls(certs.clientKey));
  const refused = spawnSync(process.execPath, [BIN, 'start', '--site-dir', site], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(refused.status, 3);
  assert.match(
    refused.stderr,
    /cannot start Livestatus .*livestatus\.tls_key: .*client\.key is not the key of .*server\.crt/,
  );

  writeFileSync(join(site, 'watchpost.yaml'), tls(certs.serverKey));
  const child = spawn(process.execPath, [BIN, 'start', '--site-dir', site], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 15_000;
    while (!/site started/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(output, /livestatus listening .*tls=true/);
    const client = [
      '--tcp',
      `127.0.0.1:${port}`,
      '--ca',
      certs.caCert,
      '--cert',
      certs.clientCert,
      '--key',
      certs.clientKey,
    ];
    const query = watchpost(
      'query',
      ...client,
      '--secret-file',
      join(dir, 'secret'),
      'GET status\nColumns: program_version\n',
    );
    assert.equal(query.status, 0, query.stderr);
    assert.match(query.stdout, /watchpost/);
    const wrong = watchpost('query', ...client, '--secret-file', join(dir, 'wrong-secret'), 'GET status\n');
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /^403: access denied: wrong secret/);
    const command = watchpost(
      'command',
      ...client,
      '--secret-file',
      join(dir, 'secret'),
      'ADD_HOST_COMMENT;nohost;1;me;x',
    );
    assert.equal(command.status, 1);
    assert.match(command.stderr, /ADD_HOST_COMMENT;nohost;1;me;x: 400: /);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(output, /livestatus connection refused: wrong or missing secret peer=127\.0\.0\.1:\d+ reason=wrong/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
