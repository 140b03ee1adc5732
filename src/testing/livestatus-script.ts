/**
 * Livestatus request/response scripts (`test-data/livestatus/*.test`) and a way to run a
 * conversation without sockets. A script is a list of cases separated by `====` lines; a case is
 * optional `#` comment lines, the request lines (an empty line separates requests on one
 * connection; the last request's empty line is implied), a `----` line, and the exact expected
 * answer, each line followed by a newline (no lines: no bytes at all). The client half-closes
 * after sending, as `nc -q` and `unixcat` do.
 */
import { LivestatusConnection } from '../livestatus/connection.js';
import type { AnswerContext } from '../livestatus/answer-request.js';
import { ANSWER_DEFAULTS } from '../livestatus/answer-request.js';
import type { CommandSink, StatusSource } from '../livestatus/ports.js';
import { joinedText } from '../livestatus/render-result.js';
import type { RenderedRowCache } from '../livestatus/rendered-rows.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from '../livestatus/request-reader.js';

/** One case of a script. */
export interface ScriptCase {
  /** Line of the case's first line in its file, for test names. */
  readonly line: number;
  readonly title: string;
  readonly request: string;
  readonly expected: string;
}

/** Reads a script. Malformed scripts throw: they are test data bugs. */
export function parseScript(text: string, file: string): ScriptCase[] {
  const cases: ScriptCase[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let start = 0;
  while (start < lines.length) {
    let end = lines.indexOf('====', start);
    if (end < 0) end = lines.length;
    const block = lines.slice(start, end);
    const separator = block.indexOf('----');
    if (separator < 0) throw new Error(`${file}:${start + 1}: case without a ---- line`);
    let first = 0;
    const comments: string[] = [];
    while (first < separator && (block[first] ?? '').startsWith('#'))
      comments.push((block[first++] ?? '').slice(1).trim());
    const requestLines = block.slice(first, separator);
    while (requestLines.length > 0 && requestLines[0] === '') requestLines.shift();
    while (requestLines.length > 0 && requestLines[requestLines.length - 1] === '') requestLines.pop();
    if (requestLines.length === 0) throw new Error(`${file}:${start + 1}: case without a request`);
    const expectedLines = block.slice(separator + 1);
    cases.push({
      line: start + 1,
      title: comments.join(' ') || (requestLines[0] ?? ''),
      request: `${requestLines.join('\n')}\n\n`,
      expected: expectedLines.map((l) => `${l}\n`).join(''),
    });
    start = end + 1;
  }
  return cases;
}

/** A clock for conversations: `sleep` moves it instead of waiting. */
export interface ConversationClock {
  now: number;
}

/**
 * Sends `request` on a fresh connection, half-closes, and returns every byte answered until
 * the connection closed.
 */
export async function converse(options: {
  readonly request: string | Uint8Array;
  readonly source: StatusSource;
  readonly commands: CommandSink;
  readonly clock: ConversationClock;
  readonly limits?: ReaderLimits;
  readonly maxResponseBytes?: number;
  /** Keep the sending side open (no half-close): the answer ends when the server closes. */
  readonly keepSending?: boolean;
  /** Rendered rows kept across conversations, as a server keeps them. */
  readonly renderedRows?: RenderedRowCache;
}): Promise<string> {
  const { clock } = options;
  const context: AnswerContext = {
    source: options.source,
    commands: options.commands,
    logger: { log: () => undefined },
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
    counters: () => ({ requests: 0, connections: 1, activeConnections: 1 }),
    maxResponseBytes: options.maxResponseBytes ?? ANSWER_DEFAULTS.maxResponseBytes,
    maxWaitMs: ANSWER_DEFAULTS.maxWaitMs,
    waitPollMs: ANSWER_DEFAULTS.waitPollMs,
    maxQueryMs: ANSWER_DEFAULTS.maxQueryMs,
    ...(options.renderedRows === undefined ? {} : { renderedRows: options.renderedRows }),
  };
  let output = '';
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const connection = new LivestatusConnection({
    context,
    origin: { listener: 'test', connection: 1 },
    limits: options.limits ?? DEFAULT_READER_LIMITS,
    io: {
      write: async (bytes) => {
        output += joinedText(bytes);
      },
      close: () => resolveClosed(),
      pause: () => undefined,
      resume: () => undefined,
    },
  });
  const bytes = typeof options.request === 'string' ? Buffer.from(options.request, 'utf8') : options.request;
  connection.data(bytes);
  if (options.keepSending !== true) connection.end();
  const idle = new Promise<void>((resolve) => {
    const poll = (): void => {
      if (connection.closed || connection.idle) resolve();
      else setImmediate(poll);
    };
    poll();
  });
  await Promise.race([closed, options.keepSending === true ? idle : closed]);
  return output;
}
