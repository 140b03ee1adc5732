/**
 * The Livestatus listeners: a unix socket and, optionally, TCP. Many clients at once, each on
 * its own LivestatusConnection; bounded in connections, request size, time to send a request,
 * idle time between requests and time a client may take to read an answer. Whatever a client
 * sends, the server answers or closes that one connection and keeps running.
 *
 * TCP may be wrapped in TLS, may require client certificates signed by a given CA (a client
 * without one fails the handshake) and may require a shared secret as the first line of every
 * connection (see SecretGate). The unix socket is protected by its file mode instead.
 */
import { lstatSync, chmodSync, rmSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { Logger } from '../../lib/logger.js';
import { ANSWER_DEFAULTS, type AnswerContext } from '../answer-request.js';
import type { AnswerText } from '../render-result.js';
import { RenderedRowCache } from '../rendered-rows.js';
import { LivestatusConnection, type ConnectionIo } from '../connection.js';
import type { CommandSink, StatusSource } from '../ports.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from '../request-reader.js';
import type { ServerCounters } from '../row-context.js';
import { SecretGate } from '../secret-gate.js';

/**
 * How the TCP listener protects itself: TLS (PEM bytes) with or without client certificates,
 * and a shared secret. A secret without TLS is refused, because it would travel in clear.
 */
export interface TcpSecurity {
  readonly tls: {
    readonly cert: Buffer;
    readonly key: Buffer;
    /** The CA(s) client certificates must be signed by; `null` trusts none. */
    readonly ca: Buffer | null;
    readonly requireClientCertificate: boolean;
  } | null;
  readonly secret: string | null;
}

/** Where and how to serve. */
export interface LivestatusOptions {
  readonly source: StatusSource;
  readonly commands: CommandSink;
  /** Path of the unix socket (created; a stale socket file is replaced); omit for none. */
  readonly unixSocket?: string;
  /** TCP listener; port 0 picks a free port (see `tcpAddress`). */
  readonly tcp?: { readonly address: string; readonly port: number; readonly security?: TcpSecurity };
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
  /** The secret check while it decides; `null` without a secret or once passed. */
  gate: SecretGate | null;
  /** The client's address while a secret is checked (for its log lines), else the listener's kind. */
  readonly peer: string;
  readonly acceptedAt: number;
  lastActivity: number;
  requestStarted: number | null;
}

/**
 * Writes an answer; its pieces go out corked, as one writev of many buffers instead of one
 * joined string. `false` when the socket wants a `drain` before more.
 */
function writeText(socket: Socket, text: AnswerText): boolean {
  if (typeof text === 'string') return socket.write(text);
  socket.cork();
  let more = true;
  for (const piece of text) more = socket.write(piece);
  socket.uncork();
  return more;
}

function peerOf(socket: Socket): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.includes(':') ? `[${address}]:${socket.remotePort ?? 0}` : `${address}:${socket.remotePort ?? 0}`;
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
    renderedRows: new RenderedRowCache(),
  };

  const security: TcpSecurity = options.tcp?.security ?? { tls: null, secret: null };
  if (security.secret !== null && security.tls === null)
    throw new Error('livestatus: a TCP secret without TLS would travel in clear; configure TLS');
  if (security.tls?.requireClientCertificate === true && security.tls.ca === null)
    throw new Error('livestatus: client certificates need a CA to check them against');

  const accept = (listener: 'unix' | 'tcp') => (socket: Socket) => {
    socket.on('error', () => socket.destroy());
    // Belt and braces: the handshake already refused such a client (rejectUnauthorized).
    if (listener === 'tcp' && security.tls?.requireClientCertificate === true && !(socket as TLSSocket).authorized) {
      logger.log('warn', 'livestatus connection refused: no valid client certificate', { peer: peerOf(socket) });
      socket.destroy();
      return;
    }
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
          if (writeText(socket, bytes)) return resolve();
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
    const at = now();
    const gate = listener === 'tcp' && security.secret !== null ? new SecretGate(security.secret) : null;
    const entry: Tracked = {
      socket,
      connection,
      gate,
      // Only the secret check logs the peer; asking the kernel for it costs every connection a system call.
      peer: gate === null ? listener : peerOf(socket),
      acceptedAt: at,
      lastActivity: at,
      requestStarted: null,
    };
    tracked.add(entry);
    const deliver = (chunk: Buffer): void => {
      const wasReceiving = connection.receiving;
      connection.data(chunk);
      if (!connection.receiving) entry.requestStarted = null;
      else if (!wasReceiving) entry.requestStarted = entry.lastActivity;
    };
    socket.on('data', (chunk: Buffer) => {
      entry.lastActivity = now();
      if (entry.gate === null) return deliver(chunk);
      const decided = entry.gate.push(chunk);
      if (decided === null) return;
      if (decided.kind === 'refused') return refuse(entry, decided.reason, decided.answer);
      entry.gate = null;
      logger.log('debug', 'livestatus secret accepted', { peer: entry.peer, connection: id });
      if (decided.rest.length > 0) deliver(decided.rest);
    });
    socket.on('end', () => {
      if (entry.gate === null) return connection.end();
      const decided = entry.gate.end();
      if (decided?.kind === 'refused') refuse(entry, decided.reason, decided.answer);
    });
    socket.on('close', () => {
      tracked.delete(entry);
      connection.shutdown();
    });
  };

  /** A connection without the right secret: the 403 answer, a log line with the peer, closed. */
  const refuse = (entry: Tracked, reason: string, answer: string): void => {
    entry.gate = null;
    logger.log('warn', 'livestatus connection refused: wrong or missing secret', { peer: entry.peer, reason });
    entry.socket.end(answer);
    // The connection never saw a byte; closing it only arms the timer against clients that never read.
    entry.connection.shutdown();
  };

  const sweep = setInterval(
    () => {
      const at = now();
      for (const entry of tracked) {
        if (entry.gate !== null) {
          // Until the secret is checked, the whole exchange gets the time of one request.
          if (at - entry.acceptedAt > requestTimeoutMs) {
            const decided = entry.gate.timedOut();
            if (decided?.kind === 'refused') refuse(entry, decided.reason, decided.answer);
            else entry.socket.destroy();
          }
        } else if (entry.requestStarted !== null && at - entry.requestStarted > requestTimeoutMs) {
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
      const server = tcpServer(security, { requestTimeoutMs, maxConnections }, accept('tcp'), logger);
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
      ...(tcpAddress === null
        ? {}
        : {
            tls: security.tls !== null,
            client_certificates: security.tls?.requireClientCertificate === true,
            secret: security.secret !== null,
          }),
    });
    return { tcpAddress, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * The TCP server: plain, or TLS (at least 1.2) with the handshake bounded by the request timeout.
 * A client that fails the handshake (garbage, no or a wrong certificate, a reset) is logged with
 * its address and never reaches the Livestatus connection.
 */
function tcpServer(
  security: TcpSecurity,
  limits: { readonly requestTimeoutMs: number; readonly maxConnections: number },
  onConnection: (socket: Socket) => void,
  logger: Logger,
): Server {
  if (security.tls === null) return createServer({ allowHalfOpen: true, noDelay: true }, onConnection);
  const tls = security.tls;
  const server = createTlsServer(
    {
      // Not half open during the handshake: a client that rejects our certificate and closes
      // would otherwise leave a socket behind that nothing ever closes.
      allowHalfOpen: false,
      noDelay: true,
      cert: tls.cert,
      key: tls.key,
      ...(tls.ca === null ? {} : { ca: tls.ca }),
      requestCert: tls.requireClientCertificate,
      rejectUnauthorized: tls.requireClientCertificate,
      minVersion: 'TLSv1.2',
      handshakeTimeout: limits.requestTimeoutMs,
    },
    (socket: TLSSocket) => {
      // Once secured, half open like the plain listeners: a client may close its sending side
      // after its request (as `lq` does) and still read the answer.
      socket.allowHalfOpen = true;
      onConnection(socket);
    },
  );
  // Connections still in their handshake count too: a flood of half-open handshakes is bounded.
  server.maxConnections = limits.maxConnections + 16;
  // A socket forgets its peer once closed: remember it from the start for the log.
  const peers = new WeakMap<Socket, string>();
  server.on('connection', (raw: Socket) => peers.set(raw, peerOf(raw)));
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    const raw = rawSocketOf(socket);
    logger.log('warn', 'livestatus tls handshake failed', {
      peer: (raw === null ? undefined : peers.get(raw)) ?? peerOf(socket),
      error: error.code ?? error.message,
    });
    socket.destroy();
  });
  return server;
}

/**
 * The TCP socket under a TLS socket. When a handshake fails the TLS socket is already torn down
 * and no longer knows its peer; Node offers no public way to the TCP socket it wraps, so this
 * reads the `_parent` field (present since Node 0.11) and gives `null` should it ever go away.
 */
function rawSocketOf(socket: TLSSocket): Socket | null {
  const parent: unknown = (socket as unknown as { readonly _parent?: unknown })._parent;
  return parent instanceof Socket ? parent : null;
}
