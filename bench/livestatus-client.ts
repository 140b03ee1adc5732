/**
 * The benchmark's Livestatus client, the same for Watchpost and Icinga 2: requests with
 * `ResponseHeader: fixed16`, timed from writing the request to the last byte of the answer (the
 * length in the header says when that is), on a fresh connection or on one kept alive.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** A TCP Livestatus listener. */
export interface LivestatusAddress {
  readonly host: string;
  readonly port: number;
}

/** One answer and how long it took. */
export interface TimedAnswer {
  /** The status code of the fixed16 header. */
  readonly status: number;
  readonly body: string;
  /** From writing the request to its last byte arriving. */
  readonly ms: number;
}

const HEADER_BYTES = 16;

/** Opens a TCP connection; rejects when nobody listens. */
export function openSocket(address: LivestatusAddress): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address.host, port: address.port, noDelay: true });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/**
 * A connection that answers requests one at a time. Each request must ask for
 * `ResponseHeader: fixed16` (the answer's length comes from there).
 */
export class ClientConnection {
  readonly #socket: Socket;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #waiting: ((error: Error | null) => void) | null = null;
  #closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
      this.#waiting?.(null);
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#waiting?.(new Error('the server closed the connection'));
    });
    socket.on('error', () => undefined);
  }

  /** Connects to `address`. */
  static async open(address: LivestatusAddress): Promise<ClientConnection> {
    return new ClientConnection(await openSocket(address));
  }

  /**
   * Sends `request` (lines without the final empty line) and reads its answer; rejects when the
   * answer is not complete within `timeoutMs` (the connection is then closed).
   */
  async request(request: string, timeoutMs = 120_000): Promise<TimedAnswer> {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      this.#socket.destroy();
    }, timeoutMs);
    try {
      return await this.#exchange(request);
    } catch (error) {
      if (late) throw new Error(`no complete answer within ${timeoutMs} ms`, { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async #exchange(request: string): Promise<TimedAnswer> {
    if (this.#closed) throw new Error('the connection is closed');
    this.#chunks = [];
    this.#buffered = 0;
    const start = performance.now();
    this.#socket.write(`${request.replace(/\n*$/, '')}\n\n`);
    await this.#until(HEADER_BYTES);
    const head = Buffer.concat(this.#chunks).subarray(0, HEADER_BYTES).toString('latin1');
    const status = Number(head.slice(0, 3));
    const length = Number(head.slice(4).trim());
    if (!Number.isInteger(status) || !Number.isInteger(length)) throw new Error(`not a fixed16 header: ${head}`);
    await this.#until(HEADER_BYTES + length);
    const ms = performance.now() - start;
    const body = Buffer.concat(this.#chunks)
      .subarray(HEADER_BYTES, HEADER_BYTES + length)
      .toString('utf8');
    return { status, body, ms };
  }

  close(): void {
    this.#socket.destroy();
  }

  async #until(bytes: number): Promise<void> {
    while (this.#buffered < bytes) {
      if (this.#closed) throw new Error(`the server closed the connection after ${this.#buffered} of ${bytes} bytes`);
      await new Promise<void>((resolve, reject) => {
        this.#waiting = (error) => {
          this.#waiting = null;
          if (error === null) resolve();
          else reject(error);
        };
      });
    }
  }
}

/** One request on a fresh connection (connecting is not timed). */
export async function queryOnce(address: LivestatusAddress, request: string, timeoutMs?: number): Promise<TimedAnswer> {
  const connection = await ClientConnection.open(address);
  try {
    return await connection.request(request, timeoutMs);
  } finally {
    connection.close();
  }
}

/**
 * Sends external commands (`NAME;args`, without `COMMAND [time]`) on one connection, each as
 * its own request, and waits until the server has read them all (it closes after our end).
 */
export async function sendCommands(address: LivestatusAddress, commands: readonly string[]): Promise<void> {
  const socket = await openSocket(address);
  const now = Math.floor(Date.now() / 1000);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  socket.resume();
  const batch = 2000;
  for (let i = 0; i < commands.length; i += batch) {
    const text = commands
      .slice(i, i + batch)
      .map((c) => `COMMAND [${now}] ${c}\n\n`)
      .join('');
    if (!socket.write(text)) await new Promise<void>((resolve) => socket.once('drain', () => resolve()));
  }
  socket.end();
  await closed;
}
