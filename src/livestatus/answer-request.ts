/**
 * Answers one request: parse, wait if asked to (`WaitObject`/`WaitCondition`), execute, render,
 * frame. Commands go to the command sink and get no bytes back, as in Checkmk, unless the COMMAND
 * request has a `ResponseHeader: fixed16` line: then the outcome is answered (200 with no body,
 * 400 for a malformed or failed command, 403 for one its `AuthUser` may not send). The answer
 * says whether the connection stays open: after `KeepAlive: on` and after every COMMAND.
 */
import type { Logger } from '../lib/logger.js';
import { TABLES } from './catalog.js';
import { compileFilter } from './compile-filter.js';
import { executeQuery } from './execute-query.js';
import { frameError, frameBody } from './frame-response.js';
import { livestatusError, quoted, type LivestatusError } from './livestatus-error.js';
import { parseRequest } from './parse-request.js';
import type { CommandOrigin, CommandSink, StatusSource } from './ports.js';
import type { GetQuery, WaitSpec } from './query.js';
import { groupKeyRenderer, rowWriter, type AnswerText } from './render-result.js';
import type { RenderedRowCache } from './rendered-rows.js';
import { createRowContext, type ServerCounters } from './row-context.js';
import type { TableDefinition } from './table.js';

/** What answering needs; the server provides it, tests use fakes and a manual clock. */
export interface AnswerContext {
  readonly source: StatusSource;
  readonly commands: CommandSink;
  readonly logger: Logger;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** Waits `ms` (for Wait* polling); resolves early when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly counters: () => ServerCounters;
  /** Answers larger than this are refused with 413. */
  readonly maxResponseBytes: number;
  /** The longest wait a `WaitTimeout` may ask for (0 asks for this). */
  readonly maxWaitMs: number;
  /** How often a wait condition is looked at again. */
  readonly waitPollMs: number;
  /** The longest a query may compute, `Timelimit:` or not (413 after it). */
  readonly maxQueryMs: number;
  /** Rendered rows kept between requests; without it every row is rendered every time. */
  readonly renderedRows?: RenderedRowCache;
}

/** The bytes to send and what happens to the connection afterwards. */
export interface Answer {
  readonly bytes: AnswerText;
  readonly keepOpen: boolean;
}

/** Default limits of answering. */
export const ANSWER_DEFAULTS = {
  maxResponseBytes: 256 * 1024 * 1024,
  maxWaitMs: 60_000,
  waitPollMs: 100,
  maxQueryMs: 60_000,
} as const;

const NO_BYTES_KEEP_OPEN: Answer = { bytes: '', keepOpen: true };

/**
 * Answers the request made of `lines`. Never rejects: bugs become a logged 452 answer. `signal`
 * ends a wait early; it may be given as a function that makes it, called only by a request that
 * waits (an AbortController costs every short-lived connection more than its answer).
 */
export async function answerRequest(
  lines: readonly string[],
  origin: CommandOrigin,
  context: AnswerContext,
  signal: AbortSignal | (() => AbortSignal),
): Promise<Answer> {
  const started = context.now();
  const request = parseRequest(lines, { tables: TABLES, now: started });
  switch (request.kind) {
    case 'command': {
      context.logger.log('info', 'external command', {
        command: quoted(request.command.text),
        connection: origin.connection,
        ...(request.command.authUser === undefined ? {} : { auth_user: quoted(request.command.authUser) }),
      });
      const outcome = context.commands.submit(request.command, origin);
      if (!asksForHeader(lines)) return NO_BYTES_KEEP_OPEN;
      // Asked for a response header: the outcome, and the connection stays open as after every COMMAND.
      const bytes = outcome.ok
        ? frameBody('', true)
        : frameError(livestatusError(outcome.forbidden ? 403 : 400, quoted(outcome.reason)), true);
      return { bytes, keepOpen: true };
    }
    case 'bad-command':
      context.logger.log('warn', 'external command refused', { reason: request.reason, command: quoted(request.text) });
      if (!asksForHeader(lines)) return NO_BYTES_KEEP_OPEN;
      return { bytes: frameError(livestatusError(400, request.reason), true), keepOpen: true };
    case 'invalid': {
      const fixed16 = asksForHeader(lines);
      return { bytes: frameError(request.error, fixed16), keepOpen: false };
    }
    case 'get':
      try {
        const outcome = await answerGet(request, context, started, signal);
        const bytes =
          'code' in outcome
            ? frameError(outcome, request.responseHeader === 'fixed16')
            : frameBody(outcome.body, request.responseHeader === 'fixed16');
        return { bytes, keepOpen: request.keepAlive };
      } catch (error) {
        context.logger.log('error', 'livestatus request failed', { table: request.table, error: String(error) });
        const failure = livestatusError(452, 'internal error while answering the request');
        return { bytes: frameError(failure, request.responseHeader === 'fixed16'), keepOpen: false };
      }
  }
}

