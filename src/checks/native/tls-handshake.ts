/**
 * The TLS handshake of a check over a connected socket (implicit TLS right after connecting, or
 * after a STARTTLS exchange), and what the check learns about the server's certificate. The
 * handshake never rejects a certificate itself: the check judges it (see certificate-state.ts),
 * so an expired certificate is a CRITICAL with its dates, not a bare handshake error.
 */
import { isIP, type Socket } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { errorFailure } from './connection-failure.js';
import type { CheckSession } from './check-session.js';
import type { Connected } from './connect-tcp.js';
import type { CertificateFacts } from './certificate-state.js';
import type { Trust } from './trust-store.js';

/** How to shake hands: the name to send as SNI and the certificate authorities to trust. */
export interface HandshakeOptions {
  /** The server name the check expects; sent as SNI unless it is an IP address. */
  readonly serverName: string;
  /** The authorities to verify the chain against. */
  readonly trust: Trust;
}

/** Runs the TLS handshake over `socket`; the session destroys the TLS socket when it closes. */
export function tlsHandshake(
  session: CheckSession,
  socket: Socket,
  options: HandshakeOptions,
): Promise<Connected<TLSSocket>> {
  return new Promise((resolve) => {
    const secure = connect({
      socket,
      ...(isIP(options.serverName) === 0 && options.serverName !== '' ? { servername: options.serverName } : {}),
      ...(options.trust === null ? {} : { secureContext: options.trust }),
      rejectUnauthorized: false,
    });
    session.track(() => secure.destroy());
    secure.on('error', () => undefined);
    const finish = (result: Connected<TLSSocket>): void => {
      unsubscribe();
      secure.off('secureConnect', onSecure);
      secure.off('error', onError);
      secure.off('close', onClose);
      if (!result.ok) secure.destroy();
      resolve(result);
    };
    const onSecure = (): void => finish({ ok: true, socket: secure });
    const onError = (error: unknown): void => {
      const failure = errorFailure(error);
      finish({
        ok: false,
        failure:
          failure.kind === 'error' ? { ...failure, message: `TLS handshake failed: ${failure.message}` } : failure,
      });
    };
    const onClose = (): void =>
      finish({
        ok: false,
        failure: {
          kind: 'error',
          code: 'ECONNRESET',
          message: 'TLS handshake failed: connection closed by the server',
        },
      });
    secure.once('secureConnect', onSecure);
    secure.once('error', onError);
    secure.once('close', onClose);
    const unsubscribe = session.onEnd((end) => finish({ ok: false, failure: { kind: end } }));
  });
}

/** What the certificate of a finished handshake says, checked against `expectedName`. */
export function certificateFacts(socket: TLSSocket, expectedName: string): CertificateFacts | null {
  const certificate = socket.getPeerX509Certificate();
  if (certificate === undefined) return null;
  // RFC 6125 matching (wildcards, the CN only when there are no DNS names) by OpenSSL itself.
  const nameMatches =
    isIP(expectedName) === 0
      ? certificate.checkHost(expectedName) !== undefined
      : certificate.checkIP(expectedName) !== undefined;
  const names = (certificate.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry !== '')
    .map((entry) => entry.replace(/^(DNS|IP Address):/, ''));
  return {
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
    names: names.length > 0 ? names : [commonName(certificate.subject)].filter((name) => name !== ''),
    expectedName,
    nameMatches,
    chainError: chainError(socket),
  };
}

/**
 * OpenSSL's verdict on the chain. node:https adds its own host name check to the same field
 * (ERR_TLS_CERT_ALTNAME_INVALID), after a chain that verified; the name is judged on its own.
 */
function chainError(socket: TLSSocket): string | null {
  if (socket.authorized) return null;
  const code = String(socket.authorizationError);
  return code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? null : code;
}

function distinguishedName(text: string): string {
  return text
    .split('\n')
    .filter((part) => part !== '')
    .join(', ');
}

function commonName(subject: string): string {
  return /^CN=(.*)$/m.exec(subject)?.[1] ?? '';
}
