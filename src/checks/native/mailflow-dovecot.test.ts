/**
 * A whole mail flow on loopback: `native:smtp` sends token mails to an SMTP receiver that
 * delivers into the Maildir a real dovecot serves; `native:imap` and `native:pop3` find them,
 * `native:mailflow` judges the flow; delivery stopped for longer than `seconds` is CRITICAL, and
 * the tokens survive making the check types anew (a site restart).
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { CheckResult } from '../../model/check-result.js';
import { makeTestCertificates, removeTestCertificates } from './certificates-for-tests.js';
import type { NativeCheckTypes } from './native-check.js';
import { nativeCheckTypes } from './native-check-types.js';
import { MAILFLOW_FILE_NAME } from './mailflow-store.js';
import { freePorts, handToServerUser, startDovecot, type RealServer } from './real-servers-for-tests.js';
import { parseNativeCommand } from './route-native-checks.js';

const certificates = makeTestCertificates();
handToServerUser(certificates.dir);
const dovecotDir = mkdtempSync(join(tmpdir(), 'watchpost-mailflow-dovecot-'));
const stateDir = mkdtempSync(join(tmpdir(), 'watchpost-mailflow-state-'));
const maildir = join(dovecotDir, 'home', 'me', 'Maildir');
for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
const [imap = 0, imaps = 0, pop3 = 0, pop3s = 0] = await freePorts(4);
let dovecot: RealServer | null = null;

/** Whether the receiver delivers; when not, it accepts mails and drops them (a broken relay). */
let delivering = true;
let delivered = 0;
const receiver = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (delivering) {
        // Maildir delivery: write in tmp/, then rename into new/; owned by the user dovecot runs as.
        const name = `${Date.now()}.${process.pid}_${++delivered}.test`;
        writeFileSync(join(maildir, 'tmp', name), Buffer.concat(chunks));
        if (process.getuid?.() === 0) chownSync(join(maildir, 'tmp', name), 65534, 65534);
        renameSync(join(maildir, 'tmp', name), join(maildir, 'new', name));
      }
      callback();
    });
  },
});
const smtpPort = await new Promise<number>((resolve) =>
  receiver.listen(0, '127.0.0.1', () => {
    const address = receiver.server.address();
    resolve(typeof address === 'object' && address !== null ? address.port : 0);
  }),
);

before(async () => {
  dovecot = await startDovecot(dovecotDir, { imap, imaps, pop3, pop3s }, certificates.good);
});
after(async () => {
  await Promise.all([dovecot?.stop(), new Promise((resolve) => receiver.close(() => resolve(null)))]);
  removeTestCertificates(certificates);
  rmSync(stateDir, { recursive: true, force: true });
});

let now = Date.UTC(2026, 0, 1, 12, 0, 0);
const clock = (): number => now;

async function run(types: NativeCheckTypes, line: string): Promise<CheckResult> {
  const command = parseNativeCommand(`native:${line}`);
  if (!command.ok) throw new Error(command.message);
  const check = types.get(command.type);
  if (check === undefined) throw new Error(`no native type ${command.type}`);
  return check(command.parameters, { timeoutMs: 10_000, timeoutStatus: 2, signal: new AbortController().signal });
}

const H = '127.0.0.1';
const send = `smtp host=${H} port=${smtpPort} helo=monitor.test email=me@mail.test mailflowid=flow1`;
const readImap = `imap host=${H} port=${imap} username=me password=secret mailflowid=flow1`;
const readPop3 = `pop3 host=${H} port=${pop3} username=me password=secret mailflowid=flow1`;
const judge = 'mailflow id=flow1 seconds=60';

function mailsInMaildir(): number {
  return readdirSync(join(maildir, 'new')).length + readdirSync(join(maildir, 'cur')).length;
}

test('a token mail sent by smtp is found by imap and by pop3; lost mail turns the flow CRITICAL', async () => {
  let types = nativeCheckTypes({ stateDir, now: clock });
  const steps: [string, string, number, RegExp][] = [
    ['before any token', judge, 0, /^MAILFLOW OK - flow flow1: no token sent yet/],
    ['send token 1', send, 0, /^SMTP OK - .*token mail \S+ of flow flow1 sent to me@mail\.test/],
    ['one pending', judge, 0, /1 tokens pending, the oldest sent 0 s ago/],
    ['imap finds it', readImap, 0, /^IMAP OK - .*flow flow1: 1 token mails found and deleted, 1 of them pending/],
    ['arrived', judge, 0, /no token pending; the last token arrived 0 s after/],
    ['send token 2', send, 0, /^SMTP OK/],
    ['pop3 finds it', readPop3, 0, /^POP OK - .*flow flow1: 1 token mails found and deleted, 1 of them pending/],
    ['nothing left for imap', readImap, 0, /flow flow1: no token mail in the mailbox/],
    ['arrived again', judge, 0, /no token pending/],
  ];
  for (const [name, line, status, output] of steps) {
    const result = await run(types, line);
    assert.equal(result.status, status, `${name}: ${result.output}`);
    assert.match(result.output, output, name);
  }
  assert.equal(mailsInMaildir(), 0, 'the token mails were deleted');

  delivering = false;
  assert.equal((await run(types, send)).status, 0);
  now += 30_000;
  assert.equal((await run(types, readImap)).status, 0);
  assert.equal((await run(types, readPop3)).status, 0);
  const young = await run(types, judge);
  assert.equal(young.status, 0, young.output);
  now += 31_000;
  const late = await run(types, judge);
  assert.equal(late.status, 2, late.output);
  assert.match(
    late.output,
    /^MAILFLOW CRITICAL - flow flow1: 1 of 1 tokens not arrived after 60 s, the oldest sent 61 s ago/,
  );
  assert.equal(late.perfdata, 'pending=1;;;0 oldest=61s;;60;0');

  // A restart: the check types made anew read the tokens from the state directory.
  assert.ok(existsSync(join(stateDir, MAILFLOW_FILE_NAME)));
  types = nativeCheckTypes({ stateDir, now: clock });
  assert.equal((await run(types, judge)).status, 2, 'still CRITICAL after a restart');
  delivering = true;
  assert.equal((await run(types, send)).status, 0);
  const stillLost = await run(types, readImap);
  assert.match(stillLost.output, /1 token mails found and deleted, 1 of them pending/);
  assert.equal((await run(types, judge)).status, 2, 'the lost token keeps the flow CRITICAL');
  const stored = JSON.parse(readFileSync(join(stateDir, MAILFLOW_FILE_NAME), 'utf8')) as {
    flows: { flow1: { pending: unknown[] } };
  };
  assert.equal(stored.flows.flow1.pending.length, 1);
});

test('mail flow parameters are checked', async () => {
  const types = nativeCheckTypes({ now: clock });
  const rows: [string, RegExp][] = [
    ['mailflow id=flow1', /parameter "seconds" is required/],
    ['mailflow seconds=5', /parameter "id" is required/],
    ['mailflow id=a/b seconds=5', /parameter "id" may hold only/],
    [`smtp host=${H} mailflowid=x`, /"mailflowid" needs "email"/],
    [`smtp host=${H} email=nobody`, /parameter "email" must be a mail address/],
    [`imap host=${H} mailflowid=x`, /"mailflowid" needs "username" and "password"/],
    [`pop3 host=${H} mailflowid=x`, /"mailflowid" needs "username" and "password"/],
  ];
  for (const [line, output] of rows) {
    const result = await run(types, line);
    assert.equal(result.status, 3, line);
    assert.match(result.output, output, line);
  }
});
