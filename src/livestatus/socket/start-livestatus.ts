/**
 * The Livestatus listeners: a unix socket and, optionally, TCP. Many clients at once, each on
 * its own LivestatusConnection; bounded in connections, request size, time to send a request,
 * idle time between requests and time a client may take to read an answer. Whatever a client
 * sends, the server answers or closes that one connection and keeps running.
 */
import { lstatSync, chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../lib/logger.js';
import { ANSWER_DEFAULTS, type AnswerContext } from '../answer-request.js';
import { LivestatusConnection, type ConnectionIo } from '../connection.js';
import type { CommandSink, StatusSource } from '../ports.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from '../request-reader.js';
import type { ServerCounters } from '../row-context.js';

/** Where and how to serve. */
export interface LivestatusOptions {
  readonly source: StatusSource;
  readonly commands: CommandSink;
  /** Path of the unix socket (created; a stale socket file is replaced); omit for none. */
  readonly unixSocket?: string;
  /** TCP listener; port 0 picks a free port (see `tcpAddress`). */
  readonly tcp?: { readonly address: string; readonly port: number };
  /** Connections over this number are closed at once. Default 256. */
  readonly maxConnections?: number;
  /** A kept-alive connection without a request for this long is closed. Default 300 s. */
  readonly idleTimeoutMs?: number;
  /** A request must arrive completely within this time, else 451 and close. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** A client that does not read its answer for this long is disconnected. Default 30 s. */
  readonly writeTimeoutMs?: number;
  readonly limits?: Partial<ReaderLimits>;
  readonly maxResponseBytes?: number;
  /** The longest `WaitTimeout` honoured. Default 60 s. */
  readonly maxWaitMs?: number;
  /** The longest a query may compute, with or without `Timelimit:` (413 after it). Default 60 s. */
  readonly maxQueryMs?: number;
  readonly logger?: Logger;
  /** Epoch milliseconds; default the system clock. */
  readonly now?: () => number;
}

/** The running listeners. */
export interface LivestatusServer {
  /** The bound TCP address, or `null` without TCP. */
  readonly tcpAddress: { readonly address: string; readonly port: number } | null;
  /** Stops listening, closes every connection, removes the unix socket file. */
  close(): Promise<void>;
}

const silent: Logger = { log: () => undefined };

interface Tracked {
  readonly socket: Socket;
  readonly connection: LivestatusConnection;
  lastActivity: number;
  requestStarted: number | null;
}

function listen(server: Server, target: { path: string } | { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(target, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Replaces a socket file left by a previous run; refuses to touch anything else. */
function clearSocketPath(path: string): void {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    return;
  }
  if (!stats.isSocket()) throw new Error(`${path} exists and is not a socket; move it away`);
  rmSync(path, { force: true });
}

/** Starts the listeners; rejects when one cannot be opened (address in use, bad path). */
export async function startLivestatus(options: LivestatusOptions): Promise<LivestatusServer> {
  const logger = options.logger ?? silent;
  const now = options.now ?? Date.now;
  const maxConnections = options.maxConnections ?? 256;
  const idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 30_000;
  const limits: ReaderLimits = { ...DEFAULT_READER_LIMITS, ...options.limits };
  const tracked = new Set<Tracked>();
  const counters = { requests: 0, connections: 0 };
  let nextId = 1;
  let closing = false;

  const context: AnswerContext = {
    source: options.source,
    commands: options.commands,
    logger,
    now,
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      }),
    counters: (): ServerCounters => ({ ...counters, activeConnections: tracked.size }),
    maxResponseBytes: options.maxResponseBytes ?? ANSWER_DEFAULTS.maxResponseBytes,
    maxWaitMs: options.maxWaitMs ?? ANSWER_DEFAULTS.maxWaitMs,
    waitPollMs: ANSWER_DEFAULTS.waitPollMs,
    maxQueryMs: options.maxQueryMs ?? ANSWER_DEFAULTS.maxQueryMs,
  };

  const accept = (listener: 'unix' | 'tcp') => (socket: Socket) => {
    socket.on('error', () => socket.destroy());
    if (closing || tracked.size >= maxConnections) {
      if (!closing)
        logger.log('warn', 'livestatus connection refused: too many connections', { limit: maxConnections });
      socket.destroy();
      return;
    }
    counters.connections++;
    const id = nextId++;
    const io: ConnectionIo = {
      write: (bytes) =>
        new Promise((resolve) => {
          if (socket.destroyed) return resolve();
          if (socket.write(bytes)) return resolve();
          const timer = setTimeout(() => {
            socket.destroy();
            resolve();
          }, writeTimeoutMs);
          const done = (): void => {
            clearTimeout(timer);
            socket.off('drain', done);
            socket.off('close', done);
            resolve();
          };
          socket.on('drain', done);
          socket.on('close', done);
        }),
      close: () => {
        socket.end();
        // A client that never reads would keep the socket half open for ever.
        setTimeout(() => socket.destroy(), writeTimeoutMs).unref();
      },
      pause: () => socket.pause(),
      resume: () => socket.resume(),
    };
    const connection = new LivestatusConnection({
      context,
      origin: { listener, connection: id },
      io,
      limits,
      onRequest: () => counters.requests++,
    });
    const entry: Tracked = { socket, connection, lastActivity: now(), requestStarted: null };
    tracked.add(entry);
    socket.on('data', (chunk: Buffer) => {
      entry.lastActivity = now();
      const wasReceiving = connection.receiving;
      connection.data(chunk);
      if (!connection.receiving) entry.requestStarted = null;
      else if (!wasReceiving) entry.requestStarted = entry.lastActivity;
    });
    socket.on('end', () => connection.end());
    socket.on('close', () => {
      tracked.delete(entry);
      connection.shutdown();
    });
  };

  const sweep = setInterval(
    () => {
      const at = now();
      for (const entry of tracked) {
        if (entry.requestStarted !== null && at - entry.requestStarted > requestTimeoutMs) {
          entry.requestStarted = null;
          entry.connection.requestTimedOut(requestTimeoutMs);
        } else if (entry.connection.idle && at - entry.lastActivity > idleTimeoutMs) {
          entry.socket.destroy();
        }
      }
    },
    Math.max(50, Math.min(1000, requestTimeoutMs / 4, idleTimeoutMs / 4)),
  );
  sweep.unref();

  const servers: Server[] = [];
  const closeAll = async (): Promise<void> => {
    closing = true;
    clearInterval(sweep);
    const stopped = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    for (const entry of tracked) {
      entry.connection.shutdown();
      entry.socket.destroy();
    }
    await Promise.all(stopped);
    if (options.unixSocket !== undefined) {
      try {
        clearSocketPath(options.unixSocket);
      } catch {
        // Someone replaced it with something else: leave it.
      }
    }
  };

  try {
    if (options.unixSocket !== undefined) {
      clearSocketPath(options.unixSocket);
      const server = createServer({ allowHalfOpen: true }, accept('unix'));
      server.on('error', (error) => logger.log('error', 'livestatus unix socket error', { error: String(error) }));
      servers.push(server);
      await listen(server, { path: options.unixSocket });
      chmodSync(options.unixSocket, 0o660);
    }
    let tcpAddress: LivestatusServer['tcpAddress'] = null;
    if (options.tcp !== undefined) {
      const server = createServer({ allowHalfOpen: true, noDelay: true }, accept('tcp'));
      server.on('error', (error) => logger.log('error', 'livestatus tcp error', { error: String(error) }));
      servers.push(server);
      await listen(server, { host: options.tcp.address, port: options.tcp.port });
      const bound = server.address();
      tcpAddress =
        bound !== null && typeof bound === 'object'
          ? { address: bound.address, port: bound.port }
          : { address: options.tcp.address, port: options.tcp.port };
    }
    logger.log('info', 'livestatus listening', {
      socket: options.unixSocket ?? null,
      tcp: tcpAddress === null ? null : `${tcpAddress.address}:${tcpAddress.port}`,
    });
    return { tcpAddress, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
