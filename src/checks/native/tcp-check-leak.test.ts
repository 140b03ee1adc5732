import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { makeTestCertificates, removeTestCertificates } from './certificates-for-tests.js';
import { closeServer, listenOnLoopback, runNativeLine } from './native-checks-for-tests.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function openFiles(): number {
  return readdirSync('/proc/self/fd').length;
}

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

async function runMany(lines: readonly string[], concurrency: number): Promise<number[]> {
  const statuses = [0, 0, 0, 0];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < lines.length; i = next++) {
      const result = await runNativeLine(lines[i] ?? '', { timeoutMs: 5000 });
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

test('10,000 tcp checks and 500 TLS checks leave no file descriptor and no memory behind', async () => {
  const server = createServer((socket) => socket.end('220 ready\r\n'));
  const port = await listenOnLoopback(server);
  after(() => closeServer(server));
  const certificates = makeTestCertificates();
  after(() => removeTestCertificates(certificates));
  const tlsServer = createTlsServer({ key: certificates.good.key, cert: certificates.good.cert }, (socket) => {
    socket.on('error', () => undefined);
    socket.end('hello\r\n');
  });
  const tlsPort = await listenOnLoopback(tlsServer);
  after(() => closeServer(tlsServer));
  const warmUp = [`native:tcp host=127.0.0.1 port=${port} expect=ready`];
  await runMany(warmUp.concat(warmUp), 2);

  const filesBefore = openFiles();
  const heapBefore = await settledHeap();
  const started = performance.now();
  const lines = Array.from({ length: 10_000 }, (_, i) =>
    i % 2 === 0 ? `native:tcp host=127.0.0.1 port=${port}` : `native:tcp host=127.0.0.1 port=${port} expect=ready`,
  );
  const statuses = await runMany(lines, 100);
  const tcpSeconds = (performance.now() - started) / 1000;
  const tlsStarted = performance.now();
  const tlsLine = `native:tcp host=127.0.0.1 port=${tlsPort} ssl=true ssl_hostname=good.test ca_file=${certificates.caFile}`;
  const tlsStatuses = await runMany(
    Array.from({ length: 500 }, () => tlsLine),
    20,
  );
  const tlsSeconds = (performance.now() - tlsStarted) / 1000;
  // The server side closes its ends a moment later; wait for that before counting.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const filesAfter = openFiles();
  const heapAfter = await settledHeap();
  console.log(
    `tcp: 10000 checks in ${tcpSeconds.toFixed(1)} s (${Math.round(10_000 / tcpSeconds)}/s); ` +
      `tls: 500 checks in ${tlsSeconds.toFixed(1)} s; files ${filesBefore} -> ${filesAfter}; ` +
      `heap ${(heapBefore / 1e6).toFixed(1)} MB -> ${(heapAfter / 1e6).toFixed(1)} MB`,
  );
  assert.deepEqual(statuses, [10_000, 0, 0, 0]);
  assert.deepEqual(tlsStatuses, [500, 0, 0, 0]);
  assert.ok(filesAfter <= filesBefore, `open files grew from ${filesBefore} to ${filesAfter}`);
  assert.ok(heapAfter - heapBefore < 5e6, `heap grew by ${heapAfter - heapBefore} bytes`);
});