/** Whether the request has a `ResponseHeader: fixed16` line. */
function asksForHeader(lines: readonly string[]): boolean {
  return lines.some((l) => /^ResponseHeader:[ \t]*fixed16$/.test(l));
}

async function answerGet(
  query: GetQuery,
  context: AnswerContext,
  started: number,
  signal: AbortSignal | (() => AbortSignal),
): Promise<{ body: AnswerText } | LivestatusError> {
  if (query.error !== null) return query.error;
  const table = TABLES.get(query.table);
  if (table === undefined) return livestatusError(404, `Invalid GET request, no such table '${quoted(query.table)}'`);
  if (query.wait !== null) {
    const waited = await waitFor(query.wait, table, context, typeof signal === 'function' ? signal() : signal);
    if (waited !== null) return waited;
  }
  const ctx = createRowContext(context.source, context.now(), context.counters());
  const kept = context.renderedRows;
  const render = { format: query.outputFormat, separators: query.separators, maxBytes: context.maxResponseBytes };
  const executed = executeQuery(query, table, ctx, {
    elapsedMs: () => context.now() - started,
    maxQueryMs: context.maxQueryMs,
    groupKey: groupKeyRenderer(query.outputFormat, query.separators),
    writer: (shape) => rowWriter(shape, render),
    ...(kept === undefined
      ? {}
      : {
          renderedRows: (key: string) =>
            kept.rowsFor(`${query.outputFormat}\n${JSON.stringify(query.separators)}\n${key}`),
        }),
  });
  return executed.ok ? { body: executed.body } : executed.error;
}

/**
 * Waits until the wait condition holds for the wait object, or the timeout passes (not an error:
 * the query is then answered as it stands). The condition is looked at every `waitPollMs`;
 * the state port has no change notifications, so triggers only name what is waited for.
 */
async function waitFor(
  wait: WaitSpec,
  table: TableDefinition<unknown>,
  context: AnswerContext,
  signal: AbortSignal,
): Promise<LivestatusError | null> {
  const trivial = wait.condition.kind === 'and' && wait.condition.filters.length === 0;
  const impossible = wait.condition.kind === 'or' && wait.condition.filters.length === 0;
  if (impossible && wait.timeoutMs === 0) return livestatusError(452, 'waiting for WaitCondition would hang forever');
  const compiled = compileFilter(wait.condition, table, { timeOffset: 0 });
  if (!compiled.ok) return livestatusError(400, compiled.message);
  const find = (): unknown => {
    if (wait.object === null) return undefined;
    return table.find?.(wait.object, createRowContext(context.source, context.now(), context.counters()));
  };
  if (wait.object !== null && find() === undefined) {
    return livestatusError(
      452,
      `primary key '${quoted(wait.object)}' not found or not supported by table '${table.name}'`,
    );
  }
  if (trivial) return null;
  if (wait.object === null) return livestatusError(452, 'missing WaitObject');
  const timeout = wait.timeoutMs === 0 ? context.maxWaitMs : Math.min(wait.timeoutMs, context.maxWaitMs);
  const deadline = context.now() + timeout;
  while (!signal.aborted) {
    const ctx = createRowContext(context.source, context.now(), context.counters());
    const row = table.find?.(wait.object, ctx);
    if (row !== undefined && compiled.test(row, ctx, -1)) return null;
    const left = deadline - context.now();
    if (left <= 0) return null;
    await context.sleep(Math.min(context.waitPollMs, left), signal);
  }
  return null;
}
