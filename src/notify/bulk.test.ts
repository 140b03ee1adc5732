// Bulk notifications: a rule's `bulk: {minutes: N}` is read and checked; the spool collects a
// contact's notifications by one method for N minutes from the first (manual clock) and delivers
// them as one, also across a restart; the methods render the one message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostics, formatDiagnostic } from '../config/diagnostic.js';
import { parseYaml } from '../config/yaml/parse-yaml.js';
import { ManualClock } from '../engine/manual-clock.js';
import { PENDING } from '../model/check-state.js';
import { bulkJob } from './bulk-job.js';
import { readNotificationRules } from './config/read-notification-rules.js';
import { aJob, decisionEvent, notifyConfiguration, T0, tempDir } from './fixtures-for-tests.js';
import { emailMessage } from './methods/email/email-message.js';
import { scriptMethod } from './methods/script/run-notification-script.js';
import { webhookPayload } from './methods/webhook/webhook-payload.js';
import type { DeliveryOutcome, NotificationJob } from './notification-job.js';
import { routeNotification } from './route/route-notification.js';
import { openSpool } from './spool/open-spool.js';

const MINUTE = 60_000;

function read(yaml: string): { bulkMs: number[]; errors: string[] } {
  const parsed = parseYaml(`notification_rules:\n${yaml}`);
  assert.ok(parsed.ok);
  const diagnostics = new Diagnostics();
  const rules = readNotificationRules(parsed.value, parsed.lines, 'watchpost.yaml', diagnostics);
  return { bulkMs: rules.map((r) => r.bulkMs), errors: diagnostics.items.map(formatDiagnostic) };
}

test('readNotificationRules() reads bulk: {minutes: N} and reports every other form with its line', () => {
  const rows: [string, number[], RegExp | null][] = [
    ['  - {method: email}', [0], null],
    ['  - {method: email, bulk: {minutes: 10}}', [600_000], null],
    ['  - {method: email, bulk: {minutes: 0.5}}', [30_000], null],
    ['  - {method: email, bulk: 10}', [], /watchpost.yaml:2: .*bulk: expected \{minutes: N\}/],
    ['  - {method: email, bulk: {minutes: 0}}', [], /bulk: expected \{minutes: N\} with N above 0/],
    ['  - {method: email, bulk: {minutes: 5000}}', [], /at most 1440/],
    ['  - {method: email, bulk: {minutes: 5, count: 3}}', [], /unknown key 'count'/],
  ];
  for (const [yaml, bulkMs, error] of rows) {
    const got = read(yaml);
    assert.deepEqual(got.bulkMs, bulkMs, yaml);
    if (error === null) assert.deepEqual(got.errors, [], yaml);
    else assert.match(got.errors.join('\n'), error, yaml);
  }
});

test('a rule with bulk routes notifications that carry its window', () => {
  const { bulkMs } = read('  - {method: email, bulk: {minutes: 10}, notify: {contacts: [alice]}}');
  assert.deepEqual(bulkMs, [600_000]);
  const parsed = parseYaml(
    'notification_rules:\n  - {method: email, bulk: {minutes: 10}, notify: {contacts: [alice]}}',
  );
  assert.ok(parsed.ok);
  const rules = readNotificationRules(parsed.value, parsed.lines, 'watchpost.yaml', new Diagnostics());
  const routed = routeNotification({
    event: decisionEvent({ host: 'web01', service: 'HTTP' }),
    configuration: notifyConfiguration(),
    rules,
    hostState: PENDING,
    serviceState: PENDING,
    previousHardState: null,
    inPeriod: () => true,
    timeZone: 'UTC',
  });
  assert.deepEqual(
    routed?.planned.jobs.map((j) => [j.contact, j.method.kind, j.bulkMs]),
    [['alice', 'email', 600_000]],
  );
});

const bulkOf = (n: number, contact = 'alice', createdAt = T0): NotificationJob => ({
  ...aJob(n, { contact, createdAt, method: { kind: 'email', to: `${contact}@example.org` } }),
  bulkMs: 10 * MINUTE,
});

/** Waits for real I/O (the journal) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'condition not reached within 5 s');
}

/** A spool in `dir` whose deliveries all succeed and are kept in `sent`. */
async function recordingSpool(dir: string, clock: ManualClock) {
  const sent: NotificationJob[] = [];
  const spool = await openSpool({
    dir,
    clock,
    requestPollMs: 0,
    deliver: (job) => {
      sent.push(job);
      return Promise.resolve({ ok: true, detail: 'sent' });
    },
  });
  return { spool, sent };
}

