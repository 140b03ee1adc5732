/**
 * A minimal Livestatus client, as `lq`/`unixcat` work: connect, send the request, close the
 * sending side, read until the server closes. Used by `watchpost query` and `watchpost command`.
 */
import { connect, type Socket } from 'node:net';

/** Where a Livestatus server listens. */
export type LivestatusAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

/** Every byte the server answered, or why there was no answer. */
export type SendResult =
  { readonly ok: true; readonly answer: Buffer } | { readonly ok: false; readonly reason: string };

/** Sends `request` (complete, with its empty line) and returns every byte of the answer. */
export function sendRequest(address: LivestatusAddress, request: string, timeoutMs: number): Promise<SendResult> {
  return new Promise((resolve) => {
    const where = address.kind === 'unix' ? address.path : `${address.host}:${address.port}`;
    const socket: Socket =
      address.kind === 'unix' ? connect({ path: address.path }) : connect({ host: address.host, port: address.port });
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
    socket.on('connect', () => socket.end(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, reason: `cannot talk to ${where}: ${error.code ?? error.message}` }),
    );
    socket.on('close', () => finish({ ok: true, answer: Buffer.concat(chunks) }));
  });
}
