import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogFields, Logger, LogLevel } from '../../lib/logger.js';
import { RecordingCommandSink } from '../../testing/fake-status-source.js';
import { fixtureSource } from '../../testing/livestatus-fixture.js';
import { makeTestCertificates, type TestCertificates } from './make-test-certificates.js';
import { sendRequest, type ClientTls } from './send-request.js';
import {
  startLivestatus,
  type LivestatusOptions,
  type LivestatusServer,
  type TcpSecurity,
} from './start-livestatus.js';

const SECRET = 'correct-horse-battery-staple-42';
const HOSTS = 'GET hosts\nColumns: name state\nResponseHeader: fixed16\n\n';
const HOSTS_ANSWER = '200          23\nrouter;0\nsrv1;0\nsrv2;1\n';

let dir = '';
let certs: TestCertificates;
const pem = (path: string): Buffer => readFileSync(path);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchpost-tls-'));
  certs = makeTestCertificates(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

class RecordingLogger implements Logger {
  readonly lines: { level: LogLevel; message: string; fields: LogFields }[] = [];
  log(level: LogLevel, message: string, fields: LogFields = {}): void {
    this.lines.push({ level, message, fields });
  }
  find(message: string): LogFields | undefined {
    return this.lines.find((l) => l.message === message)?.fields;
  }
}

interface Site {
  readonly server: LivestatusServer;
  readonly port: number;
  readonly logger: RecordingLogger;
  readonly commands: RecordingCommandSink;
}

function security(options: { clientCertificates?: boolean; secret?: string | null } = {}): TcpSecurity {
  return {
    tls: {
      cert: pem(certs.serverCert),
      key: pem(certs.serverKey),
      ca: pem(certs.caCert),
      requireClientCertificate: options.clientCertificates ?? false,
    },
    secret: options.secret ?? null,
  };
}

async function withSite(
  tcpSecurity: TcpSecurity,
  body: (site: Site) => Promise<void>,
  options: Partial<LivestatusOptions> = {},
): Promise<void> {
  const logger = new RecordingLogger();
  const commands = new RecordingCommandSink();
  const server = await startLivestatus({
    source: fixtureSource(),
    commands,
    tcp: { address: '127.0.0.1', port: 0, security: tcpSecurity },
    logger,
    ...options,
  });
  try {
    await body({ server, port: server.tcpAddress?.port ?? 0, logger, commands });
  } finally {
    await server.close();
  }
}

const trusted = (): ClientTls => ({ ca: pem(certs.caCert) });
const withClientCert = (): ClientTls => ({
  ca: pem(certs.caCert),
  cert: pem(certs.clientCert),
  key: pem(certs.clientKey),
});

async function ask(port: number, tls: ClientTls, request: string, secret?: string): Promise<string> {
  const sent = await sendRequest(
    { kind: 'tcp', host: '127.0.0.1', port, tls, ...(secret === undefined ? {} : { secret }) },
    request,
    5000,
  );
  return sent.ok ? sent.answer.toString('utf8') : `failed: ${sent.reason}`;
}

/** Opens a TLS connection and collects what arrives until the server closes; `error` if it broke. */
function tlsExchange(
  port: number,
  tls: ClientTls,
  chunks: readonly string[],
): Promise<{ received: string; error: string | null; secured: boolean }> {
  return new Promise((resolve) => {
    const socket: TLSSocket = connectTls({ host: '127.0.0.1', port, ...tls, rejectUnauthorized: true });
    const received: Buffer[] = [];
    let error: string | null = null;
    let secured = false;
    socket.on('secureConnect', () => {
      secured = true;
      for (const chunk of chunks) socket.write(chunk);
    });
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ received: Buffer.concat(received).toString('utf8'), error, secured }));
  });
}

function rawTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: Socket): Promise<string> {
  const received: Buffer[] = [];
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(received).toString('latin1')));
  });
}

