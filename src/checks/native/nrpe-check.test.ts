/**
 * `native:nrpe` against fake daemons on loopback: the v2 fallback, argument encoding, and
 * hostile peers (silence, garbage, a wrong CRC, a huge length, an endless stream, a reset in the
 * middle of the TLS handshake), each of which must end in a clear result within the timeout and
 * without holding memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CheckResult } from '../../model/check-result.js';
import { nrpeCheck } from './nrpe-check.js';
import { decodeNrpeQuery, encodeNrpeResponse, nrpeQuerySize } from './nrpe-packet.js';

/** A fake daemon: `answer` gets each connection's socket and its first 16 bytes. */
interface FakeDaemon {
  readonly port: number;
  readonly connections: () => number;
  close(): Promise<void>;
}

async function fakeDaemon(answer: (socket: Socket, head: Buffer) => void): Promise<FakeDaemon> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      if (head.length < 16) return;
      socket.off('data', onData);
      answer(socket, head);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    connections: () => count,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads the rest of a query whose first bytes are `head`, then calls `reply` with it. */
function withQuery(socket: Socket, head: Buffer, reply: (version: number, query: string) => void): void {
  const size = nrpeQuerySize(head);
  if (size === null) {
    socket.destroy();
    return;
  }
  let packet = head;
  const finish = (): void => {
    const query = decodeNrpeQuery(packet.subarray(0, size));
    if (query === null) socket.destroy();
    else reply(query.version, query.query);
  };
  if (packet.length >= size) return finish();
  socket.on('data', (chunk: Buffer) => {
    packet = Buffer.concat([packet, chunk]);
    if (packet.length >= size) finish();
  });
}

const context = (timeoutMs = 5000, signal = new AbortController().signal) => ({
  timeoutMs,
  timeoutStatus: 3 as const,
  signal,
});

function run(port: number, parameters: Record<string, string>, timeoutMs = 5000): Promise<CheckResult> {
  return nrpeCheck(
    new Map(Object.entries({ host: '127.0.0.1', port: String(port), ssl: 'false', ...parameters })),
    context(timeoutMs),
  );
}

test('a daemon that only speaks v2 gets a v2 query after the v4 one, as check_nrpe does', async () => {
  const daemon = await fakeDaemon((socket, head) => {
    if (head.readInt16BE(0) !== 2) return socket.destroy();
    withQuery(socket, head, (_version, query) => socket.end(encodeNrpeResponse(2, 1, `WARNING: got ${query}|q=1`)));
  });
  try {
    const result = await run(daemon.port, { command: 'check_x', arg1: 'a b', arg2: '-w 5' });
    assert.deepEqual([result.status, result.output, result.perfdata], [1, 'WARNING: got check_x!a b!-w 5', 'q=1']);
    assert.equal(daemon.connections(), 2);
    const forced = await run(daemon.port, { command: 'check_x', protocol: '4' });
    assert.equal(forced.status, 3, 'protocol=4 does not fall back');
  } finally {
    await daemon.close();
  }
});

test('v3 and v4 queries carry arguments split like a shell splits check_nrpe -a', async () => {
  const daemon = await fakeDaemon((socket, head) =>
    withQuery(socket, head, (version, query) =>
      socket.end(encodeNrpeResponse(version === 3 ? 3 : 4, 0, `${version} ${query}`)),
    ),
  );
  try {
    const v4 = await run(daemon.port, { command: 'check_disk', args: '-w 20% -c 10%' });
    assert.equal(v4.output, '4 check_disk!-w!20%!-c!10%');
    const v3 = await run(daemon.port, { command: 'check_disk', protocol: '3' });
    assert.equal(v3.output, '3 check_disk');
    assert.equal(daemon.connections(), 2);
  } finally {
    await daemon.close();
  }
});

test('result codes beyond 0..3 are UNKNOWN and say the code; empty output is named', async () => {
  const replies = [encodeNrpeResponse(4, 7, 'odd'), encodeNrpeResponse(4, 2, '')];
  const daemon = await fakeDaemon((socket) => socket.end(replies.shift() ?? Buffer.alloc(0)));
  try {
    const odd = await run(daemon.port, { command: 'x' });
    assert.deepEqual([odd.status, odd.output], [3, 'odd (NRPE result code 7)']);
    const empty = await run(daemon.port, { command: 'x' });
    assert.deepEqual([empty.status, empty.output], [2, 'CHECK_NRPE: No output returned from daemon.']);
  } finally {
    await daemon.close();
  }
});

