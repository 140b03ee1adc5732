/**
 * A minimal Livestatus client, as `lq`/`unixcat` work: connect, send the request, close the
 * sending side, read until the server closes. Used by `watchpost query` and `watchpost command`.
 * Over TCP it can speak TLS (the server's certificate is always verified) and send the shared
 * secret as the connection's first line.
 */
import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { isIP } from 'node:net';

/** TLS of a TCP connection: whom to trust (default: the system's CAs) and our own certificate. */
export interface ClientTls {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

/** Where a Livestatus server listens. */
export type LivestatusAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly tls?: ClientTls;
      /** Sent as `Secret: ...`, the first line of the connection (TLS only). */
      readonly secret?: string;
    };

/** Every byte the server answered, or why there was no answer. */
export type SendResult =
  { readonly ok: true; readonly answer: Buffer } | { readonly ok: false; readonly reason: string };

function open(address: LivestatusAddress): { socket: Socket; ready: 'connect' | 'secureConnect' } {
  if (address.kind === 'unix') return { socket: connect({ path: address.path }), ready: 'connect' };
  if (address.tls === undefined)
    return { socket: connect({ host: address.host, port: address.port }), ready: 'connect' };
  const { ca, cert, key } = address.tls;
  const socket = connectTls({
    host: address.host,
    port: address.port,
    // SNI takes names only; an address is still checked against the certificate's IP entries.
    ...(isIP(address.host) === 0 ? { servername: address.host } : {}),
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  });
  return { socket, ready: 'secureConnect' };
}

/** Sends `request` (complete, with its empty line) and returns every byte of the answer. */
export function sendRequest(address: LivestatusAddress, request: string, timeoutMs: number): Promise<SendResult> {
  return new Promise((resolve) => {
    const where = address.kind === 'unix' ? address.path : `${address.host}:${address.port}`;
    if (address.kind === 'tcp' && address.secret !== undefined && address.tls === undefined) {
      resolve({ ok: false, reason: `refusing to send the secret to ${where} without TLS` });
      return;
    }
    const { socket, ready } = open(address);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (result: SendResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, reason: `no complete answer from ${where} within ${timeoutMs} ms` }),
      timeoutMs,
    );
    const secretLine = address.kind === 'tcp' && address.secret !== undefined ? `Secret: ${address.secret}\n` : '';
    socket.on(ready, () => socket.end(secretLine + request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, reason: `cannot talk to ${where}: ${error.code ?? error.message}` }),
    );
    socket.on('close', () => finish({ ok: true, answer: Buffer.concat(chunks) }));
  });
}
