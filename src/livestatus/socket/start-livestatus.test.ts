import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync, lstatSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingCommandSink } from '../../testing/fake-status-source.js';
import { fixtureSource } from '../../testing/livestatus-fixture.js';
import { startLivestatus, type LivestatusOptions, type LivestatusServer } from './start-livestatus.js';

type Address = { path: string } | { host: string; port: number };

interface Started {
  readonly server: LivestatusServer;
  readonly unix: Address;
  readonly tcp: Address;
  readonly commands: RecordingCommandSink;
  readonly dir: string;
  stop(): Promise<void>;
}

async function start(options: Partial<LivestatusOptions> = {}): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-live-'));
  const commands = new RecordingCommandSink();
  const path = join(dir, 'live');
  const server = await startLivestatus({
    source: fixtureSource(),
    commands,
    unixSocket: path,
    tcp: { address: '127.0.0.1', port: 0 },
    ...options,
  });
  const port = server.tcpAddress?.port ?? 0;
  return {
    server,
    unix: { path },
    tcp: { host: '127.0.0.1', port },
    commands,
    dir,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function open(address: Address): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(address);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends bytes, optionally closes the sending side, and collects everything until the server closes. */
async function exchange(
  address: Address,
  chunks: readonly (string | Buffer)[],
  options: { halfClose?: boolean; delayMs?: number } = {},
): Promise<string> {
  const socket = await open(address);
  const received: Buffer[] = [];
  const closed = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  for (const chunk of chunks) {
    if (socket.destroyed) break;
    socket.write(chunk);
    if (options.delayMs !== undefined) await new Promise((r) => setTimeout(r, options.delayMs));
  }
  if (options.halfClose !== false && !socket.destroyed) socket.end();
  await closed;
  return Buffer.concat(received).toString('utf8');
}

/** Reads one fixed16-framed answer from a kept-alive socket. */
function readFrame(socket: Socket): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 16) return;
      const length = Number(buffer.subarray(4, 15).toString().trim());
      if (buffer.length < 16 + length) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve({ code: Number(buffer.subarray(0, 3).toString()), body: buffer.subarray(16, 16 + length).toString() });
    };
    const onClose = (): void =>
      reject(new Error(`closed before a complete frame: ${JSON.stringify(buffer.toString())}`));
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

const HOSTS = 'GET hosts\nColumns: name state\nResponseHeader: fixed16\n\n';
const HOSTS_ANSWER = '200          23\nrouter;0\nsrv1;0\nsrv2;1\n';

test('startLivestatus() answers the same over the unix socket and TCP, and removes the socket on close', async () => {
  const site = await start();
  try {
    assert.equal(lstatSync(site.dir + '/live').isSocket(), true);
    assert.equal(await exchange(site.unix, [HOSTS]), HOSTS_ANSWER);
    assert.equal(await exchange(site.tcp, [HOSTS]), HOSTS_ANSWER);
  } finally {
    await site.server.close();
  }
  assert.equal(existsSync(join(site.dir, 'live')), false);
  rmSync(site.dir, { recursive: true, force: true });
});

test('startLivestatus() keeps a connection for KeepAlive and after COMMAND, which gets no bytes', async () => {
  const site = await start();
  try {
    const socket = await open(site.tcp);
    socket.write('GET hosts\nColumns: name\nKeepAlive: on\nResponseHeader: fixed16\n\n');
    assert.deepEqual(await readFrame(socket), { code: 200, body: 'router\nsrv1\nsrv2\n' });
    socket.write('COMMAND [1700000000] SCHEDULE_FORCED_SVC_CHECK;srv1;CPU load;1700000000\n\n');
    socket.write('GET status\nColumns: requests connections\nKeepAlive: on\nResponseHeader: fixed16\n\n');
    const status = await readFrame(socket);
    assert.equal(status.code, 200);
    assert.match(status.body, /^\d+;\d+\n$/);
    assert.equal(site.commands.received.length, 1);
    assert.deepEqual(site.commands.received[0]?.command.args, ['srv1', 'CPU load', '1700000000']);
    assert.equal(site.commands.received[0]?.origin.listener, 'tcp');
    socket.write(HOSTS);
    assert.deepEqual(await readFrame(socket), { code: 200, body: 'router;0\nsrv1;0\nsrv2;1\n' });
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
  } finally {
    await site.stop();
  }
});

