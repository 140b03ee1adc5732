/**
 * Bounded reading of exact byte counts from a socket, for binary protocols (NRPE packets, LDAP
 * messages). Never holds more than its limit: past it the socket is paused, so a peer that
 * streams without end costs the kernel's window, not memory. Every read ends when the session
 * ends; failures are values.
 */
import type { Duplex } from 'node:stream';
import type { CheckSession } from './check-session.js';
import { errorFailure, type ConnectionFailure } from './connection-failure.js';

/** The bytes asked for, or the failure and how many bytes had arrived for this read. */
export type BytesRead = { ok: true; bytes: Buffer } | { ok: false; failure: ConnectionFailure; received: number };

/** Reads exact byte counts from one socket for one session. */
export class ByteReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failure: ConnectionFailure | null = null;
  private wake: (() => void) | null = null;
  private readonly unsubscribe: () => void;
  private readonly onData = (chunk: Buffer): void => {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered >= this.limit) this.socket.pause();
    this.notify();
  };
  private readonly onEnd = (): void => this.fail({ kind: 'closed' });
  private readonly onError = (error: unknown): void => this.fail(readFailure(error));

  /** `limit` bounds what is buffered ahead of the reads; no single read may ask for more. */
  constructor(
    private readonly socket: Duplex,
    session: CheckSession,
    private readonly limit: number,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
    this.unsubscribe = session.onEnd((end) => this.fail({ kind: end }));
  }

  /** Reads exactly `count` bytes (at most the reader's limit). */
  async read(count: number): Promise<BytesRead> {
    if (count > this.limit) {
      return { ok: false, failure: { kind: 'too-long', limit: this.limit }, received: 0 };
    }
    for (;;) {
      if (this.buffered >= count) return { ok: true, bytes: this.take(count) };
      if (this.failure !== null) return { ok: false, failure: this.failure, received: this.buffered };
      this.socket.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Writes bytes; resolves with the failure, or `null` once they are handed to the system. */
  write(bytes: Uint8Array): Promise<ConnectionFailure | null> {
    if (this.failure !== null) return Promise.resolve(this.failure);
    return new Promise((resolve) => {
      this.socket.write(bytes, (error) => resolve(error ? errorFailure(error) : null));
    });
  }

  /** Whether bytes arrived that no read has taken yet. */
  get pending(): number {
    return this.buffered;
  }

  /** Stops listening to the socket (before STARTTLS hands it to TLS); the socket stays open. */
  detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    this.unsubscribe();
  }

  private take(count: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(this.chunks);
    const taken = Buffer.from(all.subarray(0, count));
    const rest = all.subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return taken;
  }

  private fail(failure: ConnectionFailure): void {
    // The first failure is the reason; a 'close' after an 'error' must not hide the error.
    this.failure ??= failure;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** The failure of a socket error; for TLS alerts OpenSSL's one-line reason, not its error stack. */
function readFailure(error: unknown): ConnectionFailure {
  const failure = errorFailure(error);
  const reason = typeof error === 'object' && error !== null && 'reason' in error ? error.reason : undefined;
  if (failure.kind !== 'error' || typeof reason !== 'string' || reason === '') return failure;
  return { ...failure, message: reason };
}
