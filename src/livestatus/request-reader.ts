/**
 * Cuts the bytes of a connection into requests, as Checkmk's InputBuffer does: lines end at
 * `\n`, trailing whitespace is stripped, whitespace-only lines are ignored, a truly empty line
 * ends a request, and the end of input ends a request whose last line is complete. More tolerant
 * than Checkmk in two ways: an empty line with no request pending is ignored instead of closing
 * the connection, and a `COMMAND` request also ends where the next method line (`GET`, `COMMAND`)
 * begins (NagVis sends the next `GET` without an empty line in between). A `COMMAND` request has
 * header lines like any other (`AuthUser:`, `ResponseHeader:`), so it is complete only at its end,
 * never at its first line. Bounded: a line or a request over its limit is an error at once,
 * without waiting for the rest.
 */
import { livestatusError, type LivestatusError } from './livestatus-error.js';

/** How much one connection may send. */
export interface ReaderLimits {
  readonly maxLineBytes: number;
  readonly maxRequestBytes: number;
}

/** Defaults: Thruk's longest lines are a few KiB; a GUI request with many filters well under a MiB. */
export const DEFAULT_READER_LIMITS: ReaderLimits = { maxLineBytes: 256 * 1024, maxRequestBytes: 4 * 1024 * 1024 };

/**
 * What the reader found: a complete request, or an error after which the connection must be
 * answered and closed. `fixed16` says whether the request asked for `ResponseHeader: fixed16`
 * before it went wrong, so that the error can be framed the way the client reads answers.
 */
export type ReaderEvent =
  | { readonly kind: 'request'; readonly lines: readonly string[] }
  | { readonly kind: 'error'; readonly error: LivestatusError; readonly fixed16: boolean };

const NEWLINE = 0x0a;

/** One connection's input side. */
export class RequestReader {
  readonly #limits: ReaderLimits;
  #partial: Buffer[] = [];
  #partialBytes = 0;
  #lines: string[] = [];
  #requestBytes = 0;
  #fixed16 = false;
  #failed = false;

  constructor(limits: ReaderLimits = DEFAULT_READER_LIMITS) {
    this.#limits = limits;
  }

  /** Whether nothing of a request has been received yet (between requests). */
  get idle(): boolean {
    return this.#lines.length === 0 && this.#partialBytes === 0;
  }

  /** Takes the next bytes; returns the requests (and at most one final error) they complete. */
  push(chunk: Uint8Array): ReaderEvent[] {
    const events: ReaderEvent[] = [];
    if (this.#failed) return events;
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline < 0 ? chunk.length : newline;
      if (this.#partialBytes + (end - start) > this.#limits.maxLineBytes) {
        events.push(this.#fail(451, `request line longer than ${this.#limits.maxLineBytes} bytes`));
        return events;
      }
      if (newline < 0) {
        this.#partial.push(Buffer.from(chunk.subarray(start)));
        this.#partialBytes += chunk.length - start;
        break;
      }
      const bytes =
        this.#partialBytes === 0
          ? Buffer.from(chunk.subarray(start, newline))
          : Buffer.concat([...this.#partial, chunk.subarray(start, newline)]);
      this.#partial = [];
      this.#partialBytes = 0;
      start = newline + 1;
      const found = this.#line(bytes);
      events.push(...found);
      if (found.some((event) => event.kind === 'error')) return events;
    }
    return events;
  }

  /** The client closed its side: a pending request with complete lines is answered, a cut line is an error. */
  end(): ReaderEvent[] {
    if (this.#failed) return [];
    if (this.#partialBytes > 0) {
      const text = Buffer.concat(this.#partial).toString('utf8');
      if (text.trim() !== '')
        return [this.#fail(451, 'incomplete request: the connection was closed in the middle of a line')];
    }
    if (this.#lines.length === 0) return [];
    const lines = this.#lines;
    this.#reset();
    return [{ kind: 'request', lines }];
  }

  /** An error for the request being read now (a timeout, say); the reader takes no more input. */
  abort(code: 451 | 413, message: string): ReaderEvent {
    return this.#fail(code, message);
  }

  /**
   * The request being read took too long. A COMMAND whose lines are all complete is handed over
   * as it stands (a client that sent `COMMAND ...\n` without the empty line and then waits is
   * served late, not refused); anything else is the error `abort` gives.
   */
  expire(message: string): ReaderEvent {
    if (this.#isCommand() && this.#partialBytes === 0 && !this.#failed) {
      const lines = this.#lines;
      this.#reset();
      return { kind: 'request', lines };
    }
    return this.#fail(451, message);
  }

  #isCommand(): boolean {
    return this.#lines[0]?.startsWith('COMMAND ') === true;
  }

  #fail(code: 451 | 413, message: string): ReaderEvent {
    this.#failed = true;
    const fixed16 = this.#fixed16;
    this.#reset();
    return { kind: 'error', error: livestatusError(code, message), fixed16 };
  }

  #reset(): void {
    this.#lines = [];
    this.#requestBytes = 0;
    this.#fixed16 = false;
    this.#partial = [];
    this.#partialBytes = 0;
  }

  #line(bytes: Buffer): ReaderEvent[] {
    if (bytes.length === 0) {
      if (this.#lines.length === 0) return [];
      const lines = this.#lines;
      this.#reset();
      return [{ kind: 'request', lines }];
    }
    const line = bytes.toString('utf8').replace(/[ \t\r\v\f]+$/, '');
    if (line === '') return [];
    const done: ReaderEvent[] = [];
    if (this.#isCommand() && (line === 'GET' || line.startsWith('GET ') || line.startsWith('COMMAND '))) {
      // A method line after a COMMAND without the empty line in between: the COMMAND is complete.
      done.push({ kind: 'request', lines: this.#lines });
      this.#reset();
    }
    this.#requestBytes += bytes.length + 1;
    if (this.#requestBytes > this.#limits.maxRequestBytes) {
      done.push(this.#fail(413, `request larger than ${this.#limits.maxRequestBytes} bytes`));
      return done;
    }
    if (/^ResponseHeader:[ \t]*fixed16$/.test(line)) this.#fixed16 = true;
    this.#lines.push(line);
    return done;
  }
}
