/**
 * Running native checks from their command lines in tests, and loopback servers on free ports.
 * For tests only.
 */
import type { AddressInfo, Server, Socket } from 'node:net';
import type { CheckResult } from '../../model/check-result.js';
import { nativeCheckTypes } from './native-check-types.js';
import { parseNativeCommand } from './route-native-checks.js';

/** Runs `native:TYPE key=value ...` directly (no router), with a timeout in milliseconds. */
export async function runNativeLine(
  commandLine: string,
  options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
): Promise<CheckResult> {
  const command = parseNativeCommand(commandLine);
  if (!command.ok) throw new Error(command.message);
  const check = nativeCheckTypes().get(command.type);
  if (check === undefined) throw new Error(`no native type ${command.type}`);
  return check(command.parameters, {
    timeoutMs: options.timeoutMs ?? 2000,
    timeoutStatus: 2,
    signal: options.signal ?? new AbortController().signal,
  });
}

const connections = new WeakMap<Server, Set<Socket>>();

/** Starts `server` on a free loopback port and returns the port. */
export function listenOnLoopback(server: Server): Promise<number> {
  const open = new Set<Socket>();
  connections.set(server, open);
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => open.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Closes `server`, first destroying the connections it still holds. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of connections.get(server) ?? []) socket.destroy();
  });
}
