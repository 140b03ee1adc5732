/**
 * One HTTP GET for a check, through node:http/https without an agent (no keep-alive, no pooled
 * sockets outliving the check), bounded in time by the session and in memory by a body limit.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { errorFailure, type ConnectionFailure } from './connection-failure.js';
import type { CheckSession } from './check-session.js';
import { certificateFacts } from './tls-handshake.js';
import type { CertificateFacts } from './certificate-state.js';
import type { Trust } from './trust-store.js';

/** The most body a check reads; the rest is not downloaded (the size then says "at least"). */
export const BODY_LIMIT = 1024 * 1024;

/** What to fetch. */
export interface FetchRequest {
  readonly url: URL;
  /** Where to connect, when not the URL's host (the host's address for the first request). */
  readonly connectHost: string;
  /** The `Host` header. */
  readonly hostHeader: string;
  /** The name the certificate is checked against and sent as SNI. */
  readonly serverName: string;
  readonly trust: Trust;
}

/** A response as far as the check reads it. */
export interface Fetched {
  readonly statusCode: number;
  /** `HTTP/1.1 200 OK` */
  readonly statusLine: string;
  readonly location: string | null;
  readonly body: Buffer;
  /** Whether the body was cut at `BODY_LIMIT`. */
  readonly truncated: boolean;
  /** The certificate of an https connection. */
  readonly certificate: CertificateFacts | null;
}

/** Fetches `request.url`; resolves with the response or the failure. */
export function fetchOnce(
  session: CheckSession,
  request: FetchRequest,
): Promise<{ ok: true; response: Fetched } | { ok: false; failure: ConnectionFailure }> {
  return new Promise((resolve) => {
    const secure = request.url.protocol === 'https:';
    const sni = isIP(request.serverName) === 0 && request.serverName !== '' ? { servername: request.serverName } : {};
    const options = {
      host: request.connectHost,
      port: request.url.port === '' ? (secure ? 443 : 80) : Number(request.url.port),
      path: `${request.url.pathname}${request.url.search}`,
      method: 'GET',
      headers: { Host: request.hostHeader, 'User-Agent': 'Watchpost-check', Connection: 'close', Accept: '*/*' },
      agent: false as const,
      maxHeaderSize: 32 * 1024,
      ...(secure
        ? { ...sni, ...(request.trust === null ? {} : { secureContext: request.trust }), rejectUnauthorized: false }
        : {}),
    };
    let settled = false;
    const finish = (result: { ok: true; response: Fetched } | { ok: false; failure: ConnectionFailure }): void => {
      if (settled) return;
      settled = true;
      unsubscribe();
      if (!result.ok) req.destroy();
      resolve(result);
    };
    const req = (secure ? httpsRequest : httpRequest)(options, (response) => {
      // Read now: once the body has ended the socket may be gone, and its certificate with it.
      const certificate = secure ? certificateFacts(response.socket as TLSSocket, request.serverName) : null;
      readBody(response, (body, truncated) => {
        finish({
          ok: true,
          response: {
            statusCode: response.statusCode ?? 0,
            statusLine:
              `HTTP/${response.httpVersion} ${response.statusCode ?? 0} ${response.statusMessage ?? ''}`.trim(),
            location: response.headers.location ?? null,
            body,
            truncated,
            certificate,
          },
        });
        req.destroy();
      });
      response.on('error', (error) => finish({ ok: false, failure: errorFailure(error) }));
    });
    session.track(() => req.destroy());
    req.on('error', (error) => finish({ ok: false, failure: errorFailure(error) }));
    const unsubscribe = session.onEnd((end) => finish({ ok: false, failure: { kind: end } }));
    req.end();
  });
}

function readBody(response: IncomingMessage, done: (body: Buffer, truncated: boolean) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const complete = (truncated: boolean): void => {
    if (finished) return;
    finished = true;
    done(Buffer.concat(chunks), truncated);
  };
  response.on('data', (chunk: Buffer) => {
    const room = BODY_LIMIT - size;
    chunks.push(room < chunk.length ? chunk.subarray(0, room) : chunk);
    size += Math.min(room, chunk.length);
    if (size >= BODY_LIMIT) {
      complete(true);
      response.destroy();
    }
  });
  response.on('end', () => complete(false));
}
