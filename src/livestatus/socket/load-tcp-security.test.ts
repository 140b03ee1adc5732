import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Diagnostics, formatDiagnostic } from '../../config/diagnostic.js';
import { readSiteSettings } from '../../config/site-settings.js';
import { parseYaml } from '../../config/yaml/parse-yaml.js';
import { loadTcpSecurity, type TcpSecuritySettings } from './load-tcp-security.js';
import { makeTestCertificates } from './make-test-certificates.js';

let site = '';

before(() => {
  site = mkdtempSync(join(tmpdir(), 'watchpost-tls-settings-'));
  const certs = makeTestCertificates(site);
  copyFileSync(certs.strangerKey, join(site, 'other.key'));
  writeFileSync(join(site, 'secret'), 'a-long-enough-shared-secret\n', { mode: 0o600 });
  writeFileSync(join(site, 'open-secret'), 'a-long-enough-shared-secret\n');
  chmodSync(join(site, 'open-secret'), 0o644);
  writeFileSync(join(site, 'short-secret'), 'short\n', { mode: 0o600 });
  writeFileSync(join(site, 'not-pem'), 'hello\n');
});
after(() => rmSync(site, { recursive: true, force: true }));

const TLS: TcpSecuritySettings = {
  tls: true,
  tlsCertificate: 'server.crt',
  tlsKey: 'server.key',
  tlsCa: 'test-ca.crt',
  tlsClientCertificates: 'none',
  secretFile: '',
};

/** Settings, then the error (a pattern) or the warnings expected. */
const CASES: readonly {
  name: string;
  settings: Partial<TcpSecuritySettings>;
  error?: RegExp;
  warnings?: readonly RegExp[];
}[] = [
  { name: 'plain TCP', settings: { tls: false, tlsCertificate: '', tlsKey: '', tlsCa: '' }, warnings: [] },
  { name: 'TLS with certificate, key and CA', settings: {}, warnings: [] },
  { name: 'client certificates and a secret', settings: { tlsClientCertificates: 'required', secretFile: 'secret' } },
  {
    name: 'a missing certificate',
    settings: { tlsCertificate: 'nope.crt' },
    error: /^livestatus\.tls_certificate: cannot read .*nope\.crt \(ENOENT\)$/,
  },
  { name: 'a missing key', settings: { tlsKey: 'nope.key' }, error: /^livestatus\.tls_key: cannot read .*ENOENT/ },
  {
    name: 'a certificate file without a certificate',
    settings: { tlsCertificate: 'not-pem' },
    error: /tls_certificate: not-pem holds no PEM certificate/,
  },
  {
    name: 'a CA file without a certificate',
    settings: { tlsCa: 'not-pem' },
    error: /tls_ca: not-pem holds no PEM certificate/,
  },
  {
    name: 'a key of another certificate',
    settings: { tlsKey: 'other.key' },
    error: /^livestatus\.tls_key: other\.key is not the key of server\.crt$/,
  },
  { name: 'a directory as key', settings: { tlsKey: '.' }, error: /tls_key: cannot read .*EISDIR/ },
  {
    name: 'client certificates without a CA',
    settings: { tlsClientCertificates: 'required', tlsCa: '' },
    error: /needs livestatus\.tls_ca/,
  },
  { name: 'a secret without TLS', settings: { tls: false, secretFile: 'secret' }, error: /need livestatus\.tls: true/ },
  { name: 'a short secret', settings: { secretFile: 'short-secret' }, error: /at least 16 characters/ },
  { name: 'a missing secret file', settings: { secretFile: 'nope' }, error: /secret_file: cannot read/ },
  {
    name: 'a secret others may read',
    settings: { secretFile: 'open-secret' },
    warnings: [/readable by others; chmod 600/],
  },
];

for (const row of CASES) {
  test(`loadTcpSecurity(): ${row.name}`, () => {
    const loaded = loadTcpSecurity({ ...TLS, ...row.settings }, site);
    if (row.error !== undefined) {
      assert.equal(loaded.ok, false);
      if (!loaded.ok) assert.match(loaded.error, row.error);
      return;
    }
    assert.equal(loaded.ok, true, loaded.ok ? '' : loaded.error);
    if (!loaded.ok) return;
    if (row.warnings !== undefined) {
      assert.equal(loaded.warnings.length, row.warnings.length, loaded.warnings.join('; '));
      row.warnings.forEach((pattern, i) => assert.match(loaded.warnings[i] ?? '', pattern));
    }
    const wantsTls = row.settings.tls !== false;
    assert.equal(loaded.security.tls !== null, wantsTls);
    assert.equal(
      loaded.security.tls?.requireClientCertificate ?? false,
      row.settings.tlsClientCertificates === 'required',
    );
    if (row.settings.secretFile === 'secret') assert.equal(loaded.security.secret, 'a-long-enough-shared-secret');
  });
}

test('loadTcpSecurity() warns about an expired server certificate', () => {
  const loaded = loadTcpSecurity(TLS, site, Date.now() + 10 * 86_400_000);
  assert.equal(loaded.ok, true);
  if (loaded.ok) assert.match(loaded.warnings.join(''), /tls_certificate: server\.crt expired on /);
});

function settingsErrors(yaml: string): string[] {
  const diagnostics = new Diagnostics();
  const parsed = parseYaml(yaml);
  assert.ok(parsed.ok);
  readSiteSettings(parsed.value, parsed.lines, { file: 'watchpost.yaml', defaultSite: 's', diagnostics });
  return diagnostics.items.map(formatDiagnostic);
}

/** watchpost.yaml livestatus groups and the errors they give. */
const SETTINGS_CASES: readonly { yaml: string; errors: readonly string[] }[] = [
  { yaml: 'livestatus:\n  tcp: true\n', errors: [] },
  {
    yaml: 'livestatus:\n  tcp: true\n  tls: true\n  tls_certificate: c.pem\n  tls_key: k.pem\n  secret_file: s\n',
    errors: [],
  },
  {
    yaml: 'livestatus:\n  tcp: true\n  tls: true\n',
    errors: [
      'watchpost.yaml:3: error: livestatus.tls: needs livestatus.tls_certificate and livestatus.tls_key (PEM files)',
    ],
  },
  {
    yaml: 'livestatus:\n  tcp: true\n  secret_file: s\n',
    errors: [
      'watchpost.yaml:3: error: livestatus.secret_file: a secret over plain TCP would travel in clear; set livestatus.tls: true',
    ],
  },
  {
    yaml: 'livestatus:\n  tcp: true\n  tls_client_certificates: required\n',
    errors: [
      'watchpost.yaml:3: error: livestatus.tls_client_certificates: required needs livestatus.tls_ca, the CA that signs client certificates',
      'watchpost.yaml:3: error: livestatus.tls_client_certificates: client certificates need TLS; set livestatus.tls: true',
    ],
  },
  {
    yaml: 'livestatus:\n  tls: true\n  tls_certificate: c.pem\n  tls_key: k.pem\n',
    errors: [
      'watchpost.yaml:2: warning: livestatus.tls: has no effect without livestatus.tcp: true (the unix socket has no TLS)',
    ],
  },
  {
    yaml: 'livestatus:\n  tls_client_certificates: optional\n',
    errors: [
      'watchpost.yaml:2: error: livestatus.tls_client_certificates: expected one of none, required, got "optional"',
    ],
  },
];

for (const row of SETTINGS_CASES) {
  test(`readSiteSettings() livestatus security: ${JSON.stringify(row.yaml)}`, () => {
    assert.deepEqual(settingsErrors(row.yaml), row.errors);
  });
}
