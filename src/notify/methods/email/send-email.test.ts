// The e-mail method against a real SMTP server on loopback (smtp-server), the messages parsed
// with mailparser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { systemClock } from '../../../engine/system-clock.js';
import { PENDING } from '../../../model/check-state.js';
import { aJob, decisionEvent, loopbackSmtp, notifyConfiguration, tempDir } from '../../fixtures-for-tests.js';
import type { NotificationJob } from '../../notification-job.js';
import { NO_CONDITIONS } from '../../route/notification-rule.js';
import { routeNotification } from '../../route/route-notification.js';
import { openSpool } from '../../spool/open-spool.js';
import { emailMethod } from './send-email.js';

interface TestSmtp {
  readonly port: number;
  readonly messages: ParsedMail[];
  /** Recipients refused so far. */
  readonly refused: string[];
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1; `reply(recipient)` may refuse a recipient with a code. */
async function startSmtp(
  options: { port?: number; reply?: (to: string) => number | null; auth?: { user: string; password: string } } = {},
): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const refused: string[] = [];
  const server = new SMTPServer({
    authOptional: options.auth === undefined,
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.auth?.user && auth.password === options.auth?.password;
      callback(
        ok ? null : Object.assign(new Error('authentication failed'), { responseCode: 535 }),
        ok ? { user: auth.username } : undefined,
      );
    },
    onRcptTo(address, _session, callback) {
      const code = options.reply?.(address.address) ?? null;
      if (code === null) return callback();
      refused.push(`${code} ${address.address}`);
      callback(
        Object.assign(new Error(code < 500 ? 'mailbox busy, try later' : 'no such user'), { responseCode: code }),
      );
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, refused, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const settings = loopbackSmtp;

function emailJob(n: number, to: string, contact = 'alice'): NotificationJob {
  return { ...aJob(n, { contact, method: { kind: 'email', to } }), createdAt: Date.now() };
}

test('the e-mail method sends text and HTML with host, service, state and output, the output escaped in HTML', async () => {
  const smtp = await startSmtp();
  try {
    const routed = routeNotification({
      event: decisionEvent({ host: 'web01', service: 'HTTP', output: 'CRITICAL - <script>alert("x")</script> & more' }),
      configuration: notifyConfiguration(),
      rules: [
        {
          description: 'mail',
          source: { file: 'watchpost.yaml', line: 1 },
          conditions: NO_CONDITIONS,
          recipients: { objectContacts: false, contacts: ['alice'], contactGroups: [] },
          method: { kind: 'email' },
          cancel: false,
          stop: false,
          bulkMs: 0,
        },
      ],
      hostState: PENDING,
      serviceState: PENDING,
      previousHardState: 'OK',
      inPeriod: () => true,
      timeZone: 'UTC',
    });
    const [job] = routed?.planned.jobs ?? [];
    assert.ok(job !== undefined);
    const outcome = await emailMethod(() => settings(smtp.port))(job, new AbortController().signal);
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    const [mail] = smtp.messages;
    assert.ok(mail !== undefined);
    assert.deepEqual(
      [mail.from?.text, Array.isArray(mail.to) ? '' : mail.to?.text, mail.subject, mail.messageId],
      [
        'watchpost@example.org',
        'alice@example.org',
        '** PROBLEM Service Alert: web01/HTTP is CRITICAL **',
        `<${job.id}@watchpost.notification>`,
      ],
    );
    assert.match(mail.text ?? '', /^Notification type: +PROBLEM$/m);
    assert.match(mail.text ?? '', /^Host: +web01$/m);
    assert.match(mail.text ?? '', /^Service: +HTTP$/m);
    assert.match(mail.text ?? '', /^State: +CRITICAL \(was OK\)$/m);
    assert.match(mail.text ?? '', /^Output: +CRITICAL - <script>alert\("x"\)<\/script> & more$/m);
    const html = typeof mail.html === 'string' ? mail.html : '';
    assert.ok(html.includes('CRITICAL - &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more'), html);
    assert.ok(!html.includes('<script>'));
  } finally {
    await smtp.close();
  }
});

test('the e-mail method logs in over STARTTLS', async () => {
  const smtp = await startSmtp({ auth: { user: 'watchpost', password: 's3cret' } });
  try {
    const send = (password: string) =>
      emailMethod(() =>
        settings(smtp.port, { security: 'starttls', user: 'watchpost', password, verifyCertificate: false }),
      )(emailJob(1, 'alice@example.org'), new AbortController().signal);
    assert.equal((await send('s3cret')).ok, true);
    const refused = await send('wrong');
    assert.deepEqual([refused.ok, !refused.ok && refused.retryable], [false, false]);
    assert.equal(smtp.messages.length, 1);
  } finally {
    await smtp.close();
  }
});

test('the e-mail method calls 4xx replies and a server that does not answer temporary, 5xx permanent', async () => {
  const smtp = await startSmtp({ reply: (to) => (to.startsWith('busy') ? 450 : to.startsWith('nobody') ? 550 : null) });
  const send = emailMethod(() => settings(smtp.port));
  const signal = new AbortController().signal;
  try {
    const busy = await send(emailJob(1, 'busy@example.org'), signal);
    const nobody = await send(emailJob(2, 'nobody@example.org'), signal);
    assert.deepEqual([busy.ok, !busy.ok && busy.retryable], [false, true]);
    assert.deepEqual([nobody.ok, !nobody.ok && nobody.retryable], [false, false]);
    assert.match(!nobody.ok ? nobody.reason : '', /550/);
  } finally {
    await smtp.close();
  }
  const down = await send(emailJob(3, 'alice@example.org'), signal);
  assert.deepEqual([down.ok, !down.ok && down.retryable], [false, true]);
  const none = await emailMethod(() => settings(smtp.port, { host: '' }))(emailJob(4, 'a@example.org'), signal);
  assert.deepEqual([none.ok, !none.ok && none.retryable], [false, false]);
});

test('through the spool: mail server down, then up: each notification delivered once, in order per contact', async () => {
  const tmp = tempDir();
  // A port that was free a moment ago, so that nothing answers there until the server starts.
  const probe = await startSmtp();
  const port = probe.port;
  await probe.close();
  const spool = await openSpool({
    dir: tmp.dir,
    clock: systemClock,
    deliver: emailMethod(() => settings(port)),
    policy: { initialDelayMs: 200, maxDelayMs: 200, maxAgeMs: 600_000 },
    requestPollMs: 0,
  });
  let smtp: TestSmtp | null = null;
  try {
    for (const [n, to, contact] of [
      [1, 'alice@example.org', 'alice'],
      [2, 'alice@example.org', 'alice'],
      [3, 'bob@example.org', 'bob'],
      [4, 'alice@example.org', 'alice'],
    ] as const) {
      await spool.add(emailJob(n, to, contact));
    }
    for (let i = 0; i < 500 && spool.health().temporaryFailures < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(spool.health().delivered, 0);
    assert.ok(spool.health().temporaryFailures >= 2);
    smtp = await startSmtp({ port });
    await spool.settled();
    const received = smtp.messages.map(
      (m) => `${Array.isArray(m.to) ? '' : m.to?.text} ${m.text?.match(/^Output: +(.*)$/m)?.[1]}`,
    );
    assert.deepEqual(
      received.filter((r) => r.startsWith('alice')),
      ['alice@example.org output 1', 'alice@example.org output 2', 'alice@example.org output 4'],
    );
    assert.deepEqual(
      received.filter((r) => r.startsWith('bob')),
      ['bob@example.org output 3'],
    );
    assert.equal(spool.health().delivered, 4);
  } finally {
    await spool.close();
    await smtp?.close();
    tmp.remove();
  }
});

test('through the spool: a 4xx reply is retried, a 5xx reply puts the notification on the dead-letter list', async () => {
  const tmp = tempDir();
  let replies = [450, 550];
  const smtp = await startSmtp({ reply: () => replies.shift() ?? null });
  const spool = await openSpool({
    dir: tmp.dir,
    clock: systemClock,
    deliver: emailMethod(() => settings(smtp.port)),
    policy: { initialDelayMs: 200, maxDelayMs: 200, maxAgeMs: 600_000 },
    requestPollMs: 0,
  });
  try {
    const job = emailJob(7, 'alice@example.org');
    await spool.add(job);
    for (let i = 0; i < 500 && spool.health().temporaryFailures < 1; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(spool.health().temporaryFailures, 1);
    await spool.settled();
    assert.deepEqual(smtp.refused, ['450 alice@example.org', '550 alice@example.org']);
    assert.deepEqual(
      spool.list().map((e) => [e.job.id, e.status]),
      [[job.id, 'dead']],
    );
    assert.equal(smtp.messages.length, 0);
    replies = [];
    assert.equal(await spool.retry(job.id), true);
    await spool.settled();
    assert.equal(smtp.messages.length, 1);
  } finally {
    await spool.close();
    await smtp.close();
    tmp.remove();
  }
});
