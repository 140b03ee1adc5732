/**
 * A real OpenLDAP server (Debian slapd) for the tests of `native:ldap`: started in a temporary
 * directory with a generated slapd.conf, a small database with one user, plain LDAP (with
 * StartTLS) and LDAPS on free loopback ports, and stopped by its pid. Also check_ldap of the
 * Monitoring Plugins, run on the same server. A missing program fails the test naming the
 * Debian package: these tests are never skipped.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCertificates } from './certificates-for-tests.js';
import { freePort } from './nrpe-daemon-for-tests.js';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
/** Where Debian installs check_ldap. */
export const CHECK_LDAP = '/usr/lib/nagios/plugins/check_ldap';

function requireProgram(path: string, debianPackage: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `${path} is missing: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}, or run scripts/install-test-packages.sh)`,
    );
  }
}

/** A running slapd. */
export interface LdapServer {
  /** Plain LDAP, StartTLS offered. */
  readonly port: number;
  /** LDAPS (TLS from the first byte). */
  readonly tlsPort: number;
  /** The database suffix. */
  readonly base: string;
  /** The one user, with a password. */
  readonly user: { readonly dn: string; readonly password: string };
  /** The authority that signed the server's certificate, which is for `certificateName`. */
  readonly caFile: string;
  readonly certificateName: string;
  /** Stops slapd by its pid and removes its directories. */
  stop(): Promise<void>;
}

const BASE = 'dc=example,dc=test';
const USER = { dn: `uid=alice,${BASE}`, password: 'alice-secret' };

/** Starts slapd. */
export async function startSlapd(): Promise<LdapServer> {
  requireProgram(SLAPD, 'slapd');
  requireProgram(SLAPADD, 'slapd');
  const dir = await mkdtemp(join(tmpdir(), 'watchpost-slapd-'));
  const certificates = makeTestCertificates();
  await mkdir(join(dir, 'db'));
  const config = join(dir, 'slapd.conf');
  await writeFile(
    config,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `pidfile ${join(dir, 'slapd.pid')}`,
      `TLSCACertificateFile ${certificates.caFile}`,
      `TLSCertificateFile ${certificates.good.certFile}`,
      `TLSCertificateKeyFile ${certificates.good.keyFile}`,
      'TLSVerifyClient never',
      'database mdb',
      'maxsize 10485760',
      `suffix "${BASE}"`,
      `rootdn "cn=admin,${BASE}"`,
      'rootpw admin-secret',
      `directory ${join(dir, 'db')}`,
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by * read',
      '',
    ].join('\n'),
  );
  const data = join(dir, 'data.ldif');
  await writeFile(
    data,
    [
      `dn: ${BASE}`,
      'objectClass: dcObject',
      'objectClass: organization',
      'o: Example',
      'dc: example',
      '',
      `dn: ${USER.dn}`,
      'objectClass: inetOrgPerson',
      'uid: alice',
      'cn: Alice',
      'sn: Example',
      `userPassword: ${USER.password}`,
      '',
    ].join('\n'),
  );
  execFileSync(SLAPADD, ['-f', config, '-l', data], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await freePort();
  const tlsPort = await freePort();
  const child = spawn(
    SLAPD,
    ['-f', config, '-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${tlsPort}/`, '-d', '0'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
    await rm(certificates.dir, { recursive: true, force: true });
  };
  try {
    await waitForListener(port, child, () => output);
    await waitForListener(tlsPort, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    tlsPort,
    base: BASE,
    user: USER,
    caFile: certificates.caFile,
    certificateName: 'good.test',
    stop,
  };
}

async function waitForListener(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}: ${output()}`);
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
  throw new Error(`slapd did not listen on port ${port} within 10 s: ${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }, 3000);
  await exited;
  clearTimeout(timer);
}

/** What check_ldap printed and its exit code. */
export interface LdapPluginRun {
  readonly exitCode: number;
  readonly stdout: string;
}

/** Runs the real check_ldap with `args` and extra environment (LDAPTLS_CACERT, ...). */
export function runCheckLdap(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<LdapPluginRun> {
  requireProgram(CHECK_LDAP, 'monitoring-plugins-standard');
  return new Promise((resolve) => {
    execFile(CHECK_LDAP, [...args], { timeout: 30_000, env: { ...process.env, ...env } }, (error, stdout) => {
      const code = error !== null && typeof error.code === 'number' ? error.code : 0;
      resolve({ exitCode: code, stdout });
    });
  });
}
