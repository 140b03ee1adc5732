/**
 * The two daemons of the Livestatus benchmark as child processes: a Watchpost site
 * (`bin/watchpost start --site-dir DIR`) and a private Icinga 2 (`icinga2 daemon` with its own
 * paths, as user `nagios` when the benchmark runs as root; the system service is never used).
 * Both are started, waited for until Livestatus answers, and stopped with SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import type { IcingaPaths } from './icinga-config.js';
import { queryOnce, type LivestatusAddress } from './livestatus-client.js';
import { WATCHPOST_BIN, WATCHPOST_NODE_OPTIONS } from './watchpost-command.js';

/** A running daemon. */
export interface RunningDaemon {
  readonly name: string;
  /** The process to read CPU figures of (Icinga 2: the daemon, not the wrapper). */
  readonly pid: number;
  readonly address: LivestatusAddress;
  /** What it printed last, for error messages. */
  outputTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** A free TCP port on loopback (bound and released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function watch(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text.trimEnd().split('\n').slice(-15).join('\n');
}

/** Daemons still running: stopped when the benchmark is interrupted, so that none is left behind. */
const running = new Set<ChildProcess>();

function onInterrupt(signal: NodeJS.Signals): void {
  for (const child of running) child.kill('SIGTERM');
  process.exitCode = 130;
  process.stderr.write(`${signal}: stopped ${running.size} daemon(s)\n`);
  process.exit();
}

function track(child: ChildProcess): void {
  if (running.size === 0) {
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onInterrupt);
  }
  running.add(child);
  child.once('exit', () => {
    running.delete(child);
    if (running.size === 0) {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    }
  });
}

function stopper(child: ChildProcess): (graceMs?: number) => Promise<void> {
  track(child);
  return async (graceMs = 60_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
}

/**
 * Waits until `GET status` answers on `address`, polling; rejects when the process exits or
 * `timeoutMs` passes.
 */
async function waitForLivestatus(
  child: ChildProcess,
  address: LivestatusAddress,
  timeoutMs: number,
  tail: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the daemon exited (${child.exitCode ?? child.signalCode}) before answering:\n${tail()}`);
    }
    try {
      const answer = await queryOnce(address, 'GET status\nColumns: program_version\nResponseHeader: fixed16');
      if (answer.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`Livestatus did not answer within ${timeoutMs} ms:\n${tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Starts `bin/watchpost start` on a site directory that listens on `tcpPort`. */
export async function startWatchpostSite(siteDir: string, tcpPort: number): Promise<RunningDaemon> {
  const child = spawn(process.execPath, [...WATCHPOST_NODE_OPTIONS, WATCHPOST_BIN, 'start', '--site-dir', siteDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = watch(child);
  const address = { host: '127.0.0.1', port: tcpPort };
  const stop = stopper(child);
  try {
    await waitForLivestatus(child, address, 180_000, tail);
  } catch (error) {
    await stop(5000);
    throw error;
  }
  return { name: 'watchpost', pid: child.pid ?? 0, address, outputTail: tail, stop };
}

/** The icinga2 binary, or `null` when the Debian package icinga2-bin is not installed. */
export function findIcinga2(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (dir !== '' && existsSync(join(dir, 'icinga2'))) return join(dir, 'icinga2');
  }
  return null;
}

/** The user Icinga 2 runs as: `nagios` when we are root and it exists, else ourselves. */
function icingaUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(spawnSync('id', ['-u', 'nagios'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'nagios'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid <= 0) return null;
  return { name: 'nagios', uid, gid };
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid);
}

/** Starts a private Icinga 2 on the paths written by writeIcingaConfig. */
export async function startIcinga(binary: string, paths: IcingaPaths, tcpPort: number): Promise<RunningDaemon> {
  const user = icingaUser();
  if (user !== null) chownTree(paths.root, user.uid, user.gid);
  const runAs = user?.name ?? (spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim() || 'nobody');
  const runGroup = user?.name ?? (spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim() || 'nogroup');
  const args = [
    'daemon',
    '-c',
    paths.mainConfig,
    `-DConfigDir=${paths.configDir}`,
    `-DDataDir=${paths.dataDir}`,
    `-DLogDir=${paths.logDir}`,
    `-DCacheDir=${paths.cacheDir}`,
    `-DSpoolDir=${paths.spoolDir}`,
    `-DInitRunDir=${paths.runDir}`,
    `-DRunAsUser=${runAs}`,
    `-DRunAsGroup=${runGroup}`,
  ];
  const child = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: paths.root,
    ...(user === null ? {} : { uid: user.uid, gid: user.gid }),
  });
  const tail = watch(child);
  const address = { host: '127.0.0.1', port: tcpPort };
  const stop = stopper(child);
  try {
    await waitForLivestatus(child, address, 300_000, tail);
  } catch (error) {
    await stop(5000);
    throw error;
  }
  return { name: 'icinga2', pid: child.pid ?? 0, address, outputTail: tail, stop };
}
