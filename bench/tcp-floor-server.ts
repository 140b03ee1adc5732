/**
 * The floor under a Livestatus exchange on this machine: a process that answers every request
 * (lines ended by an empty line) with the same one-row fixed16 answer a service lookup gets, and
 * closes, doing nothing else. What a lookup costs over a fresh TCP connection beyond this is the
 * site's; this much is the kernel's loopback and waking two processes, which any server pays.
 *
 * Usage: `node dist/bench/tcp-floor-server.js`; prints its port, stops on SIGTERM.
 */
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BODY = '[["host00500","PING",0,"OK: bench"]]\n';
const ANSWER = `200 ${String(Buffer.byteLength(BODY)).padStart(11)}\n${BODY}`;

function serve(): void {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    let seen = '';
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (seen.includes('\n\n')) socket.end(ANSWER);
    });
    socket.on('error', () => socket.destroy());
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

/** A running floor server: its TCP address and how to stop it. */
export interface FloorServer {
  readonly address: { readonly host: string; readonly port: number };
  stop(): void;
}

/** Starts the floor server in a process of its own; rejects when it does not report a port. */
export function startFloorServer(): Promise<FloorServer> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code ?? 'signal'})`)));
    child.stdout.once('data', (chunk: Buffer) => {
      const port = Number(chunk.toString('utf8').trim());
      if (!Number.isInteger(port) || port <= 0) return reject(new Error(`the floor server said '${String(chunk)}'`));
      resolve({ address: { host: '127.0.0.1', port }, stop: () => child.kill('SIGTERM') });
    });
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) serve();