/** Hostile daemons: what each does, and the result it must cause. */
const HOSTILE: [string, (socket: Socket, head: Buffer) => void, number, RegExp, number][] = [
  // name, daemon, expected status, expected output, expected connections (v4 + v2 fallback = 2)
  ['never answers', () => undefined, 2, /^CHECK_NRPE STATE CRITICAL: Socket timeout after 1 seconds\.$/, 1],
  [
    'answers garbage',
    (socket) => socket.end(randomBytes(2000)),
    3,
    /^CHECK_NRPE: Invalid packet (version|type) received from server\.$/,
    2,
  ],
  [
    'wrong CRC',
    (socket) => {
      const packet = encodeNrpeResponse(4, 0, 'OK: fine');
      packet.writeUInt32BE((packet.readUInt32BE(4) ^ 1) >>> 0, 4);
      socket.end(packet);
    },
    3,
    /^CHECK_NRPE: Response packet had invalid CRC32\.$/,
    1,
  ],
  [
    'huge length field',
    (socket) => {
      const packet = encodeNrpeResponse(4, 0, 'OK');
      packet.writeInt32BE(0x7fffffff, 12);
      socket.end(packet);
    },
    3,
    /^CHECK_NRPE: Invalid packet version received from server\.$/,
    2,
  ],
  [
    'closes in the middle of the text',
    (socket) => socket.end(encodeNrpeResponse(4, 0, 'OK: a long text').subarray(0, 20)),
    3,
    /^CHECK_NRPE: Invalid packet version received from server\.$/,
    2,
  ],
  [
    'sends half the text and stalls',
    (socket) => socket.write(encodeNrpeResponse(4, 0, 'OK: a long text').subarray(0, 20)),
    2,
    /^CHECK_NRPE STATE CRITICAL: Socket timeout after 1 seconds\.$/,
    1,
  ],
  [
    'streams without end after a 64 KiB length',
    (socket) => {
      const head = encodeNrpeResponse(4, 0, 'x'.repeat(65535)).subarray(0, 16);
      socket.write(head);
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = (): void => {
        while (!socket.destroyed && socket.write(chunk));
      };
      socket.on('drain', pump);
      pump();
    },
    3,
    /^CHECK_NRPE: Response packet had invalid CRC32\.$/,
    1,
  ],
  [
    'resets the connection',
    (socket) => socket.resetAndDestroy(),
    3,
    /^CHECK_NRPE: Receive header underflow - only 0 bytes/,
    2,
  ],
];

test('hostile daemons end in a clear UNKNOWN or CRITICAL within the timeout', async () => {
  for (const [name, behave, status, output, connections] of HOSTILE) {
    const daemon = await fakeDaemon(behave);
    try {
      const started = performance.now();
      const result = await run(daemon.port, { command: 'x', timeout: '1' });
      const seconds = (performance.now() - started) / 1000;
      assert.equal(result.status, status, `${name}: ${result.output}`);
      assert.match(result.output, output, name);
      assert.equal(daemon.connections(), connections, `${name}: connections`);
      assert.ok(seconds < 1.5, `${name} took ${seconds}s`);
    } finally {
      await daemon.close();
    }
  }
});

test('a TLS peer that resets in the middle of the handshake is a CRITICAL handshake failure', async () => {
  const daemon = await fakeDaemon((socket) => socket.resetAndDestroy());
  try {
    const result = await nrpeCheck(
      new Map([
        ['host', '127.0.0.1'],
        ['port', String(daemon.port)],
      ]),
      context(),
    );
    assert.equal(result.status, 2);
    assert.match(result.output, /^CHECK_NRPE: Error - Could not complete SSL handshake with 127\.0\.0\.1: /);
  } finally {
    await daemon.close();
  }
});

test('hostile daemons leave no memory behind', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const daemons = await Promise.all(
    HOSTILE.filter(([name]) => !/stall|never/.test(name)).map(([, behave]) => fakeDaemon(behave)),
  );
  try {
    const round = async (): Promise<void> => {
      for (const daemon of daemons) await run(daemon.port, { command: 'x', timeout: '2' });
    };
    await round();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let index = 0; index < 10; index++) await round();
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 8 * 1024 * 1024, `heap grew by ${Math.round(grown / 1024)} KiB`);
  } finally {
    await Promise.all(daemons.map((daemon) => daemon.close()));
  }
});

test('aborting a running check ends it at once with UNKNOWN', async () => {
  const daemon = await fakeDaemon(() => undefined);
  try {
    const controller = new AbortController();
    const pending = nrpeCheck(
      new Map([
        ['host', '127.0.0.1'],
        ['port', String(daemon.port)],
        ['ssl', 'false'],
      ]),
      context(5000, controller.signal),
    );
    setTimeout(() => controller.abort(), 50);
    const result = await pending;
    assert.deepEqual([result.status, result.output], [3, 'CHECK_NRPE: check aborted: monitoring is stopping.']);
  } finally {
    await daemon.close();
  }
});

test('unusable parameters and unreadable certificate files are UNKNOWN/CRITICAL without a connection', async () => {
  const bad = await nrpeCheck(
    new Map([
      ['host', '127.0.0.1'],
      ['protocol', '9'],
    ]),
    context(),
  );
  assert.deepEqual(
    [bad.status, bad.output],
    [3, 'NRPE UNKNOWN - parameter "protocol" must be 2, 3, 4 or auto, not "9"'],
  );
  const missing = await nrpeCheck(
    new Map([
      ['host', '127.0.0.1'],
      ['ca_cert', '/nonexistent/ca.pem'],
    ]),
    context(),
  );
  assert.equal(missing.status, 2);
  assert.match(missing.output, /^Error: could not use CA certificate '\/nonexistent\/ca\.pem': /);
});