test('startLivestatus() serves many concurrent keep-alive clients on both listeners', async () => {
  const site = await start({ maxConnections: 200 });
  try {
    const client = async (i: number): Promise<void> => {
      const socket = await open(i % 2 === 0 ? site.unix : site.tcp);
      for (let n = 0; n < 20; n++) {
        socket.write(
          `GET services\nColumns: host_name description\nFilter: state = ${n % 3}\nKeepAlive: on\nResponseHeader: fixed16\n\n`,
        );
        const frame = await readFrame(socket);
        assert.equal(frame.code, 200);
        assert.equal(frame.body.split('\n').length - 1, [2, 1, 1][n % 3]);
      }
      socket.end();
    };
    await Promise.all(Array.from({ length: 60 }, (_, i) => client(i)));
  } finally {
    await site.stop();
  }
});

test('startLivestatus() replaces a stale socket file and refuses to replace anything else', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-live-'));
  try {
    const first = await startLivestatus({
      source: fixtureSource(),
      commands: new RecordingCommandSink(),
      unixSocket: join(dir, 'live'),
    });
    // A crash leaves the socket file behind: simulate by starting again on the same path.
    const second = await startLivestatus({
      source: fixtureSource(),
      commands: new RecordingCommandSink(),
      unixSocket: join(dir, 'live'),
    });
    assert.equal(await exchange({ path: join(dir, 'live') }, [HOSTS]), HOSTS_ANSWER);
    await second.close();
    await first.close();
    writeFileSync(join(dir, 'file'), 'data');
    await assert.rejects(
      startLivestatus({ source: fixtureSource(), commands: new RecordingCommandSink(), unixSocket: join(dir, 'file') }),
      /exists and is not a socket/,
    );
    await assert.rejects(
      startLivestatus({
        source: fixtureSource(),
        commands: new RecordingCommandSink(),
        unixSocket: join(dir, 'nodir', 'live'),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('startLivestatus() closes connections over the limit at once', async () => {
  const site = await start({ maxConnections: 2 });
  try {
    const a = await open(site.tcp);
    const b = await open(site.unix);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await exchange(site.tcp, [HOSTS]), '');
    a.destroy();
    b.destroy();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await exchange(site.tcp, [HOSTS]), HOSTS_ANSWER);
  } finally {
    await site.stop();
  }
});

test('startLivestatus() answers 451 to a request not complete in time and closes idle connections', async () => {
  const site = await start({ requestTimeoutMs: 200, idleTimeoutMs: 300 });
  try {
    const partial = await exchange(site.tcp, ['GET hosts\nColumns: name\nResponseHeader: fixed16\n'], {
      halfClose: false,
    });
    assert.equal(partial, '451          47\nincomplete request: not complete within 200 ms\n');
    const started = Date.now();
    const idle = await exchange(site.unix, ['GET hosts\nColumns: name\nLimit: 1\nKeepAlive: on\n\n'], {
      halfClose: false,
    });
    assert.equal(idle, 'router\n');
    assert.ok(Date.now() - started >= 250, 'closed only after the idle timeout');
  } finally {
    await site.stop();
  }
});

test('startLivestatus() answers a slow writer that sends one byte at a time within the time limit', async () => {
  const site = await start({ requestTimeoutMs: 5000 });
  try {
    const bytes = [...Buffer.from(HOSTS)].map((b) => Buffer.from([b]));
    assert.equal(await exchange(site.tcp, bytes, { delayMs: 2 }), HOSTS_ANSWER);
  } finally {
    await site.stop();
  }
});

test('startLivestatus() survives hostile clients, answering each with an error, and keeps serving', async () => {
  const site = await start({ limits: { maxLineBytes: 4096, maxRequestBytes: 16384 } });
  try {
    const cases: { name: string; send: (string | Buffer)[]; expect: RegExp }[] = [
      {
        name: 'huge line',
        send: ['GET hosts\nResponseHeader: fixed16\nColumns: ' + 'x'.repeat(100_000)],
        expect: /^451 +\d+\nrequest line longer than 4096 bytes\n$/,
      },
      {
        name: 'huge request',
        send: ['GET hosts\nResponseHeader: fixed16\n' + 'Filter: name = x\n'.repeat(2000) + '\n'],
        expect: /^413 +\d+\nrequest larger than 16384 bytes\n$/,
      },
      {
        name: 'NUL bytes',
        send: ['GET hosts\nColumns: na\0me\nFilter: name = \0\nResponseHeader: fixed16\n\n'],
        expect: /^400 +\d+\nwhile processing header 'Columns': the line contains a NUL byte\n$/,
      },
      {
        name: 'broken header',
        send: ['GET hosts\n:::\nResponseHeader: fixed16\n\n'],
        expect: /^400 +\d+\nwhile processing header '': undefined request header\n$/,
      },
      {
        name: 'garbage method',
        send: [Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0x0a])],
        expect: /^terminating client connection: invalid request method\n$/,
      },
      {
        name: 'regex bomb',
        send: [
          'GET services\nFilter: plugin_output ~ (a+)+$\nFilter: long_plugin_output ~ (.*.*.*)*x\nColumns: description\nResponseHeader: fixed16\n\n',
        ],
        expect: /^200 +0\n$/,
      },
      {
        name: 'regex too complex',
        send: ['GET hosts\nFilter: name ~ ((a{1000}){1000})\nResponseHeader: fixed16\n\n'],
        expect: /^400 +\d+\n.*pattern too complex/,
      },
      {
        name: 'deep nesting',
        send: [
          'GET hosts\nResponseHeader: fixed16\n' +
            'Filter: name = x\nFilter: name = y\nOr: 2\n'.repeat(1) +
            'Filter: name = z\nAnd: 2\n'.repeat(100) +
            '\n',
        ],
        expect: /^400 +\d+\n.*nested deeper than 64 levels/,
      },
      {
        name: 'cut in the middle of a line',
        send: ['GET hosts\nResponseHeader: fixed16\nColumns: na'],
        expect: /^451 +\d+\nincomplete request: the connection was closed in the middle of a line\n$/,
      },
      {
        name: 'newline injection in a filter value',
        send: ['GET hosts\nFilter: name = srv1\nColumns: name\nResponseHeader: fixed16\nBogus\n\n'],
        expect: /^400 +\d+\nwhile processing header 'Bogus': undefined request header\n$/,
      },
      {
        name: 'unknown table',
        send: ['GET ../../etc/passwd\nResponseHeader: fixed16\n\n'],
        expect: /^404 +\d+\nInvalid GET request, no such table '\.\.\/\.\.\/etc\/passwd'\n$/,
      },
      {
        name: 'huge Limit',
        send: ['GET hosts\nLimit: 99999999999999999999\nResponseHeader: fixed16\n\n'],
        expect: /^400 +\d+\nwhile processing header 'Limit': expected non-negative integer\n$/,
      },
    ];
    for (const c of cases) {
      const answer = await exchange(c.name.length % 2 === 0 ? site.tcp : site.unix, c.send);
      assert.match(answer, c.expect, c.name);
    }
    // A client that never reads its (large) answers does not stall anyone else.
    const hog = await open(site.tcp);
    for (let i = 0; i < 200; i++) hog.write('GET columns\nKeepAlive: on\nResponseHeader: fixed16\n\n');
    assert.equal(await exchange(site.unix, [HOSTS]), HOSTS_ANSWER);
    hog.destroy();
    // Connections reset in the middle of a request.
    for (let i = 0; i < 20; i++) {
      const socket = await open(site.tcp);
      socket.write('GET hosts\nColumns: name\n');
      socket.destroy();
    }
    assert.equal(await exchange(site.tcp, [HOSTS]), HOSTS_ANSWER);
  } finally {
    await site.stop();
  }
});