test('TLS: a client trusting the test CA gets answers; one trusting only the system CAs fails the handshake', async () => {
  await withSite(security(), async (site) => {
    assert.equal(await ask(site.port, trusted(), HOSTS), HOSTS_ANSWER);
    assert.match(
      await ask(site.port, {}, HOSTS),
      /^failed: cannot talk to 127\.0\.0\.1:\d+: .*(SELF_SIGNED|UNABLE|CERT)/,
    );
    assert.match(
      await ask(site.port, { ca: pem(certs.strangerCaCert) }, HOSTS),
      /^failed: .*(SELF_SIGNED|UNABLE|CERT)/,
    );
  });
});

test('TLS: KeepAlive and COMMAND work over one TLS connection as over plain TCP', async () => {
  await withSite(security(), async (site) => {
    const result = await tlsExchange(site.port, trusted(), [
      'COMMAND [1700000000] SCHEDULE_FORCED_SVC_CHECK;srv1;CPU load;1700000000\n\n',
      'GET hosts\nColumns: name\nKeepAlive: on\nResponseHeader: fixed16\n\n',
      'GET hosts\nColumns: name\nResponseHeader: fixed16\n\n',
    ]);
    assert.equal(result.received, '200          17\nrouter\nsrv1\nsrv2\n'.repeat(2));
    assert.equal(site.commands.received.length, 1);
  });
});

/** Secret cases: what the first line is, what the client sees, what the log says. */
const SECRET_CASES: readonly {
  name: string;
  send: string;
  expected: RegExp | string;
  refused: string | null;
}[] = [
  { name: 'the right secret', send: `Secret: ${SECRET}\n${HOSTS}`, expected: HOSTS_ANSWER, refused: null },
  {
    name: 'the right secret with CRLF and spaces',
    send: `Secret:   ${SECRET}  \r\n${HOSTS}`,
    expected: HOSTS_ANSWER,
    refused: null,
  },
  {
    name: 'a wrong secret, fixed16 asked',
    send: `Secret: ${SECRET}x\n${HOSTS}`,
    expected: /^403 {10}28\naccess denied: wrong secret\n$/,
    refused: 'wrong',
  },
  {
    name: 'a wrong secret of the same length',
    send: `Secret: ${SECRET.replace(/.$/, 'X')}\nGET hosts\n\n`,
    expected: 'access denied: wrong secret\n',
    refused: 'wrong',
  },
  {
    name: 'a missing secret, fixed16 asked',
    send: HOSTS,
    expected: /^403 +\d+\naccess denied: this listener/,
    refused: 'missing',
  },
  {
    name: 'a missing secret before a COMMAND',
    send: 'COMMAND [1700000000] START_EXECUTING_SVC_CHECKS\n\n',
    expected: /^access denied: this listener/,
    refused: 'missing',
  },
  {
    name: 'an empty secret',
    send: `Secret:\n${HOSTS}`,
    expected: /^403 +28\naccess denied: wrong secret\n$/,
    refused: 'wrong',
  },
  {
    name: 'a secret line and nothing else',
    send: `Secret: nope\n`,
    expected: 'access denied: wrong secret\n',
    refused: 'wrong',
  },
];

for (const row of SECRET_CASES) {
  test(`shared secret: ${row.name}`, async () => {
    await withSite(security({ secret: SECRET }), async (site) => {
      const sent = await sendRequest(
        { kind: 'tcp', host: '127.0.0.1', port: site.port, tls: trusted() },
        row.send,
        5000,
      );
      assert.equal(sent.ok, true);
      const answer = sent.ok ? sent.answer.toString('utf8') : '';
      if (typeof row.expected === 'string') assert.equal(answer, row.expected);
      else assert.match(answer, row.expected);
      const refusal = site.logger.find('livestatus connection refused: wrong or missing secret');
      if (row.refused === null) {
        assert.equal(refusal, undefined);
      } else {
        assert.equal(refusal?.reason, row.refused);
        assert.match(String(refusal?.peer), /^127\.0\.0\.1:\d+$/);
        assert.ok(!JSON.stringify(site.logger.lines).includes(SECRET), 'the secret is never logged');
      }
      assert.equal(site.commands.received.length, 0);
    });
  });
}

