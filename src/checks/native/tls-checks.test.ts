import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTlsServer } from 'node:tls';
import { makeTestCertificates, removeTestCertificates, type TestCertificate } from './certificates-for-tests.js';
import { closeServer, listenOnLoopback, runNativeLine } from './native-checks-for-tests.js';

const certificates = makeTestCertificates();
after(() => removeTestCertificates(certificates));

async function tlsPort(certificate: TestCertificate): Promise<number> {
  const server = createTlsServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
    socket.on('error', () => undefined);
    socket.end('hello over TLS\r\n');
  });
  after(() => closeServer(server));
  return listenOnLoopback(server);
}

async function httpsPort(certificate: TestCertificate): Promise<number> {
  const server = createHttpsServer({ key: certificate.key, cert: certificate.cert }, (_request, response) =>
    response.end('secure'),
  );
  after(() => closeServer(server));
  return listenOnLoopback(server);
}

const trusted = `ssl=true ssl_hostname=good.test ca_file=${certificates.caFile}`;
const rows: [keyof typeof certificates, string, number, RegExp][] = [
  [
    'good',
    trusted,
    0,
    /certificate 'CN=good\.test' from 'CN=Watchpost Test CA' valid until \S+ \S+ UTC \(36[45] days left\)/,
  ],
  ['good', 'ssl=true ssl_hostname=good.test', 2, /certificate not trusted: issuer unknown/],
  ['good', `${trusted} expire_before_days=400`, 1, /certificate expires in 36[45] days/],
  ['expired', trusted, 2, /certificate expired on /],
  ['notYetValid', trusted, 2, /certificate not valid before /],
  ['wrongName', trusted, 2, /certificate is not for "good\.test" \(it names other\.test\)/],
  ['soonExpiring', `${trusted} expire_before_days=30`, 1, /certificate expires in 5 days/],
  ['soonExpiring', trusted, 0, /5 days left/],
  ['selfSigned', trusted, 2, /certificate not trusted: self-signed certificate/],
  ['selfSigned', `${trusted} ignore_invalid_ssl=true`, 0, /valid until/],
  ['expired', `${trusted} ignore_invalid_ssl=true expire_before_days=10`, 1, /expires in -3\d days/],
];

test('tcp with ssl=true judges the certificate of each kind', async () => {
  for (const [name, parameters, status, output] of rows) {
    const certificate = certificates[name];
    if (typeof certificate === 'string') continue;
    const port = await tlsPort(certificate);
    const result = await runNativeLine(`native:tcp host=127.0.0.1 port=${port} ${parameters}`);
    assert.equal(result.status, status, `${name} ${parameters}: ${result.output}`);
    assert.match(result.output, /^TCP (OK|WARNING|CRITICAL) - /);
    assert.match(result.output, output, name);
    assert.match(result.perfdata, /^time=\S+ days_left=-?\d+;(\d+:)?;(0:)?;;$/);
    assert.match(result.longOutput, /^Certificate issuer: CN=(Watchpost Test CA|good\.test)$/m);
  }
});

test('http with ssl=true judges the certificate and the answer together', async () => {
  for (const [name, parameters, status, output] of rows) {
    const certificate = certificates[name];
    if (typeof certificate === 'string') continue;
    const port = await httpsPort(certificate);
    const result = await runNativeLine(`native:http host=127.0.0.1 port=${port} ${parameters}`);
    assert.equal(result.status, status, `${name} ${parameters}: ${result.output}`);
    assert.match(result.output, output, name);
    assert.match(result.output, /HTTP\/1\.1 200 OK - 6 bytes in/);
  }
});

test('ssl_hostname defaults to the HTTP hostname, then to the host', async () => {
  const port = await httpsPort(certificates.good);
  const byHostname = await runNativeLine(
    `native:http host=127.0.0.1 port=${port} ssl=true hostname=good.test ca_file=${certificates.caFile}`,
  );
  assert.equal(byHostname.status, 0, byHostname.output);
  const byAddress = await runNativeLine(
    `native:http host=127.0.0.1 port=${port} ssl=true ca_file=${certificates.caFile}`,
  );
  assert.equal(byAddress.status, 2);
  assert.match(byAddress.output, /certificate is not for "127\.0\.0\.1"/);
  const missing = await runNativeLine(`native:tcp host=127.0.0.1 port=${port} ssl=true ca_file=/nonexistent/ca.pem`);
  assert.equal(missing.status, 3);
  assert.match(missing.output, /^TCP UNKNOWN - cannot use ca_file \/nonexistent\/ca\.pem: ENOENT/);
});
