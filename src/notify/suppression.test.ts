// Every suppression reason of the core's notification decision (model/notification-decision.ts),
// on a running engine with the notification pipeline attached and a recording method: after the
// row's setup (which may notify, e.g. the first problem before a re-notification), the row's
// trigger reaches no method, and where the engine reports a decision it names the row's reason.
// The last row is the positive control: the same trigger without the suppression is delivered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../engine/manual-clock.js';
import { START, TEST_SETTINGS, advance, configurationOf, memoryLog, resultOf } from '../engine/monitoring-for-tests.js';
import { startMonitoring, type Monitoring } from '../engine/start-monitoring.js';
import type { PluginStatus } from '../model/check-result.js';
import type { MonitoringEvent } from '../model/events.js';
import type { SuppressionReason } from '../model/notification-decision.js';
import type { MonitoringCommand } from '../model/monitoring-command.js';
import type { ObjectRef } from '../model/object-ref.js';
import { NOTIFICATION_TEST_SETTINGS, tempDir } from './fixtures-for-tests.js';
import type { NotificationJob } from './notification-job.js';
import { startNotifications } from './start-notifications.js';

/** Attributes of `h;s` (besides its name and contacts) that rows change. */
const SERVICE_DEFAULTS: Readonly<Record<string, string>> = {
  active_checks_enabled: 'false',
  max_check_attempts: '1',
  notification_interval: '120s',
  flap_detection_enabled: 'false',
};

/** The site of every row; `service` replaces or adds attributes of `h;s`. */
function siteYaml(service: Readonly<Record<string, string>> = {}, extra = ''): string {
  const attributes = Object.entries({ ...SERVICE_DEFAULTS, ...service })
    .map(([name, value]) => `        ${name}: ${value}\n`)
    .join('');
  return `commands:
  - {command_name: notify-svc, command_line: '/usr/local/bin/notify-svc $SERVICESTATE$'}
  - {command_name: notify-host, command_line: '/usr/local/bin/notify-host $HOSTSTATE$'}
timeperiods:
  - {timeperiod_name: never, alias: never}
contacts:
  - contact_name: alice
    email: alice@example.org
    service_notification_commands: [notify-svc]
    host_notification_commands: [notify-host]
hosts:
  - host_name: h
    active_checks_enabled: false
    max_check_attempts: 1
    contacts: [alice]
    services:
      - service_description: s
        contacts: [alice]
${attributes}      - {service_description: m, active_checks_enabled: false, max_check_attempts: 1, contacts: [alice]}
  - host_name: child
    active_checks_enabled: false
    max_check_attempts: 1
    parents: [h]
    notification_options: [d, u, r]
    contacts: [alice]
${extra}`;
}

const SERVICE = { object: 'service', hostName: 'h', description: 's' } as const;
const S = 1000;

/** What a row's steps can do to the running site. */
interface Site {
  /** Submits a passive result at second `seconds` since START (ascending) and waits for delivery. */
  result(seconds: number, key: string, status: PluginStatus): Promise<void>;
  command(command: MonitoringCommand): void;
  readonly events: readonly MonitoringEvent[];
}

interface Row {
  readonly reason: SuppressionReason;
  /** Told apart from other rows of the same reason. */
  readonly label?: string;
  /** Attributes of `h;s`. */
  readonly yaml?: Readonly<Record<string, string>>;
  /** More objects, at the top level of the site's YAML. */
  readonly extra?: string;
  /** May notify. */
  readonly setup?: (site: Site) => Promise<void>;
  /** Must not notify. */
  readonly trigger: (site: Site) => Promise<void>;
  /** Whether the engine reports the suppressed decision (it skips some, e.g. a SOFT result decides nothing). */
  readonly reported: boolean;
}

const downtime = (start: number, end: number, target: ObjectRef = SERVICE): MonitoringCommand => ({
  kind: 'schedule-downtime',
  target,
  start,
  end,
  fixed: true,
  durationMs: 0,
  triggeredBy: null,
  author: 'ann',
  comment: 'maintenance',
});

