/**
 * `native:ldap` against hostile fake servers on loopback: each ends in a clear CRITICAL (or the
 * timeout state) within the timeout, and bad parameters are UNKNOWN without a connection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import type { CheckResult } from '../../model/check-result.js';
import { ldapCheck } from './ldap-check.js';
import { closeServer, listenOnLoopback } from './native-checks-for-tests.js';

function run(port: number, parameters: Record<string, string> = {}): Promise<CheckResult> {
  return ldapCheck(new Map(Object.entries({ host: '127.0.0.1', port: String(port), ...parameters })), {
    timeoutMs: 1000,
    timeoutStatus: 2,
    signal: new AbortController().signal,
  });
}

/** SEQUENCE { id, [op] { code, "", diagnostic } }. */
function response(id: number, op: number, code: number, diagnostic = ''): Buffer {
  const text = Buffer.from(diagnostic);
  const result = Buffer.concat([Buffer.from([0x0a, 1, code, 0x04, 0, 0x04, text.length]), text]);
  const body = Buffer.concat([Buffer.from([0x02, 1, id, op, result.length]), result]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

const HOSTILE: [string, (socket: Socket) => void, RegExp][] = [
  [
    'never answers',
    () => undefined,
    /^LDAP CRITICAL - Socket timeout after 1 seconds while waiting for the bind response$/,
  ],
  [
    'answers garbage',
    (socket) => socket.end(randomBytes(64).fill(0x48, 0, 1)),
    /not an LDAP message while waiting for the bind response/,
  ],
  [
    'announces a 2 GiB message',
    (socket) => socket.write(Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02])),
    /an LDAP message of 2147483653 bytes/,
  ],
  [
    'a malformed response',
    (socket) => socket.end(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])),
    /a malformed LDAP message while waiting for the bind response/,
  ],
  [
    'a notice of disconnection',
    (socket) => socket.end(response(0, 0x78, 52, 'going away')),
    /the server ended the session: unavailable \(52\): going away/,
  ],
  [
    'the answer to another message',
    (socket) => socket.end(response(9, 0x61, 0)),
    /an unexpected LDAP message \(id 9, operation 0x61\)/,
  ],
  [
    'resets the connection',
    (socket) => socket.resetAndDestroy(),
    /Connection reset by peer|connection closed by the server/,
  ],
  [
    'binds, then streams entries without end',
    (socket) => {
      socket.once('data', () => {
        socket.write(response(1, 0x61, 0));
        const entry = Buffer.from([0x30, 0x07, 0x02, 0x01, 0x02, 0x64, 0x02, 0x04, 0x00]);
        const many = Buffer.concat(Array.from({ length: 2000 }, () => entry));
        socket.once('data', () => socket.write(many));
      });
    },
    /more than 1000 entries for a base search/,
  ],
];

test('hostile LDAP servers end in a clear CRITICAL within the timeout', async () => {
  for (const [name, behave, output] of HOSTILE) {
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      if (name.startsWith('binds')) behave(socket);
      else socket.once('data', () => behave(socket));
    });
    const port = await listenOnLoopback(server);
    try {
      const started = performance.now();
      const result = await run(port);
      assert.equal(result.status, 2, `${name}: ${result.output}`);
      assert.match(result.output, output, name);
      assert.ok(performance.now() - started < 1500, name);
    } finally {
      await closeServer(server);
    }
  }
});

test('bad parameters are UNKNOWN and name every problem', async () => {
  const result = await run(1, { password: 'x', filter: '(&(a=b))', usrname: 'x' });
  assert.equal(result.status, 3);
  assert.match(result.output, /^LDAP UNKNOWN - /);
  assert.match(result.output, /"password" needs "username"/);
  assert.match(result.output, /"filter" must be/);
  assert.match(result.output, /unknown parameter "usrname" \(did you mean 'username'\?\)/);
});
