import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../engine/system-clock.js';
import { aJob } from '../notify/fixtures-for-tests.js';
import { openSpool } from '../notify/spool/open-spool.js';
import { tempSite } from '../testing/temp-site.js';
import type { CliIo } from './cli-command.js';
import { notifyCommand } from './notify.js';

const OBJECTS = `commands:
  - {command_name: check-dummy, command_line: /bin/true}
  - {command_name: notify-by-sms, command_line: '/usr/local/bin/sms $CONTACTPAGER$ "$SERVICEOUTPUT$"'}
contacts:
  - {contact_name: alice, email: alice@example.org, pager: '555', service_notification_commands: [notify-by-sms]}
  - {contact_name: bob, email: bob@example.org}
contactgroups:
  - {contactgroup_name: ops, members: [alice, bob]}
hosts:
  - host_name: web01
    check_command: check-dummy
    contact_groups: [ops]
    services:
      - {service_description: HTTP, check_command: check-dummy}
`;

async function notify(dir: string, ...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    cwd: dir,
    stopRequested: new Promise(() => undefined),
    onReload: () => undefined,
  };
  const options = args.filter((a) => a.startsWith('--'));
  const values: Record<string, string | boolean> = {};
  for (const option of options) {
    const [key = '', value] = option.slice(2).split('=');
    values[key] = value ?? true;
  }
  const status = await notifyCommand.run(
    values,
    args.filter((a) => !a.startsWith('--')),
    io,
  );
  return { status, out: out.join('\n'), err: err.join('\n') };
}

test('notify test shows Nagios routing without rules, and the rule trace with rules', async () => {
  const site = tempSite({ 'watchpost.yaml': 'site: t\n', 'conf.d/a.yaml': OBJECTS });
  try {
    const plain = await notify(site.dir, 'test', 'web01', 'HTTP', 'CRITICAL');
    assert.equal(plain.status, 0, plain.err);
    assert.match(plain.out, /^PROBLEM web01\/HTTP OK -> CRIT, now$/m);
    assert.match(plain.out, /^rules: none \(Nagios routing/m);
    assert.match(
      plain.out,
      /^ {2}alice {2}notify-by-sms {2}\/usr\/local\/bin\/sms 555 "\(watchpost notify test\) CRITICAL"$/m,
    );
    assert.match(plain.out, /^ {2}bob: no service_notification_commands$/m);
  } finally {
    site.remove();
  }
  const ruled = tempSite({
    'watchpost.yaml': `site: t
notification_rules:
  - description: mail on criticals
    transitions: ['any->CRIT']
    method: email
`,
    'conf.d/a.yaml': OBJECTS,
  });
  try {
    const crit = await notify(ruled.dir, 'test', 'web01', 'HTTP', 'CRIT');
    assert.match(crit.out, /^ {2}watchpost.yaml:3 {2}matched {4}mail on criticals: alice, bob$/m);
    assert.match(crit.out, /^ {2}bob {2}mail {2}bob@example.org$/m);
    const warn = await notify(ruled.dir, 'test', 'web01', 'HTTP', 'WARNING');
    assert.match(warn.out, /skipped +mail on criticals: transitions does not match/);
    assert.match(warn.out, /^notifications: 0$/m);
    assert.equal((await notify(ruled.dir, 'test', 'web01', 'HTTP', 'DOWN')).status, 2);
    assert.equal((await notify(ruled.dir, 'test', 'nohost', 'UP')).status, 1);
  } finally {
    ruled.remove();
  }
});

test('notify test reports rule errors with file and line', async () => {
  const site = tempSite({
    'watchpost.yaml': 'site: t\nnotification_rules:\n  - method: pager\n',
    'conf.d/a.yaml': OBJECTS,
  });
  try {
    const result = await notify(site.dir, 'test', 'web01', 'UP');
    assert.equal(result.status, 1);
    assert.match(result.err, /^watchpost.yaml:3: error: notification rule 'rule 1': method: unknown method 'pager'/m);
  } finally {
    site.remove();
  }
});

test('notify spool lists dead notifications and notify retry leaves a request for the site', async () => {
  const site = tempSite({ 'watchpost.yaml': 'site: t\n' });
  const spoolDir = join(site.dir, 'var', 'notify');
  try {
    const spool = await openSpool({
      dir: spoolDir,
      clock: systemClock,
      deliver: () => Promise.resolve({ ok: false, retryable: false, reason: '550 no such user' }),
      requestPollMs: 0,
    });
    const job = { ...aJob(77), createdAt: Date.now() };
    await spool.add(job);
    for (let i = 0; i < 200 && spool.health().dead === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await spool.close();
    const listed = await notify(site.dir, 'spool');
    assert.equal(listed.status, 0);
    assert.match(listed.out, /^0 waiting, 1 dead$/m);
    assert.match(
      listed.out,
      new RegExp(`^${job.id}  dead    PROBLEM web01/HTTP → alice by notify, .*: 550 no such user$`, 'm'),
    );
    const json = await notify(site.dir, 'spool', '--json');
    assert.equal((JSON.parse(json.out) as { status: string }[])[0]?.status, 'dead');
    assert.equal((await notify(site.dir, 'retry', job.id)).status, 0);
    assert.deepEqual(readdirSync(join(spoolDir, 'requests')), [`retry-${job.id}`]);
    const unknown = await notify(site.dir, 'retry', 'f'.repeat(32));
    assert.equal(unknown.status, 1);
    assert.match(unknown.err, /is not on the dead-letter list/);
  } finally {
    site.remove();
  }
});
