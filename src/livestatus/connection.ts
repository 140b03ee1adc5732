/**
 * One client connection, independent of sockets: bytes in, answers out, in order. Requests are
 * answered one at a time (a COMMAND before a GET on the same connection is handed over, with
 * all its header lines, before the GET is answered); the connection closes after an answer without keep-alive, after a
 * framing error, and when the client has closed its side and everything is answered.
 */
import { answerRequest, type AnswerContext } from './answer-request.js';
import { frameError } from './frame-response.js';
import type { AnswerText } from './render-result.js';
import type { CommandOrigin } from './ports.js';
import { RequestReader, type ReaderEvent, type ReaderLimits } from './request-reader.js';

/** What the connection does to its transport. */
export interface ConnectionIo {
  /** Sends the text (its pieces in order); resolves when the transport can take more (drained). */
  write(bytes: AnswerText): Promise<void>;
  /** Ends the connection after what was written. */
  close(): void;
  /** Stops and restarts reading while answers are pending. */
  pause(): void;
  resume(): void;
}

/** Why waits of a closed connection end. */
const CLOSED = new Error('livestatus connection closed');

/** Requests read ahead of the one being answered before reading pauses. */
const MAX_QUEUED = 16;

/** A client connection's protocol state. */
export class LivestatusConnection {
  readonly #reader: RequestReader;
  readonly #context: AnswerContext;
  readonly #origin: CommandOrigin;
  readonly #io: ConnectionIo;
  readonly #onRequest: () => void;
  /** Made when a request first waits: most connections never need it. */
  #abort: AbortController | null = null;
  readonly #queue: ReaderEvent[] = [];
  #busy = false;
  #ended = false;
  #closed = false;
  #paused = false;

  constructor(options: {
    readonly context: AnswerContext;
    readonly origin: CommandOrigin;
    readonly io: ConnectionIo;
    readonly limits: ReaderLimits;
    /** Called once per request answered, for the `requests` counter. */
    readonly onRequest?: () => void;
  }) {
    this.#reader = new RequestReader(options.limits);
    this.#context = options.context;
    this.#origin = options.origin;
    this.#io = options.io;
    this.#onRequest = options.onRequest ?? (() => undefined);
  }

  /** Whether nothing is being read or answered: an idle timeout may close the connection. */
  get idle(): boolean {
    return this.#reader.idle && this.#queue.length === 0 && !this.#busy;
  }

  /** Whether a request has started arriving but is not complete: a request timeout applies. */
  get receiving(): boolean {
    return !this.#reader.idle;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Bytes from the client. */
  data(chunk: Uint8Array): void {
    if (this.#closed || this.#ended) return;
    this.#enqueue(this.#reader.push(chunk));
  }

  /** The client closed its sending side. */
  end(): void {
    if (this.#closed || this.#ended) return;
    this.#ended = true;
    this.#enqueue(this.#reader.end());
  }

  /**
   * The request being received took too long: answer 451 and close; a COMMAND with complete
   * lines is carried out instead and the connection stays open.
   */
  requestTimedOut(ms: number): void {
    if (this.#closed) return;
    const event = this.#reader.expire(`incomplete request: not complete within ${ms} ms`);
    if (event.kind === 'error') this.#ended = true;
    this.#enqueue([event]);
  }

  /** Stops at once: pending waits end, nothing more is written. */
  shutdown(): void {
    // Only a request being answered can be waiting: aborting dispatches an event, which every
    // connection closed after its answer would pay for. A reason of our own: without one, abort()
    // builds a DOMException with a stack trace.
    if (this.#busy) this.#abort?.abort(CLOSED);
    this.#close();
  }

  /** The signal that ends this connection's waits. */
  readonly #signal = (): AbortSignal => (this.#abort ??= new AbortController()).signal;

  #enqueue(events: readonly ReaderEvent[]): void {
    this.#queue.push(...events);
    if (this.#queue.length >= MAX_QUEUED && !this.#paused) {
      this.#paused = true;
      this.#io.pause();
    }
    void this.#pump();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#io.close();
  }

  async #pump(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      for (let event = this.#queue.shift(); event !== undefined && !this.#closed; event = this.#queue.shift()) {
        if (this.#paused && this.#queue.length < MAX_QUEUED / 2) {
          this.#paused = false;
          this.#io.resume();
        }
        if (event.kind === 'error') {
          await this.#io.write(frameError(event.error, event.fixed16));
          this.#close();
          return;
        }
        const answer = await answerRequest(event.lines, this.#origin, this.#context, this.#signal);
        this.#onRequest();
        if (this.#closed) return;
        if (answer.bytes !== '') await this.#io.write(answer.bytes);
        if (!answer.keepOpen) {
          this.#close();
          return;
        }
      }
      if (this.#ended && !this.#closed) this.#close();
    } finally {
      this.#busy = false;
    }
  }
}
