import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { closeServer, listenOnLoopback, runNativeLine } from './native-checks-for-tests.js';

/** How a hostile server treats a connection. */
const behaviours: Record<string, (socket: Socket) => void> = {
  silent: () => undefined,
  endlessBanner: (socket) => flood(socket, () => Buffer.alloc(64 * 1024, 'A')),
  endlessLines: (socket) => flood(socket, () => Buffer.from('250-more\r\n* more\r\nnot ssh\r\n'.repeat(1000))),
  // Without line ends, so every reader meets the end of the connection, never a line.
  garbage: (socket) => socket.end(randomBytes(4096).map((byte) => (byte === 10 ? 0 : byte))),
  resetOnHello: (socket) => socket.once('data', () => socket.resetAndDestroy()),
};

function flood(socket: Socket, chunk: () => Buffer): void {
  const write = (): void => {
    while (!socket.destroyed && socket.write(chunk()));
  };
  socket.on('drain', write);
  write();
}

const ports = new Map<string, number>();
for (const [name, behave] of Object.entries(behaviours)) {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    behave(socket);
  });
  ports.set(name, await listenOnLoopback(server));
  after(() => closeServer(server));
}

const TIMEOUT_MS = 500;
/**
 * Servers that do answer end their checks as soon as the answer is read; their timeout is long
 * so that a starved test process (a loaded CI machine) still reads what the server sent.
 */
const ANSWERING_TIMEOUT_MS = 5000;

test('hostile servers end every check by its timeout with a clear output', async () => {
  const rows: [string, string, number, RegExp][] = [
    ['silent', 'tcp expect=x', 2, /^TCP CRITICAL - Socket timeout after 0.5 seconds while waiting for the answer$/],
    ['silent', 'tcp ssl=true', 2, /^TCP CRITICAL - Socket timeout after 0.5 seconds during the TLS handshake$/],
    ['silent', 'ssh', 2, /^SSH CRITICAL - Socket timeout after 0.5 seconds while waiting for the SSH identification$/],
    ['silent', 'http', 2, /^HTTP CRITICAL - Socket timeout after 0.5 seconds while fetching from 127.0.0.1 port \d+$/],
    ['silent', 'http ssl=true', 2, /^HTTP CRITICAL - Socket timeout after 0.5 seconds while fetching/],
    ['silent', 'smtp', 2, /^SMTP CRITICAL - Socket timeout after 0.5 seconds in the greeting$/],
    ['silent', 'imap', 2, /^IMAP CRITICAL - Socket timeout after 0.5 seconds while waiting for the greeting$/],
    ['silent', 'pop3 ssl=true', 2, /^POP CRITICAL - Socket timeout after 0.5 seconds during the TLS handshake$/],
    ['endlessBanner', 'tcp expect=x', 1, /^TCP WARNING - Unexpected response from host\/socket: AAAA/],
    [
      'endlessBanner',
      'ssh',
      2,
      /more than 16384 bytes without the expected data while waiting for the SSH identification/,
    ],
    ['endlessBanner', 'smtp', 2, /^SMTP CRITICAL - more than 16384 bytes without the expected data in the greeting/],
    ['endlessBanner', 'imap', 2, /^IMAP CRITICAL - more than 16384 bytes/],
    ['endlessBanner', 'pop3', 2, /^POP CRITICAL - more than 16384 bytes/],
    ['endlessBanner', 'http', 2, /^HTTP CRITICAL - Parse Error/],
    ['endlessLines', 'ssh', 2, /^SSH CRITICAL - No SSH identification in the first 20 lines/],
    ['endlessLines', 'smtp', 1, /^SMTP WARNING - Invalid SMTP reply in the greeting: \* more/],
    ['endlessLines', 'imap', 1, /^IMAP WARNING - Unexpected response from host\/socket: 250-more/],
    ['garbage', 'ssh', 2, /^SSH CRITICAL - /],
    ['garbage', 'smtp', 2, /^SMTP CRITICAL - /],
    ['garbage', 'http', 2, /^HTTP CRITICAL - /],
    ['garbage', 'tcp ssl=true', 2, /^TCP CRITICAL - .*TLS/],
    [
      'resetOnHello',
      'tcp ssl=true',
      2,
      /^TCP CRITICAL - TLS handshake failed: Connection reset by peer during the TLS handshake$/,
    ],
    ['resetOnHello', 'http ssl=true', 2, /^HTTP CRITICAL - Connection reset by peer while fetching/],
    ['resetOnHello', 'imap ssl=true', 2, /^IMAP CRITICAL - TLS handshake failed: Connection reset by peer/],
  ];
  const wrong: string[] = [];
  await Promise.all(
    rows.map(async ([behaviour, check, status, output]) => {
      const [type = '', ...rest] = check.split(' ');
      const line = `native:${type} host=127.0.0.1 port=${ports.get(behaviour) ?? 0} ${rest.join(' ')}`;
      const started = performance.now();
      const timeoutMs = behaviour === 'silent' ? TIMEOUT_MS : ANSWERING_TIMEOUT_MS;
      const result = await runNativeLine(line, { timeoutMs });
      const took = performance.now() - started;
      const name = `${behaviour} ${check}: ${result.output}`;
      if (result.status !== status || !output.test(result.output)) wrong.push(`${name} (wanted ${status} ${output})`);
      // Generous: a busy two-core machine delays timers; a check that waited for more would take seconds.
      if (took > timeoutMs + 1000) wrong.push(`${name} took ${Math.round(took)} ms`);
    }),
  );
  assert.deepEqual(wrong, []);
});

test('an aborted check ends at once with UNKNOWN and closes its socket', async () => {
  const controller = new AbortController();
  const pending = runNativeLine(`native:ssh host=127.0.0.1 port=${ports.get('silent') ?? 0}`, {
    timeoutMs: 10_000,
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(), 50);
  const result = await pending;
  assert.equal(result.status, 3);
  assert.equal(result.output, 'SSH UNKNOWN - check aborted: monitoring is stopping');
});
