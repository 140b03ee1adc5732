/**
 * A test certificate authority made with the `openssl` command in a temporary directory, and
 * server certificates from it that are good, expired, not yet valid, for another name, soon
 * expiring, or self-signed: the cases the TLS judging of the native checks must tell apart.
 * For tests only; a missing `openssl` fails the test naming the Debian package.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A key and certificate as PEM text, with the files they are in. */
export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
  readonly keyFile: string;
  readonly certFile: string;
}

/** The certificates the tests use; every server certificate is for `good.test` unless named. */
export interface TestCertificates {
  readonly dir: string;
  /** The authority's certificate (what `ca_file` points at). */
  readonly caFile: string;
  readonly good: TestCertificate;
  readonly expired: TestCertificate;
  readonly notYetValid: TestCertificate;
  /** For `other.test` only. */
  readonly wrongName: TestCertificate;
  /** Valid for 5 more days. */
  readonly soonExpiring: TestCertificate;
  /** Signed by its own key, not by the authority. */
  readonly selfSigned: TestCertificate;
}

function openssl(dir: string, args: readonly string[]): void {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Error(
        'openssl is missing: install the Debian package openssl (or run scripts/install-test-packages.sh)',
      );
    }
    throw error;
  }
}

const CA_CONFIG = `[ca]
default_ca = test
[test]
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = anything
copy_extensions = copy
unique_subject = no
[anything]
commonName = supplied
`;

function issue(
  dir: string,
  name: string,
  options: { readonly dns: string; readonly start: string; readonly end: string },
): TestCertificate {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  openssl(
    dir,
    ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile].concat([
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${options.dns}`,
      '-addext',
      `subjectAltName=DNS:${options.dns}`,
    ]),
  );
  openssl(
    dir,
    ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${name}.csr`].concat([
      '-out',
      certFile,
      '-startdate',
      options.start,
      '-enddate',
      options.end,
      '-notext',
    ]),
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), keyFile, certFile };
}

/** The `openssl ca` date form of a time: `YYYYMMDDHHMMSSZ`. */
function asn1Time(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** Removes the temporary directory of `certificates`. */
export function removeTestCertificates(certificates: TestCertificates): void {
  rmSync(certificates.dir, { recursive: true, force: true });
}

/** Makes the authority and every certificate in a new temporary directory. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-tls-'));
  mkdirSync(join(dir, 'issued'));
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  openssl(
    dir,
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key'].concat([
      '-out',
      'ca.pem',
      '-subj',
      '/CN=Watchpost Test CA',
      '-days',
      '3650',
    ]),
  );
  const day = 86_400_000;
  const now = Date.now();
  const at = (days: number): string => asn1Time(new Date(now + days * day));
  const selfKey = join(dir, 'self.key');
  const selfCert = join(dir, 'self.pem');
  openssl(
    dir,
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', selfKey].concat([
      '-out',
      selfCert,
      '-subj',
      '/CN=good.test',
      '-addext',
      'subjectAltName=DNS:good.test',
      '-days',
      '365',
    ]),
  );
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    good: issue(dir, 'good', { dns: 'good.test', start: at(-1), end: at(365) }),
    expired: issue(dir, 'expired', { dns: 'good.test', start: at(-400), end: at(-35) }),
    notYetValid: issue(dir, 'future', { dns: 'good.test', start: at(30), end: at(400) }),
    wrongName: issue(dir, 'wrong', { dns: 'other.test', start: at(-1), end: at(365) }),
    soonExpiring: issue(dir, 'soon', { dns: 'good.test', start: at(-300), end: at(5.5) }),
    selfSigned: {
      key: readFileSync(selfKey, 'utf8'),
      cert: readFileSync(selfCert, 'utf8'),
      keyFile: selfKey,
      certFile: selfCert,
    },
  };
}
