/**
 * Real servers from Debian packages for the comparison tests: nginx and OpenSSH's sshd, each
 * with its own configuration, pid file, logs and temporary paths in a temporary directory, on
 * loopback ports, run as the unprivileged user `nobody` when the tests run as root, and stopped
 * by their process id. For tests only; a missing program fails naming its Debian package.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

/** The unprivileged user servers run as when the tests run as root. */
const NOBODY = 65534;

/** A server process started for a test. */
export interface RealServer {
  readonly process: ChildProcess;
  /** Stops the server by its process id and waits until it has ended. */
  stop(): Promise<void>;
}

/** The path of a program, or an error naming the Debian package that provides it. */
export function requireProgram(path: string, debianPackage: string): string {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `${path} is missing: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}, or run scripts/install-test-packages.sh)`,
    );
  }
  return path;
}

/** `count` loopback ports free right now. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve) =>
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            resolve(typeof address === 'object' && address !== null ? address.port : 0);
          }),
        ),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Gives `dir` and everything in it to `nobody` when running as root, so a server can use it. */
export function handToServerUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const walk = (path: string): void => {
    chownSync(path, NOBODY, NOBODY);
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(dir);
  chmodSync(dir, 0o755);
}

function waitForPort(port: number, child: ChildProcess, deadlineMs: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) {
        reject(new Error(`server exited with ${child.exitCode} before listening on ${port}`));
        return;
      }
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() - started > deadlineMs) reject(new Error(`nothing listens on ${port} after ${deadlineMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts a server that listens on `port`; stopping it also removes its directory `dir`. */
function startServer(command: string, args: readonly string[], port: number, dir: string): Promise<RealServer> {
  const asNobody = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...asNobody });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    });
    rmSync(dir, { recursive: true, force: true });
  };
  return waitForPort(port, child, 10_000).then(
    () => ({ process: child, stop }),
    async (error: Error) => {
      await stop();
      throw new Error(`${command}: ${error.message}: ${stderr.trim()}`);
    },
  );
}

/** One nginx `server` block: its port, TLS files if any, and its directives. */
export interface NginxSite {
  readonly port: number;
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  readonly serverName?: string;
  readonly body: string;
}

/** Starts nginx in the foreground with `sites`, everything it writes kept in `dir`. */
export function startNginx(dir: string, sites: readonly NginxSite[]): Promise<RealServer> {
  const nginx = requireProgram('/usr/sbin/nginx', 'nginx');
  for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp), { recursive: true });
  const servers = sites.map(
    (site) => `  server {
    listen 127.0.0.1:${site.port}${site.tls === undefined ? '' : ' ssl'}${site.serverName === undefined ? ' default_server' : ''};
    server_name ${site.serverName ?? '_'};
${site.tls === undefined ? '' : `    ssl_certificate ${site.tls.certFile};\n    ssl_certificate_key ${site.tls.keyFile};\n`}${site.body}
  }`,
  );
  const config = `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')};
events { worker_connections 128; }
http {
  access_log ${join(dir, 'access.log')};
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  default_type text/plain;
${servers.join('\n')}
}
`;
  const configFile = join(dir, 'nginx.conf');
  writeFileSync(configFile, config);
  handToServerUser(dir);
  const args = ['-p', dir, '-c', configFile, '-e', join(dir, 'error.log'), '-g', 'daemon off;'];
  const first = sites[0];
  return startServer(nginx, args, first === undefined ? 0 : first.port, dir);
}

/** Starts sshd in the foreground on `port` with a fresh host key, everything in `dir`. */
export function startSshd(dir: string, port: number): Promise<RealServer> {
  const sshd = requireProgram('/usr/sbin/sshd', 'openssh-server');
  const keygen = requireProgram('/usr/bin/ssh-keygen', 'openssh-client');
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  execFileSync(keygen, ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const configFile = join(dir, 'sshd_config');
  writeFileSync(
    configFile,
    [
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'ListenAddress 127.0.0.1',
      'UsePAM no',
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      '',
    ].join('\n'),
  );
  handToServerUser(dir);
  return startServer(sshd, ['-D', '-e', '-f', configFile, '-p', String(port)], port, dir);
}

/** The loopback ports of a test dovecot. */
export interface DovecotPorts {
  readonly imap: number;
  readonly imaps: number;
  readonly pop3: number;
  readonly pop3s: number;
}

/**
 * Starts dovecot in the foreground for IMAP and POP3 (plain with STARTTLS/STLS, and implicit
 * TLS) with `certificate`, one user `me` with password `secret`, everything in `dir`, and
 * without chroots so it runs unprivileged.
 */
export function startDovecot(
  dir: string,
  ports: DovecotPorts,
  certificate: { readonly certFile: string; readonly keyFile: string },
): Promise<RealServer> {
  const dovecot = requireProgram('/usr/sbin/dovecot', 'dovecot-imapd');
  requireProgram('/usr/lib/dovecot/pop3', 'dovecot-pop3d');
  const user = process.getuid?.() === 0 ? { name: 'nobody', group: 'nogroup', id: NOBODY } : null;
  const uid = user?.id ?? process.getuid?.() ?? 0;
  const gid = user?.id ?? process.getgid?.() ?? 0;
  const configFile = join(dir, 'dovecot.conf');
  writeFileSync(join(dir, 'users'), 'me:{PLAIN}secret::::\n');
  const listener = (name: string, port: number, ssl: boolean): string =>
    `  inet_listener ${name} {\n    port = ${port}\n${ssl ? '    ssl = yes\n' : ''}  }`;
  writeFileSync(
    configFile,
    `base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
log_path = ${join(dir, 'dovecot.log')}
protocols = imap pop3
listen = 127.0.0.1
ssl = yes
ssl_cert = <${certificate.certFile}
ssl_key = <${certificate.keyFile}
disable_plaintext_auth = no
auth_mechanisms = plain login
${user === null ? '' : `default_internal_user = ${user.name}\ndefault_internal_group = ${user.group}\ndefault_login_user = ${user.name}\n`}passdb {
  driver = passwd-file
  args = ${join(dir, 'users')}
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${join(dir, 'home', '%u')}
}
mail_location = maildir:${join(dir, 'home', '%u', 'Maildir')}
service imap-login {
  chroot =
${listener('imap', ports.imap, false)}
${listener('imaps', ports.imaps, true)}
}
service pop3-login {
  chroot =
${listener('pop3', ports.pop3, false)}
${listener('pop3s', ports.pop3s, true)}
}
service anvil {
  chroot =
}
`,
  );
  handToServerUser(dir);
  return startServer(dovecot, ['-F', '-c', configFile], ports.imap, dir);
}