test('shared secret: sendRequest() sends it as the first line; one secret serves many kept-alive requests', async () => {
  await withSite(security({ secret: SECRET }), async (site) => {
    assert.equal(await ask(site.port, trusted(), HOSTS, SECRET), HOSTS_ANSWER);
    const keep = 'GET hosts\nColumns: name\nKeepAlive: on\nResponseHeader: fixed16\n\n';
    const result = await tlsExchange(site.port, trusted(), [`Secret: ${SECRET}\n`, keep, keep, HOSTS]);
    assert.equal(result.received, '200          17\nrouter\nsrv1\nsrv2\n'.repeat(2) + HOSTS_ANSWER);
  });
});

test('shared secret: a client that sends nothing is refused after the request timeout', async () => {
  await withSite(
    security({ secret: SECRET }),
    async (site) => {
      const result = await tlsExchange(site.port, trusted(), []);
      assert.equal(result.received, "access denied: no 'Secret:' line in time\n");
      assert.equal(site.logger.find('livestatus connection refused: wrong or missing secret')?.reason, 'timeout');
    },
    { requestTimeoutMs: 300 },
  );
});

test('shared secret: sendRequest() refuses to send a secret without TLS', async () => {
  const sent = await sendRequest({ kind: 'tcp', host: '127.0.0.1', port: 1, secret: SECRET }, HOSTS, 1000);
  assert.deepEqual(sent, { ok: false, reason: 'refusing to send the secret to 127.0.0.1:1 without TLS' });
});

test('startLivestatus() refuses a secret without TLS and client certificates without a CA', async () => {
  const base = { source: fixtureSource(), commands: new RecordingCommandSink() };
  await assert.rejects(
    startLivestatus({ ...base, tcp: { address: '127.0.0.1', port: 0, security: { tls: null, secret: SECRET } } }),
    /secret without TLS/,
  );
  const noCa = security({ clientCertificates: true });
  await assert.rejects(
    startLivestatus({
      ...base,
      tcp: { address: '127.0.0.1', port: 0, security: { ...noCa, tls: noCa.tls && { ...noCa.tls, ca: null } } },
    }),
    /need a CA/,
  );
});

/** Client certificate cases: what the client presents, and whether it gets an answer. */
const CLIENT_CERT_CASES: readonly { name: string; tls: () => ClientTls; answered: boolean }[] = [
  { name: 'a certificate from the configured CA', tls: withClientCert, answered: true },
  { name: 'no certificate', tls: trusted, answered: false },
  {
    name: 'a certificate from another CA',
    tls: () => ({ ca: pem(certs.caCert), cert: pem(certs.strangerCert), key: pem(certs.strangerKey) }),
    answered: false,
  },
  {
    name: "the server's own certificate (right CA, but not for clients)",
    tls: () => ({ ca: pem(certs.caCert), cert: pem(certs.serverCert), key: pem(certs.serverKey) }),
    answered: false,
  },
];

for (const row of CLIENT_CERT_CASES) {
  test(`client certificates required: ${row.name} ${row.answered ? 'is answered' : 'fails the handshake'}`, async () => {
    await withSite(security({ clientCertificates: true }), async (site) => {
      const result = await tlsExchange(site.port, row.tls(), [HOSTS]);
      if (row.answered) {
        assert.deepEqual(result, { received: HOSTS_ANSWER, error: null, secured: true });
        return;
      }
      // The client may see an alert or just the close, depending on when the server's verdict arrives.
      assert.equal(result.received, '');
      // The server may learn of the failure a moment after the client has given up.
      for (let i = 0; i < 100 && site.logger.find('livestatus tls handshake failed') === undefined; i++)
        await new Promise((r) => setTimeout(r, 20));
      const failure = site.logger.find('livestatus tls handshake failed');
      assert.match(String(failure?.peer), /^127\.0\.0\.1:\d+$/);
      // The server still answers a good client afterwards.
      assert.equal((await tlsExchange(site.port, withClientCert(), [HOSTS])).received, HOSTS_ANSWER);
    });
  });
}

