/**
 * `native:ldap` against a real slapd, compared with check_ldap of the Monitoring Plugins on the
 * same server: same state, and on success the same output and performance data but for the
 * measured time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckResult } from '../../model/check-result.js';
import { parsePluginOutput } from '../plugin-output.js';
import { ldapCheck } from './ldap-check.js';
import { runCheckLdap, startSlapd, type LdapServer } from './ldap-server-for-tests.js';
import { freePort } from './nrpe-daemon-for-tests.js';

let server: LdapServer;

before(async () => {
  server = await startSlapd();
});

after(async () => {
  await server?.stop();
});

const context = { timeoutMs: 10_000, timeoutStatus: 3 as const, signal: new AbortController().signal };

function native(parameters: Record<string, string>): Promise<CheckResult> {
  return ldapCheck(new Map(Object.entries({ host: '127.0.0.1', ...parameters })), context);
}

/** Times differ from run to run; everything else must not. */
function withoutTimes(text: string): string {
  return text.replace(/\d+\.\d+/g, 'T');
}

test('binds and searches like check_ldap -3, with the same result', async () => {
  const port = String(server.port);
  const cases: [string, Record<string, string>, string[], 0 | 2][] = [
    ['anonymous bind, suffix', { port, base: server.base }, ['-b', server.base], 0],
    ['anonymous bind, root DSE', { port }, ['-b', ''], 0],
    [
      'bind as the user',
      { port, base: server.base, username: server.user.dn, password: server.user.password },
      ['-b', server.base, '-D', server.user.dn, '-P', server.user.password],
      0,
    ],
    [
      'wrong password',
      { port, base: server.base, username: server.user.dn, password: 'wrong' },
      ['-b', server.base, '-D', server.user.dn, '-P', 'wrong'],
      2,
    ],
    ['unknown base', { port, base: 'dc=nosuch,dc=test' }, ['-b', 'dc=nosuch,dc=test'], 2],
    [
      'equality filter',
      { port, base: server.base, filter: '(dc=example)' },
      ['-b', server.base, '-a', '(dc=example)'],
      0,
    ],
    [
      'StartTLS',
      { port, base: server.base, starttls: 'true', ignore_invalid_ssl: 'true' },
      ['-b', server.base, '-T'],
      0,
    ],
  ];
  for (const [name, parameters, args, status] of cases) {
    const [ours, theirs] = await Promise.all([
      native(parameters),
      runCheckLdap(['-H', '127.0.0.1', '-p', port, '-3', ...args], { LDAPTLS_REQCERT: 'never' }),
    ]);
    assert.equal(theirs.exitCode, status, `${name}: check_ldap said ${theirs.stdout}`);
    assert.equal(ours.status, status, `${name}: ${ours.output}`);
    if (status === 0 && parameters.starttls === undefined) {
      const parsed = parsePluginOutput(theirs.stdout);
      assert.equal(withoutTimes(ours.output), withoutTimes(parsed.output), name);
      assert.equal(withoutTimes(ours.perfdata), withoutTimes(parsed.perfdata), name);
    }
  }
});

test('failures say what failed', async () => {
  const port = String(server.port);
  const cases: [Record<string, string>, string][] = [
    [
      { port, username: server.user.dn, password: 'wrong' },
      'LDAP CRITICAL - Could not bind to the LDAP server: invalidCredentials (49)',
    ],
    [
      { port, base: 'dc=nosuch,dc=test' },
      'LDAP CRITICAL - Could not search/find objectclasses in dc=nosuch,dc=test: noSuchObject (32)',
    ],
    [
      { port, username: server.user.dn },
      'LDAP CRITICAL - Could not bind to the LDAP server: unwillingToPerform (53): unauthenticated bind (DN with no password) disallowed',
    ],
  ];
  for (const [parameters, output] of cases) {
    const result = await native(parameters);
    assert.deepEqual([result.status, result.output], [2, output]);
  }
  const closed = String(await freePort());
  const [ours, theirs] = await Promise.all([
    native({ port: closed }),
    runCheckLdap(['-H', '127.0.0.1', '-p', closed, '-3', '-b', '']),
  ]);
  assert.equal(ours.status, theirs.exitCode);
  assert.equal(ours.output, `LDAP CRITICAL - connect to address 127.0.0.1 and port ${closed}: Connection refused`);
});

test('LDAPS and StartTLS judge the certificate as seed 003 asks', async () => {
  const trusted = { ca_file: server.caFile, ssl_hostname: server.certificateName };
  const ldaps = await native({ port: String(server.tlsPort), ssl: 'true', base: server.base, ...trusted });
  assert.equal(ldaps.status, 0, ldaps.output);
  assert.match(ldaps.output, /^LDAP OK - \d+\.\d{3} seconds response time; certificate 'CN=good\.test'/);
  assert.match(ldaps.perfdata, /^time=\d+\.\d{6}s;;;0\.000000 days_left=\d+;;0:;;$/);
  const starttls = await native({ port: String(server.port), starttls: 'true', ...trusted });
  assert.equal(starttls.status, 0, starttls.output);
  const untrusted = await native({ port: String(server.tlsPort), ssl: 'true', ssl_hostname: server.certificateName });
  assert.equal(untrusted.status, 2);
  assert.match(untrusted.output, /certificate not trusted/);
  const wrongName = await native({ port: String(server.tlsPort), ssl: 'true', ca_file: server.caFile });
  assert.equal(wrongName.status, 2);
  assert.match(wrongName.output, /certificate is not for "127\.0\.0\.1"/);
  const [theirs] = await Promise.all([
    runCheckLdap(['-H', '127.0.0.1', '-p', String(server.tlsPort), '-3', '-S', '-b', server.base], {
      LDAPTLS_REQCERT: 'never',
    }),
  ]);
  const ignored = await native({
    port: String(server.tlsPort),
    ssl: 'true',
    base: server.base,
    ignore_invalid_ssl: 'true',
  });
  assert.equal(ignored.status, theirs.exitCode, `${ignored.output} / ${theirs.stdout}`);
});
