/**
 * The TLS parameters every SSL-capable type shares (seed 003 "SSL": `ssl`, `ssl_hostname`,
 * `ignore_invalid_ssl`, `expire_before_days`, plus `ca_file` for a private authority) and the
 * step that turns a connected socket into a judged TLS connection.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { judgeCertificate, type CertificateVerdict } from './certificate-state.js';
import type { CheckSession } from './check-session.js';
import type { Connected } from './connect-tcp.js';
import type { ConnectionFailure } from './connection-failure.js';
import type { ParameterReader } from './native-parameters.js';
import { certificateFacts, tlsHandshake } from './tls-handshake.js';
import type { Trust } from './trust-store.js';

/** How a check uses TLS. */
export interface TlsSettings {
  /** `ssl=true`: TLS right after connecting (implicit TLS). */
  readonly ssl: boolean;
  /** `starttls=true`: upgrade the plain connection with the protocol's STARTTLS command. */
  readonly starttls: boolean;
  /** The name the certificate must carry (`ssl_hostname`, else the host's name). */
  readonly serverName: string;
  readonly ignoreInvalid: boolean;
  readonly expireBeforeDays: number | null;
  /** A PEM file of authorities trusted besides the built-in ones. */
  readonly caFile: string | null;
}

/** Whether a check talks TLS at all. */
export function usesTls(settings: TlsSettings): boolean {
  return settings.ssl || settings.starttls;
}

/** Reads the TLS parameters; `hostName` is what the certificate is checked against by default. */
export function readTlsSettings(
  reader: ParameterReader,
  options: { readonly hostName: string; readonly starttls: boolean },
): TlsSettings {
  const ssl = reader.flag('ssl', false);
  const starttls = options.starttls ? reader.flag('starttls', false) : false;
  if (ssl && starttls) reader.problems.push('use either ssl=true (implicit TLS) or starttls=true, not both');
  return {
    ssl,
    starttls,
    serverName: reader.text('ssl_hostname', options.hostName),
    ignoreInvalid: reader.flag('ignore_invalid_ssl', false),
    expireBeforeDays: reader.integer('expire_before_days', null, 0, 100_000),
    caFile: reader.text('ca_file', null),
  };
}

/** A TLS connection and the verdict on its certificate. */
export type Secured =
  { ok: true; socket: TLSSocket; verdict: CertificateVerdict } | { ok: false; failure: ConnectionFailure };

/** Shakes hands over `socket` and judges the server's certificate now. */
export async function secureSocket(
  session: CheckSession,
  socket: Socket,
  settings: TlsSettings,
  trust: Trust,
): Promise<Secured> {
  const secured: Connected<TLSSocket> = await tlsHandshake(session, socket, { serverName: settings.serverName, trust });
  if (!secured.ok) return secured;
  const facts = certificateFacts(secured.socket, settings.serverName);
  if (facts === null) {
    return { ok: false, failure: { kind: 'error', code: 'NOCERT', message: 'the server sent no certificate' } };
  }
  const verdict = judgeCertificate(
    facts,
    { ignoreInvalid: settings.ignoreInvalid, expireBeforeDays: settings.expireBeforeDays },
    new Date(),
  );
  return { ok: true, socket: secured.socket, verdict };
}
