// Fault test: the mail server is down for 10 minutes, then back. Notifications for three
// contacts are queued during the outage; with the retry policy the site takes from its default
// settings, every one must arrive exactly once, in order per contact, within the longest
// back-off after the server is back. Time is a manual clock; the SMTP traffic is real (loopback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Diagnostics } from '../../../config/diagnostic.js';
import { readSiteSettings } from '../../../config/site-settings.js';
import { parseYaml } from '../../../config/yaml/parse-yaml.js';
import { ManualClock } from '../../../engine/manual-clock.js';
import { aJob, T0, tempDir } from '../../fixtures-for-tests.js';
import { retryPolicyOf, smtpSettingsOf } from '../../start-notifications.js';
import { openSpool } from '../../spool/open-spool.js';
import { deliverByMethod } from '../deliver-by-method.js';
import { emailMethod } from './send-email.js';

const MINUTE = 60_000;
const CONTACTS = ['alice', 'bob', 'carol'] as const;

/** A loopback port nobody listens on (now). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits (real time) until `done()` holds; the deliveries talk to a real server. */
async function until(done: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  // The spool writes its records and sets its next timer after the attempt settles.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

test('SMTP server down for 10 minutes then back: every notification delivered once, in order per contact', async () => {
  const parsed = parseYaml('site: t\n');
  assert.ok(parsed.ok);
  // The site's defaults, as a site without notification settings runs.
  const siteSettings = readSiteSettings(parsed.value, parsed.lines, {
    file: 'watchpost.yaml',
    defaultSite: 't',
    diagnostics: new Diagnostics(),
  });
  const policy = retryPolicyOf(siteSettings);
  const port = await closedPort();
  const smtp = { ...smtpSettingsOf(siteSettings), host: '127.0.0.1', port };
  const clock = new ManualClock(T0);
  const { dir, remove } = tempDir();
  const received: { id: string; to: string; at: number }[] = [];
  let server: SMTPServer | null = null;
  const spool = await openSpool({
    dir,
    clock,
    policy,
    concurrency: siteSettings.notifications.spool.concurrency,
    requestPollMs: 0,
    deliver: deliverByMethod({
      email: emailMethod(() => smtp),
      script: () => Promise.resolve({ ok: false, retryable: false, reason: 'no scripts here' }),
      webhook: () => Promise.resolve({ ok: false, retryable: false, reason: 'no webhooks here' }),
    }),
  });
  const idle = (): boolean => spool.health().inFlight === 0;
  try {
    // Ten notifications per contact, one a minute during the outage.
    const sent = new Map<string, string[]>(CONTACTS.map((c) => [c, []]));
    let n = 0;
    const outageEnd = T0 + 10 * MINUTE;
    while (clock.now() < outageEnd) {
      if ((clock.now() - T0) % MINUTE === 0) {
        for (const contact of CONTACTS) {
          const job = {
            ...aJob(++n, { contact, method: { kind: 'email', to: `${contact}@example.org` } }),
            createdAt: clock.now(),
          };
          sent.get(contact)?.push(job.id);
          assert.equal(await spool.add(job), 'accepted');
        }
      }
      await until(idle, 'the failed attempts');
      clock.advance(1000);
    }
    assert.equal(received.length, 0);
    assert.ok(spool.health().temporaryFailures > 0, 'attempts failed during the outage');

    // The server comes back on the same port at t = 10 min.
    server = new SMTPServer({
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push({
              id: (mail.messageId ?? '').replace(/^<|@.*$/g, ''),
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              at: clock.now(),
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => resolve());
    });
    const deadline = outageEnd + policy.maxDelayMs;
    const expected = CONTACTS.length * 10;
    while (clock.now() < deadline && spool.health().queued > 0) {
      clock.advance(1000);
      await until(idle, 'the deliveries');
    }
    // The server records a message before it replies 250, so all are counted once none waits.
    const ids = received.map((r) => r.id);
    const unique = new Set(ids);
    const allSent = [...sent.values()].flat();
    const counts = {
      expected,
      delivered: unique.size,
      duplicated: ids.length - unique.size,
      lost: allSent.filter((id) => !unique.has(id)).length,
    };
    console.log(
      `SMTP outage 10 min: expected ${counts.expected}, delivered ${counts.delivered}, duplicated ${counts.duplicated}, lost ${counts.lost}; ` +
        `last delivery at t=${((Math.max(...received.map((r) => r.at)) - T0) / MINUTE).toFixed(2)} min ` +
        `(limit ${((deadline - T0) / MINUTE).toFixed(0)} min), ${spool.health().temporaryFailures} failed attempts`,
    );
    assert.deepEqual(counts, { expected, delivered: expected, duplicated: 0, lost: 0 });
    for (const contact of CONTACTS) {
      assert.deepEqual(
        received.filter((r) => r.to === `${contact}@example.org`).map((r) => r.id),
        sent.get(contact),
        `in order for ${contact}`,
      );
    }
    assert.ok(
      received.every((r) => r.at >= outageEnd && r.at <= deadline),
      'delivered after the server is back, within the longest back-off',
    );
    assert.deepEqual(spool.health().dead, 0);
  } finally {
    await spool.close();
    const closing = server;
    if (closing !== null) await new Promise<void>((resolve) => closing.close(() => resolve()));
    remove();
  }
});
