/**
 * The native mail checks against a real dovecot (IMAP and POP3, plain with STARTTLS/STLS and
 * implicit TLS, logins) and a loopback SMTP server, next to check_imap, check_pop and
 * check_smtp on the same targets: the same state in every row.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { requirePlugin } from '../process/plugins-for-tests.js';
import { makeTestCertificates, removeTestCertificates } from './certificates-for-tests.js';
import { closeServer, listenOnLoopback, runNativeLine } from './native-checks-for-tests.js';
import { freePorts, handToServerUser, startDovecot, type RealServer } from './real-servers-for-tests.js';

const certificates = makeTestCertificates();
after(() => removeTestCertificates(certificates));
handToServerUser(certificates.dir);
const [imap = 0, imaps = 0, pop3 = 0, pop3s = 0, closed = 0] = await freePorts(5);
const servers: RealServer[] = [];
const smtpServer = createServer((socket) => serveSmtp(socket, true));
const smtp = await listenOnLoopback(smtpServer);

/** A small SMTP server: greeting, EHLO/HELO, STARTTLS with the soon-expiring certificate, QUIT. */
function serveSmtp(socket: Socket | TLSSocket, greet: boolean): void {
  socket.on('error', () => undefined);
  if (greet) socket.write('220 mail.test ESMTP\r\n');
  let buffered = '';
  const onData = (chunk: Buffer): void => {
    buffered += chunk.toString('latin1');
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end).replace(/\r$/, '').toUpperCase();
      buffered = buffered.slice(end + 1);
      if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write('250-mail.test\r\n250 STARTTLS\r\n');
      else if (line === 'QUIT') socket.end('221 bye\r\n');
      else if (line === 'STARTTLS') {
        socket.off('data', onData);
        socket.write('220 go ahead\r\n');
        const { key, cert } = certificates.soonExpiring;
        serveSmtp(new TLSSocket(socket, { isServer: true, key, cert }), false);
        return;
      } else socket.write('502 no\r\n');
    }
  };
  socket.on('data', onData);
}

before(async () => {
  servers.push(
    await startDovecot(
      mkdtempSync(join(tmpdir(), 'watchpost-dovecot-')),
      { imap, imaps, pop3, pop3s },
      certificates.good,
    ),
  );
});
after(async () => {
  await Promise.all([...servers.map((server) => server.stop()), closeServer(smtpServer)]);
});

function runPlugin(name: string, args: readonly string[]): Promise<{ status: number; output: string }> {
  const path = requirePlugin(name, 'monitoring-plugins-standard');
  return new Promise((resolve) => {
    execFile(path, args, { timeout: 15_000 }, (error, stdout) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 3;
      resolve({ status: code, output: stdout.split('\n')[0] ?? '' });
    });
  });
}

const H = '127.0.0.1';
const trust = `ssl_hostname=good.test ca_file=${certificates.caFile}`;

test('native mail checks and check_imap, check_pop, check_smtp give the same state', async () => {
  const rows: [string, string, string, string[], number][] = [
    ['imap', `imap host=${H} port=${imap}`, 'check_imap', ['-H', H, '-p', `${imap}`], 0],
    ['imaps', `imap host=${H} port=${imaps} ssl=true ${trust}`, 'check_imap', ['-H', H, '-p', `${imaps}`, '-S'], 0],
    [
      'imaps days',
      `imap host=${H} port=${imaps} ssl=true ${trust} expire_before_days=400`,
      'check_imap',
      ['-H', H, '-p', `${imaps}`, '-S', '-D', '400'],
      1,
    ],
    ['imap on pop3', `imap host=${H} port=${pop3}`, 'check_imap', ['-H', H, '-p', `${pop3}`], 1],
    ['imap closed', `imap host=${H} port=${closed}`, 'check_imap', ['-H', H, '-p', `${closed}`], 2],
    ['pop3', `pop3 host=${H} port=${pop3}`, 'check_pop', ['-H', H, '-p', `${pop3}`], 0],
    ['pop3s', `pop3 host=${H} port=${pop3s} ssl=true ${trust}`, 'check_pop', ['-H', H, '-p', `${pop3s}`, '-S'], 0],
    [
      'pop3s days',
      `pop3 host=${H} port=${pop3s} ssl=true ${trust} expire_before_days=400`,
      'check_pop',
      ['-H', H, '-p', `${pop3s}`, '-S', '-D', '400'],
      1,
    ],
    ['pop3 on imap', `pop3 host=${H} port=${imap}`, 'check_pop', ['-H', H, '-p', `${imap}`], 1],
    ['smtp', `smtp host=${H} port=${smtp}`, 'check_smtp', ['-H', H, '-p', `${smtp}`], 0],
    [
      'smtp starttls',
      `smtp host=${H} port=${smtp} starttls=true ${trust}`,
      'check_smtp',
      ['-H', H, '-p', `${smtp}`, '-S'],
      0,
    ],
    [
      'smtp starttls days',
      `smtp host=${H} port=${smtp} starttls=true ${trust} expire_before_days=30`,
      'check_smtp',
      ['-H', H, '-p', `${smtp}`, '-S', '-D', '30'],
      1,
    ],
    ['smtp on imap', `smtp host=${H} port=${imap}`, 'check_smtp', ['-H', H, '-p', `${imap}`], 1],
  ];
  const table: string[] = [];
  const wrong: string[] = [];
  for (const [what, line, plugin, args, expected] of rows) {
    const [native, reference] = await Promise.all([
      runNativeLine(`native:${line}`, { timeoutMs: 5000 }),
      runPlugin(plugin, args),
    ]);
    table.push(
      `${what}: native ${native.status} "${native.output}" | ${plugin} ${reference.status} "${reference.output}"`,
    );
    if (native.status !== expected || reference.status !== expected) {
      wrong.push(
        `${what}: expected ${expected}, native ${native.status} (${native.output}), ${plugin} ${reference.status} (${reference.output})`,
      );
    }
  }
  console.log(table.join('\n'));
  assert.deepEqual(wrong, []);
});

test('logins to the real dovecot: right password OK, wrong one CRITICAL, over STARTTLS and implicit TLS', async () => {
  // Successful logins first: dovecot delays every login from an address after a failed one.
  const rows: [string, number, RegExp][] = [
    [
      `imap host=${H} port=${imap} starttls=true ${trust} username=me password=secret`,
      0,
      /^IMAP OK - .*\[\* OK .*Dovecot/,
    ],
    [`imap host=${H} port=${imaps} ssl=true ${trust} username=me password=secret`, 0, /^IMAP OK/],
    [`pop3 host=${H} port=${pop3} starttls=true ${trust} username=me password=secret`, 0, /^POP OK - .*\[\+OK Dovecot/],
    [`pop3 host=${H} port=${pop3s} ssl=true ${trust} username=me password=secret`, 0, /^POP OK/],
    [
      `imap host=${H} port=${imap} starttls=true ${trust} username=me password=wrong`,
      2,
      /^IMAP CRITICAL - login failed: NO \[AUTHENTICATIONFAILED\]/,
    ],
    [
      `pop3 host=${H} port=${pop3s} ssl=true ${trust} username=me password=wrong`,
      2,
      /^POP CRITICAL - login failed: -ERR \[AUTH\]/,
    ],
  ];
  for (const [line, status, output] of rows) {
    const result = await runNativeLine(`native:${line}`, { timeoutMs: 20_000 });
    assert.equal(result.status, status, `${line}: ${result.output}`);
    assert.match(result.output, output, line);
  }
});