test('client certificates and a secret together: both are needed', async () => {
  await withSite(security({ clientCertificates: true, secret: SECRET }), async (site) => {
    assert.equal(await ask(site.port, withClientCert(), HOSTS, SECRET), HOSTS_ANSWER);
    assert.match(await ask(site.port, withClientCert(), HOSTS, 'x'.repeat(20)), /^403 /);
    assert.equal((await tlsExchange(site.port, trusted(), [`Secret: ${SECRET}\n`, HOSTS])).received, '');
  });
});

test('hostile TLS clients: plain Livestatus, garbage, a reset and a slow writer are closed; the server lives on', async () => {
  await withSite(
    security({ secret: SECRET }),
    async (site) => {
      // Plain Livestatus to a TLS port: not a ClientHello.
      const plain = await rawTcp(site.port);
      const plainClosed = closed(plain);
      plain.write(HOSTS);
      assert.doesNotMatch(await plainClosed, /router/);
      // Binary garbage.
      const garbage = await rawTcp(site.port);
      const garbageClosed = closed(garbage);
      garbage.write(Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, ...Array.from({ length: 300 }, (_, i) => i % 256)]));
      await garbageClosed;
      // A reset in the middle of the handshake: the start of a ClientHello, then RST.
      const reset = await rawTcp(site.port);
      const resetClosed = closed(reset);
      reset.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
      await new Promise((r) => setTimeout(r, 20));
      reset.resetAndDestroy();
      await resetClosed;
      // Connected, silent: the handshake times out.
      const silent = await rawTcp(site.port);
      await closed(silent);
      // A slow writer: the secret and a request one byte at a time, slower than the request timeout allows.
      const slow = await new Promise<TLSSocket>((resolve) => {
        const s = connectTls({ host: '127.0.0.1', port: site.port, ca: pem(certs.caCert) });
        s.once('secureConnect', () => resolve(s));
      });
      const slowClosed = closed(slow);
      const bytes = `Secret: ${SECRET}\n${HOSTS}`;
      for (let i = 0; i < bytes.length && !slow.destroyed && slow.writable; i++) {
        slow.write(bytes.charAt(i));
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.doesNotMatch(await slowClosed, /router/);
      // The server still answers.
      assert.equal(await ask(site.port, trusted(), HOSTS, SECRET), HOSTS_ANSWER);
      assert.ok(site.logger.lines.some((l) => l.message === 'livestatus tls handshake failed'));
    },
    { requestTimeoutMs: 400 },
  );
});

test('a second, independent TLS client (python3 ssl) with a client certificate and the secret gets the answer', async () => {
  const script = `
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.load_cert_chain(sys.argv[3], sys.argv[4])
with socket.create_connection(('127.0.0.1', int(sys.argv[1]))) as raw:
    with ctx.wrap_socket(raw, server_hostname='localhost') as s:
        s.sendall(b'Secret: ' + sys.argv[5].encode() + b'\\n' + b'GET hosts\\nColumns: name state\\nResponseHeader: fixed16\\n\\n')
        data = b''
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        sys.stdout.write(data.decode())
`;
  await withSite(security({ clientCertificates: true, secret: SECRET }), async (site) => {
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        'python3',
        ['-c', script, String(site.port), certs.caCert, certs.clientCert, certs.clientKey, SECRET],
        { timeout: 10_000 },
        (error, stdout, stderr) => {
          if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT')
            reject(new Error('python3 is missing: install the Debian package python3'));
          else if (error !== null) reject(new Error(`python3 failed: ${stderr}`));
          else resolve(stdout);
        },
      );
    });
    assert.equal(output, HOSTS_ANSWER);
  });
});
