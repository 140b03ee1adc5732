/**
 * Opening a TCP connection for a check, bounded by its session: the socket is tracked by the
 * session (so it is destroyed when the check ends, whatever happens) and a connect that hangs
 * ends with the session.
 */
import { connect, type Socket } from 'node:net';
import { errorFailure, type ConnectionFailure } from './connection-failure.js';
import type { CheckSession } from './check-session.js';

/** An open socket, or why there is none. */
export type Connected<T> = { ok: true; socket: T } | { ok: false; failure: ConnectionFailure };

/** Where to connect. */
export interface Target {
  readonly host: string;
  readonly port: number;
}

/** Connects to `target`; the session destroys the socket when it closes. */
export function connectTcp(session: CheckSession, target: Target): Promise<Connected<Socket>> {
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    session.track(() => socket.destroy());
    // A late error after the check has moved on must never become an uncaught exception.
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    const finish = (result: Connected<Socket>): void => {
      unsubscribe();
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if (!result.ok) socket.destroy();
      resolve(result);
    };
    const onConnect = (): void => finish({ ok: true, socket });
    const onError = (error: unknown): void => finish({ ok: false, failure: errorFailure(error) });
    socket.once('connect', onConnect);
    socket.once('error', onError);
    const unsubscribe = session.onEnd((end) => finish({ ok: false, failure: { kind: end } }));
  });
}
