/**
 * Why talking to a server failed, as a value, and how each failure reads in a result: the same
 * words check_tcp uses where it has them (`connect to address 127.0.0.1 and port 1: Connection
 * refused`, `Socket timeout after 10 seconds`).
 */
import type { Finding } from './native-result.js';
import type { CheckSession } from './check-session.js';

/** One way a connection, a read or a write failed. */
export type ConnectionFailure =
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' }
  /** The peer closed the connection before the expected data came. */
  | { readonly kind: 'closed' }
  /** More than `limit` bytes came without what was expected (a line end, a match). */
  | { readonly kind: 'too-long'; readonly limit: number }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/** Words for the system error codes a network check meets, as strerror says them. */
const ERROR_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'Connection timed out',
  EPIPE: 'Broken pipe',
  ENOTFOUND: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EADDRNOTAVAIL: 'Cannot assign requested address',
};

/** The failure of a Node error (`code` and message). */
export function errorFailure(error: unknown): ConnectionFailure {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'ERROR';
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'error', code, message: ERROR_WORDS[code] ?? message };
}

/**
 * The finding for a failure; `during` says what the check was doing ("while waiting for the
 * greeting"). A timeout has the site's timeout state; everything else a server does is CRITICAL.
 */
export function failureFinding(failure: ConnectionFailure, session: CheckSession, during: string): Finding {
  const suffix = during === '' ? '' : ` ${during}`;
  switch (failure.kind) {
    case 'timeout':
      return {
        status: session.context.timeoutStatus,
        text: `Socket timeout after ${session.timeoutSeconds} seconds${suffix}`,
      };
    case 'aborted':
      return { status: 3, text: 'check aborted: monitoring is stopping' };
    case 'closed':
      return { status: 2, text: `connection closed by the server${suffix}` };
    case 'too-long':
      return { status: 2, text: `more than ${failure.limit} bytes without the expected data${suffix}` };
    case 'error':
      return { status: 2, text: `${failure.message}${suffix}` };
  }
}

/** The finding for a failed connect, in check_tcp's words. */
export function connectFailureFinding(
  failure: ConnectionFailure,
  session: CheckSession,
  target: { readonly host: string; readonly port: number },
): Finding {
  if (failure.kind === 'error') {
    return { status: 2, text: `connect to address ${target.host} and port ${target.port}: ${failure.message}` };
  }
  return failureFinding(failure, session, `while connecting to ${target.host} port ${target.port}`);
}
