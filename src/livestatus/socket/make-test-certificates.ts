/**
 * Test certificates made by the real `openssl` command in a directory: a test CA, a server
 * certificate for 127.0.0.1/localhost, a client certificate from the same CA, and a client
 * certificate from another CA. For tests of the TLS listener and its clients; fails with a
 * message naming the Debian package when `openssl` is missing.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Paths of the PEM files made. */
export interface TestCertificates {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** A client certificate signed by a CA the server does not trust. */
  readonly strangerCert: string;
  readonly strangerKey: string;
  /** The CA that signed the stranger's certificate. */
  readonly strangerCaCert: string;
}

function openssl(args: readonly string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('the openssl command is missing: install the Debian package openssl', { cause: error });
    throw error;
  }
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): void {
  openssl(
    ['req', '-x509', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`],
    dir,
  );
}

function makeLeaf(dir: string, options: { name: string; ca: string; extensions: string }): void {
  const { name, ca } = options;
  writeFileSync(join(dir, `${name}.ext`), options.extensions);
  openssl(['req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], dir);
  // prettier-ignore
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`], dir);
}

/** Makes the certificates in `dir` (an empty temporary directory). */
export function makeTestCertificates(dir: string): TestCertificates {
  makeCa(dir, 'test-ca');
  makeCa(dir, 'stranger-ca');
  makeLeaf(dir, {
    name: 'server',
    ca: 'test-ca',
    extensions: 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  });
  makeLeaf(dir, { name: 'client', ca: 'test-ca', extensions: 'extendedKeyUsage=clientAuth\n' });
  makeLeaf(dir, { name: 'stranger', ca: 'stranger-ca', extensions: 'extendedKeyUsage=clientAuth\n' });
  const at = (file: string): string => join(dir, file);
  return {
    caCert: at('test-ca.crt'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    clientCert: at('client.crt'),
    clientKey: at('client.key'),
    strangerCert: at('stranger.crt'),
    strangerKey: at('stranger.key'),
    strangerCaCert: at('stranger-ca.crt'),
  };
}
