// Escalations and re-notification timing on a running engine with the pipeline attached: while
// an escalation applies, its notification_interval replaces the object's; of several, the
// smallest wins (Nagios Core 4). A CRITICAL result every minute; the recorded notifications
// (time, number, contacts) are compared with the sequence Nagios sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../engine/manual-clock.js';
import { START, TEST_SETTINGS, advance, configurationOf, memoryLog, resultOf } from '../engine/monitoring-for-tests.js';
import { startMonitoring } from '../engine/start-monitoring.js';
import { NOTIFICATION_TEST_SETTINGS, tempDir } from './fixtures-for-tests.js';
import type { NotificationJob } from './notification-job.js';
import { startNotifications } from './start-notifications.js';

const SITE = `commands:
  - {command_name: notify-svc, command_line: /usr/local/bin/notify}
contacts:
  - {contact_name: alice, service_notification_commands: [notify-svc]}
  - {contact_name: bob, service_notification_commands: [notify-svc]}
  - {contact_name: carol, service_notification_commands: [notify-svc]}
hosts:
  - host_name: h
    active_checks_enabled: false
    max_check_attempts: 1
    services:
      - service_description: s
        active_checks_enabled: false
        max_check_attempts: 1
        flap_detection_enabled: false
        notification_interval: 600s
        contacts: [alice]
serviceescalations:
  - {host_name: h, service_description: s, first_notification: 2, last_notification: 4, notification_interval: 120s, contacts: [bob]}
  - {host_name: h, service_description: s, first_notification: 3, last_notification: 0, notification_interval: 300s, contacts: [carol]}
`;

test('an escalation notification_interval replaces the object interval while it applies; the smallest of several wins', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(START);
  const configuration = configurationOf(SITE);
  const monitoring = startMonitoring({
    configuration,
    settings: TEST_SETTINGS,
    monitoringLog: memoryLog(),
    clock,
    runPlugin: () => Promise.resolve(resultOf(3, 'not used')),
  });
  const delivered: { at: number; job: NotificationJob }[] = [];
  const notifications = await startNotifications({
    spoolDir: tmp.dir,
    clock,
    settings: () => NOTIFICATION_TEST_SETTINGS,
    configuration: () => configuration,
    rules: () => [],
    history: { message: () => undefined },
    deliver: (job) => {
      delivered.push({ at: (clock.now() - START) / 1000, job });
      return Promise.resolve({ ok: true, detail: 'recorded' });
    },
  });
  notifications.attach(monitoring);
  try {
    await advance(clock, 1);
    assert.ok(monitoring.submitResult('h', resultOf(0, 'up')).ok);
    for (let second = 10; second <= 1330; second += 60) {
      await advance(clock, second - (clock.now() - START) / 1000);
      assert.ok(monitoring.submitResult('h;s', resultOf(2, 'down')).ok);
      await notifications.spool.settled();
    }
  } finally {
    await monitoring.stop();
    await notifications.close();
    tmp.remove();
  }
  const sent = new Map<string, string[]>();
  for (const { at, job } of delivered) {
    const key = `+${at} #${job.macros.NOTIFICATIONNUMBER ?? ''}`;
    sent.set(key, [...(sent.get(key) ?? []), job.contact]);
  }
  assert.deepEqual(
    [...sent].map(([key, contacts]) => `${key} ${contacts.sort().join(',')}`),
    [
      // #1: no escalation applies; the object's 600 s until the next.
      '+10 #1 alice',
      // #2: the first escalation applies (2..4): its 120 s.
      '+610 #2 bob',
      // #3 and #4: both apply: the smaller, 120 s.
      '+730 #3 bob,carol',
      '+850 #4 bob,carol',
      // #5: only the second (3..): its 300 s.
      '+970 #5 carol',
      '+1270 #6 carol',
    ],
  );
});
