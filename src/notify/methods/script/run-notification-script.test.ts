import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PENDING } from '../../../model/check-state.js';
import { decisionEvent, notifyConfiguration, tempDir } from '../../fixtures-for-tests.js';
import type { NotificationJob } from '../../notification-job.js';
import { routeNotification } from '../../route/route-notification.js';
import { scriptMethod } from './run-notification-script.js';

/** A notification script that records its arguments and environment and exits with `$EXIT_CODE` of its first argument. */
function recordingScript(dir: string): string {
  const path = join(dir, 'notify.sh');
  writeFileSync(
    path,
    `#!/bin/sh
out="${dir}/calls"
{
  echo "args:$*"
  echo "NOTIFY_WHAT=$NOTIFY_WHAT"
  echo "NOTIFY_ID=$NOTIFY_ID"
  echo "NOTIFY_HOSTNAME=$NOTIFY_HOSTNAME"
  echo "NAGIOS_SERVICEDESC=$NAGIOS_SERVICEDESC"
  echo "NAGIOS_SERVICEOUTPUT=$NAGIOS_SERVICEOUTPUT"
  echo "ICINGA_SERVICESTATE=$ICINGA_SERVICESTATE"
  echo "NOTIFY_CONTACTEMAIL=$NOTIFY_CONTACTEMAIL"
  echo "NOTIFY_NOTIFICATIONTYPE=$NOTIFY_NOTIFICATIONTYPE"
  echo "NOTIFY_NOTIFICATIONNUMBER=$NOTIFY_NOTIFICATIONNUMBER"
  echo "NOTIFY_LONGDATETIME=$NOTIFY_LONGDATETIME"
} >> "$out"
echo "sent to $NOTIFY_CONTACTNAME"
`,
  );
  chmodSync(path, 0o755);
  return path;
}

function job(commandLine: string, id = 'a'.repeat(32)): NotificationJob {
  return {
    id,
    createdAt: 0,
    contact: 'alice',
    what: 'SERVICE',
    method: { kind: 'script', name: 'notify', commandLine },
    macros: { HOSTNAME: 'web01', SERVICEDESC: 'HTTP' },
  };
}

test("the script method runs a contact's notification command with the macros expanded and the NOTIFY_/NAGIOS_/ICINGA_ environment", async () => {
  const tmp = tempDir();
  try {
    const script = recordingScript(tmp.dir);
    const configuration = notifyConfiguration(script);
    const routed = routeNotification({
      event: decisionEvent({ host: 'web01', service: 'HTTP', output: 'CRITICAL - `rm -rf /` & $(reboot) <b>' }),
      configuration,
      rules: [],
      hostState: PENDING,
      serviceState: PENDING,
      previousHardState: 'OK',
      inPeriod: () => true,
      timeZone: 'UTC',
    });
    const alice = routed?.planned.jobs.find((j) => j.contact === 'alice');
    assert.ok(alice !== undefined);
    const outcome = await scriptMethod()(alice, new AbortController().signal);
    assert.deepEqual(outcome, { ok: true, detail: 'script exited 0: sent to alice' });
    const calls = readFileSync(join(tmp.dir, 'calls'), 'utf8');
    assert.equal(
      calls,
      [
        'args:alice-arg',
        'NOTIFY_WHAT=SERVICE',
        `NOTIFY_ID=${alice.id}`,
        'NOTIFY_HOSTNAME=web01',
        'NAGIOS_SERVICEDESC=HTTP',
        // The environment carries the output unchanged (the command line would lose `$&<>` and quotes).
        'NAGIOS_SERVICEOUTPUT=CRITICAL - `rm -rf /` & $(reboot) <b>',
        'ICINGA_SERVICESTATE=CRITICAL',
        'NOTIFY_CONTACTEMAIL=alice@example.org',
        'NOTIFY_NOTIFICATIONTYPE=PROBLEM',
        'NOTIFY_NOTIFICATIONNUMBER=1',
        'NOTIFY_LONGDATETIME=Tue Nov 14 22:13:20 UTC 2023',
        '',
      ].join('\n'),
    );
  } finally {
    tmp.remove();
  }
});

test('the script method maps exit codes: 0 delivered, 1 temporary, 2 and above permanent; a missing program is permanent', async () => {
  const cases: readonly { line: string; ok: boolean; retryable?: boolean; reason?: RegExp }[] = [
    { line: '/bin/sh -c "exit 0"', ok: true },
    {
      line: '/bin/sh -c "echo busy; exit 1"',
      ok: false,
      retryable: true,
      reason: /exited 1 \(temporary failure\): busy/,
    },
    { line: '/bin/sh -c "exit 2"', ok: false, retryable: false, reason: /exited 2 \(permanent failure\)/ },
    { line: '/bin/sh -c "exit 3"', ok: false, retryable: false, reason: /exited 3/ },
    { line: '/bin/sh -c "kill -TERM $$"', ok: false, retryable: true, reason: /killed by SIGTERM/ },
    { line: '/nonexistent/notify', ok: false, retryable: false, reason: /cannot start \/nonexistent\/notify: ENOENT/ },
    { line: '', ok: false, retryable: false, reason: /empty/ },
  ];
  for (const c of cases) {
    const outcome = await scriptMethod()(job(c.line), new AbortController().signal);
    assert.equal(outcome.ok, c.ok, c.line);
    if (!outcome.ok) {
      assert.equal(outcome.retryable, c.retryable, c.line);
      assert.match(outcome.reason, c.reason ?? /./, c.line);
    }
  }
});

test('the script method kills a hanging script and its children at the time limit: a temporary failure', async () => {
  const tmp = tempDir();
  try {
    const started = Date.now();
    const outcome = await scriptMethod({ timeoutSeconds: 1 })(
      job(`/bin/sh -c "sleep 30 & echo $! > ${tmp.dir}/child; sleep 30"`),
      new AbortController().signal,
    );
    assert.deepEqual(outcome, { ok: false, retryable: true, reason: 'script killed after 1 s (time limit)' });
    assert.ok(Date.now() - started < 5000);
    const child = Number(readFileSync(join(tmp.dir, 'child'), 'utf8'));
    // Gone, or a zombie waiting for a parent that reaps it (a container's init may not).
    const stat = existsSync(`/proc/${child}/stat`) ? readFileSync(`/proc/${child}/stat`, 'utf8') : '';
    assert.ok(stat === '' || / Z /.test(stat), `the background child still runs: ${stat}`);
  } finally {
    tmp.remove();
  }
});

test('the script method ends a running script when aborted: a temporary failure', async () => {
  const controller = new AbortController();
  const running = scriptMethod()(job('/bin/sleep 30'), controller.signal);
  setTimeout(() => controller.abort(), 100);
  assert.deepEqual(await running, { ok: false, retryable: true, reason: 'aborted' });
});
