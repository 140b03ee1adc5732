/**
 * Bounded reading from a stream socket: lines and "everything until a match", never holding more
 * than a fixed number of bytes, so an endless banner costs a few kilobytes and then a result.
 * Every read ends when the session ends; failures are values.
 */
import type { Duplex } from 'node:stream';
import { errorFailure, type ConnectionFailure } from './connection-failure.js';
import type { CheckSession } from './check-session.js';

/** What a read yields: the text, or the failure and whatever had arrived before it. */
export type ReadResult = { ok: true; text: string } | { ok: false; failure: ConnectionFailure; received: string };

/** The default limit: more than any greeting, banner or command response a check reads. */
export const DEFAULT_READ_LIMIT = 16 * 1024;

/** Reads from one socket for one session. Detach it before handing the socket to TLS. */
export class SocketReader {
  private buffer: Buffer = Buffer.alloc(0);
  private failure: ConnectionFailure | null = null;
  private wake: (() => void) | null = null;
  private readonly unsubscribe: () => void;
  private readonly onData = (chunk: Buffer): void => {
    const room = this.limit - this.buffer.length;
    this.buffer = Buffer.concat([this.buffer, room < chunk.length ? chunk.subarray(0, room) : chunk]);
    // Full: stop reading so the kernel's window, not our memory, holds what the peer sends on.
    if (this.buffer.length >= this.limit) this.socket.pause();
    this.notify();
  };
  private readonly onEnd = (): void => this.fail({ kind: 'closed' });
  private readonly onError = (error: unknown): void => this.fail(errorFailure(error));

  constructor(
    private readonly socket: Duplex,
    session: CheckSession,
    private readonly limit = DEFAULT_READ_LIMIT,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
    this.unsubscribe = session.onEnd((end) => this.fail({ kind: end }));
  }

  /** Reads one line (without its CR LF). */
  readLine(): Promise<ReadResult> {
    return this.readWhen(() => {
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return null;
      const line = this.buffer.subarray(0, newline).toString('latin1').replace(/\r$/, '');
      this.buffer = this.buffer.subarray(newline + 1);
      this.socket.resume();
      return line;
    });
  }

  /** Reads until `done` says the text so far is complete; returns all of it. */
  readUntil(done: (text: string) => boolean): Promise<ReadResult> {
    return this.readWhen(() => {
      const text = this.buffer.toString('latin1');
      if (!done(text)) return null;
      this.buffer = Buffer.alloc(0);
      this.socket.resume();
      return text;
    });
  }

  /** The bytes read but not yet taken, as text; empties the buffer. */
  takeRest(): string {
    const text = this.buffer.toString('latin1');
    this.buffer = Buffer.alloc(0);
    return text;
  }

  /** Writes text; resolves with the failure, or `null` once the data is handed to the system. */
  write(text: string): Promise<ConnectionFailure | null> {
    if (this.failure !== null) return Promise.resolve(this.failure);
    return new Promise((resolve) => {
      this.socket.write(text, 'latin1', (error) => resolve(error ? errorFailure(error) : null));
    });
  }

  /** Stops listening to the socket (before STARTTLS hands it to TLS); the socket stays open. */
  detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    this.unsubscribe();
  }

  private async readWhen(take: () => string | null): Promise<ReadResult> {
    for (;;) {
      const taken = take();
      if (taken !== null) return { ok: true, text: taken };
      if (this.failure !== null) return { ok: false, failure: this.failure, received: this.takeRest() };
      if (this.buffer.length >= this.limit) {
        return { ok: false, failure: { kind: 'too-long', limit: this.limit }, received: this.takeRest() };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
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
