/**
 * The first step of every connection-based check: connect, and with `ssl=true` shake hands at
 * once (implicit TLS). A failure comes back as the finding the result shows.
 */
import type { Socket } from 'node:net';
import type { CertificateVerdict } from './certificate-state.js';
import type { CheckSession } from './check-session.js';
import { connectTcp, type Target } from './connect-tcp.js';
import { connectFailureFinding, failureFinding } from './connection-failure.js';
import type { Finding } from './native-result.js';
import { secureSocket, type TlsSettings } from './tls-settings.js';
import { loadTrust, type Trust } from './trust-store.js';

/** An open (maybe TLS) connection with its certificate verdict, or the finding why not. */
export type Opened =
  { ok: true; socket: Socket; verdict: CertificateVerdict | null; trust: Trust } | { ok: false; finding: Finding };

/** Connects to `target`, with implicit TLS when `tls.ssl` is set. */
export async function openConnection(session: CheckSession, target: Target, tls: TlsSettings): Promise<Opened> {
  const loaded = await loadTrust(tls.caFile);
  if (!loaded.ok) return { ok: false, finding: { status: 3, text: loaded.message } };
  const connected = await connectTcp(session, target);
  if (!connected.ok) return { ok: false, finding: connectFailureFinding(connected.failure, session, target) };
  if (!tls.ssl) return { ok: true, socket: connected.socket, verdict: null, trust: loaded.trust };
  const secured = await secureSocket(session, connected.socket, tls, loaded.trust);
  if (!secured.ok) return { ok: false, finding: failureFinding(secured.failure, session, 'during the TLS handshake') };
  return { ok: true, socket: secured.socket, verdict: secured.verdict, trust: loaded.trust };
}
