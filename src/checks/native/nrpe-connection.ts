/**
 * The connection check_nrpe opens: TCP, then (unless `ssl=false`) TLS the way check_nrpe 4.x
 * sets it up: OpenSSL's `ALL:!MD5:@STRENGTH:@SECLEVEL=0` so the anonymous Diffie-Hellman (ADH)
 * suites an NRPE daemon without certificates offers are allowed, TLS 1.0 and up, the daemon's
 * certificate verified only when `ca_cert` is given (its chain, not its name, as check_nrpe),
 * and a client certificate when the daemon asks for one.
 */
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { CheckSession } from './check-session.js';
import { connectTcp } from './connect-tcp.js';
import { errorFailure, type ConnectionFailure } from './connection-failure.js';
import type { NrpeOptions } from './nrpe-options.js';

/** An open connection to the daemon, or why there is none in check_nrpe's words. */
export type NrpeConnection =
  | { readonly ok: true; readonly socket: Socket | TLSSocket }
  | { readonly ok: false; readonly failure: ConnectionFailure; readonly message: string };

/** check_nrpe's default cipher list; TLS 1.3 suites named first so certificate daemons get 1.3. */
const DEFAULT_CIPHERS =
  'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ALL:!MD5:@STRENGTH:@SECLEVEL=0';
/** check_nrpe `-d 2`: anonymous Diffie-Hellman only (TLS 1.3 has no anonymous suites). */
const ADH_ONLY_CIPHERS = 'ADH:@SECLEVEL=0';
/** Certificate, key and CA files are a few kilobytes; anything this large is a mistake. */
const PEM_FILE_LIMIT = 1024 * 1024;

/** The TLS files of a check, read now so a missing file is a clear result. */
export type TlsFiles =
  | { readonly ok: true; readonly cert?: Buffer; readonly key?: Buffer; readonly ca?: Buffer }
  | { readonly ok: false; readonly message: string };

/** Reads `client_cert`, `client_key` and `ca_cert`. */
export async function readTlsFiles(options: NrpeOptions): Promise<TlsFiles> {
  const files: { cert?: Buffer; key?: Buffer; ca?: Buffer } = {};
  const wanted: [keyof typeof files, string | null, string][] = [
    ['cert', options.clientCert, 'certificate file'],
    ['key', options.clientKey, 'private key file'],
    ['ca', options.caCert, 'CA certificate'],
  ];
  for (const [slot, path, what] of wanted) {
    if (path === null) continue;
    try {
      const content = await readFile(path);
      if (content.length > PEM_FILE_LIMIT)
        return { ok: false, message: `Error: ${what} '${path}' is larger than 1 MiB.` };
      files[slot] = content;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `Error: could not use ${what} '${path}': ${reason}` };
    }
  }
  return { ok: true, ...files };
}

/** Connects to the daemon (and shakes hands); the session closes the socket. */
export async function openNrpeConnection(
  session: CheckSession,
  options: NrpeOptions,
  files: TlsFiles & { ok: true },
): Promise<NrpeConnection> {
  const connected = await connectTcp(session, { host: options.host, port: options.port });
  if (!connected.ok) {
    const failure = connected.failure;
    const reason = failure.kind === 'error' ? failure.message : failure.kind;
    return { ok: false, failure, message: `connect to address ${options.host} port ${options.port}: ${reason}` };
  }
  if (!options.ssl) return { ok: true, socket: connected.socket };
  const tlsOptions: ConnectionOptions = {
    socket: connected.socket,
    ciphers: options.adh === 2 ? ADH_ONLY_CIPHERS : options.adh === 0 ? `${DEFAULT_CIPHERS}:!aNULL` : DEFAULT_CIPHERS,
    minVersion: 'TLSv1',
    ...(options.adh === 2 ? { maxVersion: 'TLSv1.2' } : {}),
    ...(files.cert === undefined ? {} : { cert: files.cert }),
    ...(files.key === undefined ? {} : { key: files.key }),
    ...(files.ca === undefined ? {} : { ca: files.ca }),
    rejectUnauthorized: files.ca !== undefined,
    // check_nrpe verifies the chain against its CA file but never the daemon's name.
    checkServerIdentity: () => undefined,
  };
  return handshake(session, options.host, tlsOptions);
}

function handshake(session: CheckSession, host: string, tlsOptions: ConnectionOptions): Promise<NrpeConnection> {
  return new Promise((resolve) => {
    let secure: TLSSocket;
    try {
      secure = connect(tlsOptions);
    } catch (error) {
      // A key that does not match its certificate throws here, before any byte is sent.
      const failure = errorFailure(error);
      resolve({ ok: false, failure, message: `CHECK_NRPE: Error - Could not set up SSL: ${describe(failure)}` });
      return;
    }
    session.track(() => secure.destroy());
    secure.on('error', () => undefined);
    const finish = (result: NrpeConnection): void => {
      unsubscribe();
      secure.off('secureConnect', onSecure);
      secure.off('error', onError);
      secure.off('close', onClose);
      if (!result.ok) secure.destroy();
      resolve(result);
    };
    const failed = (failure: ConnectionFailure): void =>
      finish({
        ok: false,
        failure,
        message: `CHECK_NRPE: Error - Could not complete SSL handshake with ${host}: ${describe(failure)}`,
      });
    const onSecure = (): void => finish({ ok: true, socket: secure });
    const onError = (error: unknown): void => failed(tlsFailure(error));
    const onClose = (): void => failed({ kind: 'closed' });
    secure.once('secureConnect', onSecure);
    secure.once('error', onError);
    secure.once('close', onClose);
    const unsubscribe = session.onEnd((end) => failed({ kind: end }));
  });
}

/** OpenSSL's reason (`sslv3 alert handshake failure`) rather than its multi-line error stack. */
function tlsFailure(error: unknown): ConnectionFailure {
  const failure = errorFailure(error);
  const reason = typeof error === 'object' && error !== null && 'reason' in error ? error.reason : undefined;
  if (failure.kind !== 'error' || typeof reason !== 'string' || reason === '') return failure;
  return { ...failure, message: reason };
}

function describe(failure: ConnectionFailure): string {
  switch (failure.kind) {
    case 'error':
      return failure.message;
    case 'closed':
      return 'connection closed by the daemon (is it an NRPE daemon, with SSL? try ssl=false)';
    case 'too-long':
      return `more than ${failure.limit} bytes`;
    default:
      return failure.kind;
  }
}
