/**
 * The real NRPE daemon of Debian's nagios-nrpe-server and the real check_nrpe of
 * nagios-nrpe-plugin, for the tests that hold `native:nrpe` to them. A missing program fails the
 * test with the package to install: these tests are never skipped.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const NRPE = '/usr/sbin/nrpe';
/** Where Debian installs check_nrpe. */
export const CHECK_NRPE = '/usr/lib/nagios/plugins/check_nrpe';

function requireProgram(path: string, debianPackage: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `${path} is missing: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}, or run scripts/install-test-packages.sh)`,
    );
  }
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A running daemon on 127.0.0.1. */
export interface NrpeDaemon {
  readonly port: number;
  /** The daemon's temporary directory (configuration, scripts, certificates). */
  readonly dir: string;
  /** Stops the daemon by its pid and removes its directory. */
  stop(): Promise<void>;
}

/** What the daemon runs and how it talks. */
export interface NrpeDaemonOptions {
  /** `false` starts it with `-n` (no TLS). */
  readonly ssl: boolean;
  /** `command[name]=line`; `$DIR` in a line is the daemon's directory. */
  readonly commands: Readonly<Record<string, string>>;
  /** Files to write into the directory first (scripts are made executable). */
  readonly files?: Readonly<Record<string, string>>;
  /** More nrpe.cfg lines (`ssl_cert_file=$DIR/server.pem`, ...). */
  readonly settings?: readonly string[];
  /** Called with the directory before the daemon starts (to make certificates there). */
  readonly prepare?: (dir: string) => Promise<void>;
}

/** Starts `nrpe -c CFG -f` in a temporary directory, listening on a free loopback port. */
export async function startNrpeDaemon(options: NrpeDaemonOptions): Promise<NrpeDaemon> {
  requireProgram(NRPE, 'nagios-nrpe-server');
  const dir = await mkdtemp(join(tmpdir(), 'watchpost-nrpe-'));
  // The daemon drops to nrpe_user, who must read the configuration and run the scripts.
  await chmod(dir, 0o755);
  for (const [name, content] of Object.entries(options.files ?? {})) {
    await writeFile(join(dir, name), content, { mode: 0o755 });
  }
  await options.prepare?.(dir);
  const port = await freePort();
  const user = process.getuid?.() === 0 ? 'nagios' : userInfo().username;
  const lines = [
    `server_address=127.0.0.1`,
    `server_port=${port}`,
    `nrpe_user=${user}`,
    `nrpe_group=${process.getuid?.() === 0 ? 'nagios' : user}`,
    `allowed_hosts=127.0.0.1`,
    `dont_blame_nrpe=0`,
    `command_timeout=30`,
    `connection_timeout=30`,
    `disable_syslog=1`,
    ...(options.settings ?? []),
    ...Object.entries(options.commands).map(([name, line]) => `command[${name}]=${line}`),
  ].map((line) => line.replaceAll('$DIR', dir));
  const config = join(dir, 'nrpe.cfg');
  await writeFile(config, `${lines.join('\n')}\n`, { mode: 0o644 });
  // Its own process group, so that stopping it also ends the processes it forked per connection.
  const child = spawn(NRPE, ['-c', config, '-f', ...(options.ssl ? [] : ['-n'])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await stopHandlers(config);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForListener(port, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, dir, stop };
}

async function waitForListener(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nrpe exited with ${child.exitCode}: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nrpe did not listen on port ${port} within 10 s: ${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const group = -child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(group, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null) process.kill(group, 'SIGKILL');
  }, 3000);
  await exited;
  clearTimeout(timer);
  // Connection handlers still running a command leave with the group too.
  try {
    process.kill(group, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/**
 * Stops the per-connection processes of the daemon that used `config`: each made itself a
 * process group leader (to run its command) and was left to init when the daemon stopped, so
 * they are found by the unique configuration path on their command line, and ended by group.
 */
async function stopHandlers(config: string): Promise<void> {
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!commandLine.split('\0').includes(config)) continue;
    try {
      process.kill(-Number(entry), 'SIGKILL');
    } catch {
      // Not a group leader (or gone): end the process alone.
      try {
        process.kill(Number(entry), 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/** What check_nrpe printed and its exit code. */
export interface PluginRun {
  readonly exitCode: number;
  readonly stdout: string;
}

/** Runs the real check_nrpe with `args`. */
export function runCheckNrpe(args: readonly string[]): Promise<PluginRun> {
  requireProgram(CHECK_NRPE, 'nagios-nrpe-plugin');
  return new Promise((resolve) => {
    execFile(CHECK_NRPE, [...args], { timeout: 30_000 }, (error, stdout) => {
      const code = error !== null && typeof error.code === 'number' ? error.code : 0;
      resolve({ exitCode: code, stdout });
    });
  });
}