const ROWS: readonly Row[] = [
  {
    reason: 'disabled-globally',
    setup: async (site) => site.command({ kind: 'set-switch', scope: 'global', name: 'notifications', enabled: false }),
    trigger: (site) => site.result(10, 'h;s', 2),
    reported: true,
  },
  {
    reason: 'outside-notification-period',
    yaml: { notification_period: 'never' },
    trigger: (site) => site.result(10, 'h;s', 2),
    reported: true,
  },
  {
    reason: 'disabled-for-object',
    setup: async (site) => site.command({ kind: 'set-switch', scope: SERVICE, name: 'notifications', enabled: false }),
    trigger: (site) => site.result(10, 'h;s', 2),
    reported: true,
  },
  {
    reason: 'disabled-for-object',
    yaml: { notifications_enabled: 'false' },
    trigger: (site) => site.result(10, 'h;s', 2),
    reported: true,
  },
  {
    reason: 'soft-state',
    yaml: { max_check_attempts: '3' },
    trigger: async (site) => {
      await site.result(10, 'h;s', 2);
      await site.result(20, 'h;s', 2);
    },
    reported: false,
  },
  {
    reason: 'acknowledged',
    setup: async (site) => {
      await site.result(10, 'h;s', 1);
      site.command({
        kind: 'acknowledge',
        target: SERVICE,
        sticky: true,
        notify: false,
        persistent: false,
        author: 'ann',
        comment: 'on it',
      });
    },
    trigger: (site) => site.result(20, 'h;s', 2),
    reported: true,
  },
  {
    reason: 'state-not-in-options',
    yaml: { notification_options: '[c, r]' },
    trigger: (site) => site.result(10, 'h;s', 1),
    reported: true,
  },
  {
    reason: 'problem-not-notified',
    yaml: { notification_options: '[c, r]' },
    setup: (site) => site.result(10, 'h;s', 1),
    trigger: (site) => site.result(20, 'h;s', 0),
    reported: true,
  },
  {
    reason: 'first-notification-delay',
    yaml: { first_notification_delay: '300s' },
    trigger: async (site) => {
      await site.result(10, 'h;s', 2);
      await site.result(200, 'h;s', 2);
    },
    reported: true,
  },
  {
    reason: 'flapping',
    yaml: { flap_detection_enabled: 'true' },
    setup: async (site) => {
      // Alternating results until flapping starts (its FLAPPINGSTART notification goes out here).
      for (let n = 1; n < 40 && !site.events.some((e) => e.kind === 'flapping-start'); n++) {
        await site.result(n * 10, 'h;s', n % 2 === 0 ? 0 : 2);
      }
      assert.ok(
        site.events.some((e) => e.kind === 'flapping-start'),
        'the service starts flapping',
      );
    },
    trigger: async (site) => {
      const last = site.events.at(-1)?.at ?? START;
      const state = site.events.findLast((e) => e.kind === 'state-change');
      const problem = state?.kind === 'state-change' && state.change.event.problem !== null;
      await site.result((last - START) / S + 10, 'h;s', problem ? 0 : 2);
      await site.result((last - START) / S + 20, 'h;s', problem ? 2 : 0);
    },
    reported: true,
  },
  {
    reason: 'host-problem',
    setup: (site) => site.result(10, 'h', 1),
    trigger: (site) => site.result(20, 'h;s', 2),
    reported: true,
  },
  {
    reason: 'parents-down',
    setup: (site) => site.result(10, 'h', 1),
    trigger: (site) => site.result(20, 'child', 1),
    reported: true,
  },
  {
    reason: 'dependency',
    label: 's depends on m for notifications (w, c)',
    extra: `servicedependencies:
  - {host_name: h, service_description: m, dependent_host_name: h, dependent_service_description: s, notification_failure_criteria: [w, c]}
`,
    setup: (site) => site.result(10, 'h;m', 2),
    trigger: async (site) => {
      await site.result(20, 'h;s', 2);
      await site.result(30, 'h;s', 0);
    },
    reported: true,
  },
  {
    reason: 'renotification-interval',
    setup: (site) => site.result(10, 'h;s', 2),
    trigger: async (site) => {
      await site.result(60, 'h;s', 2);
      await site.result(120, 'h;s', 2);
    },
    reported: false,
  },
  {
    reason: 'renotification-interval',
    yaml: { notification_interval: '0' },
    setup: (site) => site.result(10, 'h;s', 2),
    trigger: async (site) => {
      await site.result(200, 'h;s', 2);
      await site.result(2000, 'h;s', 2);
    },
    reported: false,
  },
  {
    reason: 'in-downtime',
    setup: async (site) => site.command(downtime(START, START + 3600 * S)),
    trigger: (site) => site.result(10, 'h;s', 2),
    reported: true,
  },
  {
    reason: 'in-downtime',
    label: 'a service of a host in downtime',
    setup: async (site) => site.command(downtime(START, START + 3600 * S, { object: 'host', hostName: 'h' })),
    trigger: (site) => site.result(10, 'h;s', 2),
    reported: true,
  },
];

