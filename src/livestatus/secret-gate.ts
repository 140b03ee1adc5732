/**
 * The shared-secret check in front of a TCP connection. When the listener has a secret, the
 * first line of every connection must be `Secret: <secret>`; the gate consumes that line and
 * hands every later byte to the Livestatus connection untouched, so the requests after it are
 * plain Livestatus. Once per connection, not per request, so that keep-alive clients pay once
 * and no request needs a header Livestatus does not know.
 *
 * A missing or wrong secret is refused with a 403. To frame that answer the way the client reads
 * answers, the gate first reads the client's first request (bounded, like any request) and looks
 * for `ResponseHeader: fixed16` in it; then the connection is closed. The secret is compared as
 * SHA-256 digests with `timingSafeEqual`, so neither its length nor its content shows in the
 * time the comparison takes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { frameError } from './frame-response.js';
import { livestatusError } from './livestatus-error.js';
import { RequestReader, type ReaderEvent } from './request-reader.js';

/** Why a connection was refused (for the log; the client sees a message). */
export type RefusalReason = 'missing' | 'wrong' | 'timeout';

/** What the gate decided; `null` from {@link SecretGate.push} means "not yet". */
export type GateEvent =
  /** The secret was right: `rest` (possibly empty) are the first bytes of the first request. */
  | { readonly kind: 'open'; readonly rest: Buffer }
  /** Write `answer`, then close the connection. */
  | { readonly kind: 'refused'; readonly reason: RefusalReason; readonly answer: string };

/** A secret line longer than this is not a secret line. */
const MAX_SECRET_LINE = 4096;

/** What a refused client may send before it is answered: one small request. */
const REFUSED_LIMITS = { maxLineBytes: 64 * 1024, maxRequestBytes: 256 * 1024 };

const NEWLINE = 0x0a;

const digest = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();

/** Whether `given` is `expected`, in time independent of both. */
export function secretMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(Buffer.from(given, 'utf8')), digest(Buffer.from(expected, 'utf8')));
}

const MESSAGES: Readonly<Record<RefusalReason, string>> = {
  missing: "access denied: this listener requires a first line 'Secret: <secret>'",
  wrong: 'access denied: wrong secret',
  timeout: "access denied: no 'Secret:' line in time",
};

/** One connection's secret check. */
export class SecretGate {
  readonly #expected: string;
  #state: 'awaiting' | 'refusing' | 'done' = 'awaiting';
  #head: Buffer[] = [];
  #headBytes = 0;
  #reason: RefusalReason = 'missing';
  readonly #reader = new RequestReader(REFUSED_LIMITS);

  constructor(secret: string) {
    this.#expected = secret;
  }

  /** Whether the gate still decides (nothing has been decided yet, or a refusal waits for its request). */
  get pending(): boolean {
    return this.#state !== 'done';
  }

  /** The next bytes from the client. */
  push(chunk: Buffer): GateEvent | null {
    if (this.#state === 'done') return null;
    if (this.#state === 'refusing') return this.#refusal(this.#reader.push(chunk));
    const newline = chunk.indexOf(NEWLINE);
    if (newline < 0) {
      this.#head.push(chunk);
      this.#headBytes += chunk.length;
      return this.#headBytes > MAX_SECRET_LINE ? this.#refuse('missing', Buffer.concat(this.#head)) : null;
    }
    const head = Buffer.concat([...this.#head, chunk]);
    const lineEnd = this.#headBytes + newline;
    this.#head = [];
    this.#headBytes = 0;
    const line = head
      .subarray(0, lineEnd)
      .toString('utf8')
      .replace(/[ \t\r\v\f]+$/, '');
    const match = /^Secret:[ \t]*(.*)$/.exec(line);
    if (match === null) return this.#refuse('missing', head);
    const rest = head.subarray(lineEnd + 1);
    if (!secretMatches(match[1] ?? '', this.#expected)) return this.#refuse('wrong', rest);
    this.#state = 'done';
    return { kind: 'open', rest };
  }

  /** The client closed its side. */
  end(): GateEvent | null {
    if (this.#state === 'done') return null;
    if (this.#state === 'awaiting') {
      this.#state = 'refusing';
      this.#reader.push(Buffer.concat(this.#head));
    }
    return this.#refusal(this.#reader.end()) ?? this.#answer(false);
  }

  /** The client took too long to send its secret (or, when refused, its request). */
  timedOut(): GateEvent | null {
    if (this.#state === 'done') return null;
    if (this.#state === 'awaiting') this.#reason = 'timeout';
    return this.#answer(false);
  }

  #refuse(reason: RefusalReason, bytes: Buffer): GateEvent | null {
    this.#state = 'refusing';
    this.#reason = reason;
    return bytes.length === 0 ? null : this.#refusal(this.#reader.push(bytes));
  }

  /** The refusal once the first request (or a reading error) shows how the client reads answers. */
  #refusal(events: readonly ReaderEvent[]): GateEvent | null {
    const [first] = events;
    if (first === undefined) return null;
    const fixed16 =
      first.kind === 'error' ? first.fixed16 : first.lines.some((l) => /^ResponseHeader:[ \t]*fixed16$/.test(l));
    return this.#answer(fixed16);
  }

  #answer(fixed16: boolean): GateEvent {
    this.#state = 'done';
    return {
      kind: 'refused',
      reason: this.#reason,
      answer: frameError(livestatusError(403, MESSAGES[this.#reason]), fixed16),
    };
  }
}
