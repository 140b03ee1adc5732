// The pipeline on a running engine: passive results at chosen times make notification
// decisions; the notifications routed, spooled and delivered are compared, with their lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../engine/manual-clock.js';
import { START, TEST_SETTINGS, advance, configurationOf, memoryLog, resultOf } from '../engine/monitoring-for-tests.js';
import { startMonitoring } from '../engine/start-monitoring.js';
import type { PluginStatus } from '../model/check-result.js';
import { parseYaml } from '../config/yaml/parse-yaml.js';
import { Diagnostics } from '../config/diagnostic.js';
import { readNotificationRules } from './config/read-notification-rules.js';
import { NOTIFICATION_TEST_SETTINGS, tempDir } from './fixtures-for-tests.js';
import { methodName, type NotificationJob } from './notification-job.js';
import type { NotificationRule } from './route/notification-rule.js';
import { startNotifications } from './start-notifications.js';

const SITE = `commands:
  - {command_name: notify-svc, command_line: '/usr/local/bin/notify $SERVICESTATE$'}
contacts:
  - {contact_name: alice, email: alice@example.org, service_notification_commands: [notify-svc]}
hosts:
  - host_name: h
    active_checks_enabled: false
    max_check_attempts: 1
    services:
      - service_description: s
        active_checks_enabled: false
        max_check_attempts: 1
        flap_detection_enabled: false
        contacts: [alice]
`;

function rulesOf(yaml: string): NotificationRule[] {
  const parsed = parseYaml(yaml);
  assert.ok(parsed.ok);
  const diagnostics = new Diagnostics();
  const rules = readNotificationRules(parsed.value, parsed.lines, 'watchpost.yaml', diagnostics);
  assert.equal(diagnostics.errorCount, 0);
  return rules;
}

/** Runs `results` (`[seconds, key, status]`) through an engine and the pipeline; returns what was delivered and logged. */
async function run(results: readonly [number, string, PluginStatus][], rules: readonly NotificationRule[] = []) {
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
  const delivered: NotificationJob[] = [];
  const history: string[] = [];
  const notifications = await startNotifications({
    spoolDir: tmp.dir,
    clock,
    settings: () => NOTIFICATION_TEST_SETTINGS,
    configuration: () => configuration,
    rules: () => rules,
    history: { message: (at, text) => history.push(`+${(at - START) / 1000} ${text}`) },
    deliver: (job) => {
      delivered.push(job);
      return Promise.resolve({ ok: true, detail: 'done' });
    },
  });
  notifications.attach(monitoring);
  try {
    for (const [seconds, key, status] of results) {
      await advance(clock, seconds - (clock.now() - START) / 1000);
      assert.ok(monitoring.submitResult(key, resultOf(status, `status ${status}`)).ok);
      await notifications.spool.settled();
    }
  } finally {
    await monitoring.stop();
    await notifications.close();
    tmp.remove();
  }
  return { delivered, history, health: notifications.health() };
}

test('a HARD problem and its recovery reach the contact by its notification command, logged as Nagios logs them', async () => {
  const { delivered, history, health } = await run([
    [1, 'h', 0],
    [10, 'h;s', 2],
    [20, 'h;s', 0],
  ]);
  assert.deepEqual(
    delivered.map(
      (j) =>
        `${j.macros.NOTIFICATIONTYPE} ${j.contact} ${methodName(j.method)} ${j.method.kind === 'script' ? j.method.commandLine : ''}`,
    ),
    ['PROBLEM alice notify-svc /usr/local/bin/notify CRITICAL', 'RECOVERY alice notify-svc /usr/local/bin/notify OK'],
  );
  assert.deepEqual(history, [
    '+10 SERVICE NOTIFICATION: alice;h;s;CRITICAL;notify-svc;status 2',
    '+10 SERVICE NOTIFICATION RESULT: alice;h;s;OK;notify-svc;done',
    '+20 SERVICE NOTIFICATION: alice;h;s;OK;notify-svc;status 0',
    '+20 SERVICE NOTIFICATION RESULT: alice;h;s;OK;notify-svc;done',
  ]);
  assert.equal(health.delivered, 2);
});

test('transition conditions see the previous HARD state', async () => {
  const rules = rulesOf(`notification_rules:
  - {description: fresh criticals, transitions: ['OK->CRIT'], method: email}
  - {description: any warning, transitions: ['any->WARN'], method: email}
`);
  const { delivered } = await run(
    [
      [1, 'h', 0],
      [10, 'h;s', 2],
      [20, 'h;s', 1],
      [30, 'h;s', 2],
      [40, 'h;s', 0],
      [50, 'h;s', 2],
    ],
    rules,
  );
  assert.deepEqual(
    delivered.map(
      (j) => `${j.macros.NOTIFICATIONTYPE} ${j.macros.SERVICESTATE} was ${j.macros.PREVIOUSSERVICEHARDSTATE}`,
    ),
    ['PROBLEM CRITICAL was OK', 'PROBLEM WARNING was CRITICAL', 'PROBLEM CRITICAL was OK'],
  );
});