/** Runs one row; returns the jobs delivered after the setup and the decisions made then. */
async function runRow(row: Pick<Row, 'yaml' | 'extra' | 'setup' | 'trigger'>): Promise<{
  delivered: NotificationJob[];
  decisions: string[];
}> {
  const tmp = tempDir();
  const clock = new ManualClock(START);
  const configuration = configurationOf(siteYaml(row.yaml, row.extra));
  const monitoring: Monitoring = startMonitoring({
    configuration,
    settings: TEST_SETTINGS,
    monitoringLog: memoryLog(),
    clock,
    runPlugin: () => Promise.resolve(resultOf(3, 'not used')),
  });
  const events: MonitoringEvent[] = [];
  monitoring.subscribe((e) => events.push(e));
  const delivered: NotificationJob[] = [];
  const notifications = await startNotifications({
    spoolDir: tmp.dir,
    clock,
    settings: () => NOTIFICATION_TEST_SETTINGS,
    configuration: () => configuration,
    rules: () => [],
    history: { message: () => undefined },
    deliver: (job) => {
      delivered.push(job);
      return Promise.resolve({ ok: true, detail: 'recorded' });
    },
  });
  notifications.attach(monitoring);
  const site: Site = {
    async result(seconds, key, status) {
      await advance(clock, seconds - (clock.now() - START) / S);
      assert.ok(monitoring.submitResult(key, resultOf(status, `status ${status}`)).ok, `submit ${key}`);
      await notifications.spool.settled();
    },
    command(command) {
      const outcome = monitoring.command(command);
      assert.ok(outcome.ok, `command ${command.kind}`);
    },
    events,
  };
  try {
    await site.result(1, 'h', 0);
    await site.result(2, 'child', 0);
    await row.setup?.(site);
    await notifications.spool.settled();
    const deliveredBefore = delivered.length;
    const eventsBefore = events.length;
    await row.trigger(site);
    await notifications.spool.settled();
    return {
      delivered: delivered.slice(deliveredBefore),
      decisions: events
        .slice(eventsBefore)
        .flatMap((e) => (e.kind === 'notification-decision' ? [e.decision.notify ? 'notify' : e.decision.reason] : [])),
    };
  } finally {
    await monitoring.stop();
    await notifications.close();
    tmp.remove();
  }
}

for (const row of ROWS) {
  const how =
    row.yaml === undefined
      ? ''
      : ` (${Object.entries(row.yaml)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')})`;
  test(`suppressed for ${row.reason}${how}${row.label === undefined ? '' : ` (${row.label})`}: nothing reaches a method`, async () => {
    const { delivered, decisions } = await runRow(row);
    assert.deepEqual(
      delivered.map((j) => `${j.macros.NOTIFICATIONTYPE} ${j.contact}`),
      [],
    );
    assert.ok(!decisions.includes('notify'), `decisions: ${decisions.join(', ')}`);
    if (row.reported) assert.ok(decisions.includes(row.reason), `decisions: ${decisions.join(', ')}`);
  });
}

test('without a suppression the same trigger is delivered to the method (the control row)', async () => {
  const { delivered, decisions } = await runRow({ trigger: (site) => site.result(10, 'h;s', 2) });
  assert.deepEqual(
    delivered.map((j) => `${j.macros.NOTIFICATIONTYPE} ${j.contact} ${j.macros.SERVICESTATE}`),
    ['PROBLEM alice CRITICAL'],
  );
  assert.deepEqual(decisions, ['notify']);
  // And the re-notification of the renotification rows' setup is delivered once the interval has passed.
  const again = await runRow({
    setup: (site) => site.result(10, 'h;s', 2),
    trigger: (site) => site.result(130, 'h;s', 2),
  });
  assert.deepEqual(
    again.delivered.map((j) => `${j.macros.NOTIFICATIONTYPE} ${j.macros.NOTIFICATIONNUMBER}`),
    ['PROBLEM 2'],
  );
});