test('the spool collects bulk notifications per contact and method for the window from the first, then sends one', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  const { spool, sent } = await recordingSpool(tmp.dir, clock);
  try {
    await spool.add(bulkOf(1));
    clock.advance(4 * MINUTE);
    await spool.add(bulkOf(2, 'alice', T0 + 4 * MINUTE));
    await spool.add(bulkOf(3, 'bob', T0 + 4 * MINUTE));
    // Not bulk: goes at once and is not held up by the bulk of the same contact.
    await spool.add({ ...aJob(4), createdAt: T0 + 4 * MINUTE });
    await until(() => sent.length === 1);
    assert.deepEqual(
      sent.map((j) => [j.contact, j.bulk?.length ?? null]),
      [['alice', null]],
    );
    clock.advance(6 * MINUTE - 1);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(sent.length, 1, 'nothing more before the window of the first ends');
    clock.advance(1);
    await until(() => sent.length === 2);
    clock.advance(4 * MINUTE);
    await until(() => sent.length === 3);
    await spool.settled();
    assert.deepEqual(
      sent.slice(1).map((j) => [j.contact, j.bulk?.map((item) => item.id)]),
      [
        ['alice', [bulkOf(1).id, bulkOf(2).id]],
        ['bob', [bulkOf(3).id]],
      ],
    );
    assert.equal(spool.health().delivered, 4, 'every notification of a bulk counts as delivered');
  } finally {
    await spool.close();
    tmp.remove();
  }
});

test('a bulk being collected survives a restart: the spool after it sends it when the window ends', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  const never = (): Promise<DeliveryOutcome> => Promise.reject(new Error('not yet'));
  const first = await openSpool({ dir: tmp.dir, clock, requestPollMs: 0, deliver: never });
  await first.add(bulkOf(1));
  clock.advance(MINUTE);
  await first.add(bulkOf(2, 'alice', T0 + MINUTE));
  await first.close();
  clock.advance(2 * MINUTE);
  const { spool: second, sent } = await recordingSpool(tmp.dir, clock);
  try {
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(sent.length, 0);
    clock.advance(7 * MINUTE);
    await until(() => sent.length === 1);
    assert.deepEqual(
      sent[0]?.bulk?.map((item) => item.id),
      [bulkOf(1).id, bulkOf(2).id],
    );
    assert.equal(sent[0]?.id, bulkJob([bulkOf(1), bulkOf(2)]).id, 'the id of a bulk follows from its notifications');
  } finally {
    await second.close();
    tmp.remove();
  }
});

const withMacros = (n: number, host: string, state: string, output: string): NotificationJob => {
  const job = bulkOf(n);
  return { ...job, macros: { ...job.macros, HOSTNAME: host, SERVICESTATE: state, SERVICEOUTPUT: output } };
};

test('the methods render a bulk as one message: an e-mail table, a JSON array, one script run with a line each', async () => {
  const bulk = bulkJob([withMacros(1, 'web01', 'CRITICAL', 'down <b>'), withMacros(2, 'db01', 'WARNING', 'slow')]);
  const mail = emailMessage(bulk);
  assert.equal(mail.subject, '** 2 notifications about 2 hosts **');
  assert.match(mail.text, /^Time +Type +Host +Service +State +Output\n/);
  assert.match(mail.text, /PROBLEM +web01 +HTTP +CRITICAL +down <b>\n/);
  assert.match(mail.html, /<td [^>]*>down &lt;b&gt;<\/td>/);
  assert.equal(mail.html.match(/<tr>/g)?.length, 3);

  const json = webhookPayload(bulk, 'json');
  assert.equal(json.bulk, true);
  assert.equal(json.count, 2);
  assert.deepEqual(
    (json.notifications as { host: { name: string }; state: string }[]).map((n) => [n.host.name, n.state]),
    [
      ['web01', 'CRITICAL'],
      ['db01', 'WARNING'],
    ],
  );
  assert.equal((webhookPayload(bulk, 'slack').attachments as unknown[]).length, 2);

  const tmp = tempDir();
  try {
    const script = join(tmp.dir, 'bulk.sh');
    const out = join(tmp.dir, 'out');
    writeFileSync(script, `#!/bin/sh\n{ echo "count=$NOTIFY_BULK"; cat; } > ${out}\n`);
    chmodSync(script, 0o755);
    const run = scriptMethod({ timeoutSeconds: 10 });
    const outcome = await run(
      { ...bulk, method: { kind: 'script', name: 'bulk', commandLine: script } },
      new AbortController().signal,
    );
    assert.deepEqual(outcome, { ok: true, detail: 'script exited 0' });
    const [count, ...lines] = readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.equal(count, 'count=2');
    assert.deepEqual(
      lines.map((l) => {
        const v = JSON.parse(l) as Record<string, string>;
        return [v.NOTIFY_ID, v.NOTIFY_HOSTNAME, v.NOTIFY_SERVICESTATE];
      }),
      [
        [bulkOf(1).id, 'web01', 'CRITICAL'],
        [bulkOf(2).id, 'db01', 'WARNING'],
      ],
    );
  } finally {
    tmp.remove();
  }
});
