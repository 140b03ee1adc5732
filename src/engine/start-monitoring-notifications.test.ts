// Notification decisions and flapping through the running engine: results are submitted
// passively at chosen times, and the decisions on the event stream are compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginStatus } from '../model/check-result.js';
import type { MonitoringEvent } from '../model/events.js';
import { ManualClock } from './manual-clock.js';
import { START, TEST_SETTINGS, advance, configurationOf, memoryLog, resultOf } from './monitoring-for-tests.js';
import { startMonitoring, type Monitoring } from './start-monitoring.js';

/** `+seconds object type verdict #number` of every notification decision. */
function decisions(events: readonly MonitoringEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.kind !== 'notification-decision') return [];
    const object = e.target.object === 'host' ? e.target.hostName : `${e.target.hostName};${e.target.description}`;
    const verdict = e.decision.notify ? 'notify' : e.decision.reason;
    return [`+${(e.at - START) / 1000} ${object} ${e.type} ${verdict} #${e.number}`];
  });
}

// Flap detection is off here: the sequence below changes state often enough to flap.
const PASSIVE = `hosts:
  - host_name: h
    active_checks_enabled: false
    max_check_attempts: 1
    services:
      - service_description: s
        active_checks_enabled: false
        max_check_attempts: 1
        notification_interval: 120s
        flap_detection_enabled: false
`;

function passiveSite(yaml = PASSIVE): {
  monitoring: Monitoring;
  clock: ManualClock;
  events: MonitoringEvent[];
  log: ReturnType<typeof memoryLog>;
} {
  const clock = new ManualClock(START);
  const log = memoryLog();
  const monitoring = startMonitoring({
    configuration: configurationOf(yaml),
    settings: TEST_SETTINGS,
    monitoringLog: log,
    clock,
    runPlugin: () => Promise.resolve(resultOf(3, 'not used')),
  });
  const events: MonitoringEvent[] = [];
  monitoring.subscribe((e) => events.push(e));
  return { monitoring, clock, events, log };
}

/** Submits `status` to `key` at second `at` (seconds since START, ascending). */
async function at(
  site: { monitoring: Monitoring; clock: ManualClock },
  seconds: number,
  key: string,
  status: PluginStatus,
): Promise<void> {
  await advance(site.clock, seconds - (site.clock.now() - START) / 1000);
  const outcome = site.monitoring.submitResult(key, resultOf(status, `status ${status}`));
  assert.ok(outcome.ok, `submit ${key} at +${seconds}`);
}

test('problems notify once per interval, changes at once, acknowledged ones not; recoveries close the count', async () => {
  const site = passiveSite();
  await at(site, 1, 'h', 0);
  await at(site, 10, 'h;s', 2);
  await at(site, 70, 'h;s', 2);
  await at(site, 130, 'h;s', 2);
  await at(site, 140, 'h;s', 1);
  await advance(site.clock, 10);
  const ack = site.monitoring.command({
    kind: 'acknowledge',
    target: { object: 'service', hostName: 'h', description: 's' },
    sticky: true,
    notify: true,
    persistent: false,
    author: 'ann',
    comment: 'on it',
  });
  assert.deepEqual(ack, { ok: true, ids: [1] });
  await at(site, 160, 'h;s', 2);
  await at(site, 170, 'h', 1);
  await at(site, 180, 'h;s', 2);
  await at(site, 190, 'h;s', 0);
  await at(site, 200, 'h', 0);
  await site.monitoring.stop();
  assert.deepEqual(decisions(site.events), [
    '+10 h;s problem notify #1',
    // +70: the re-notification interval (120 s) has not passed: no decision is emitted.
    '+130 h;s problem notify #2',
    // WARNING is a new HARD state: the interval starts afresh.
    '+140 h;s problem notify #3',
    '+150 h;s acknowledgement notify #3',
    '+160 h;s problem acknowledged #4',
    '+170 h problem notify #1',
    '+190 h;s recovery notify #3',
    '+200 h recovery notify #1',
  ]);
});

test('a service problem while its host is down is HARD at once, not unhandled, and does not notify', async () => {
  const site = passiveSite(`hosts:
  - host_name: h
    active_checks_enabled: false
    max_check_attempts: 1
    services:
      - {service_description: s, active_checks_enabled: false, max_check_attempts: 3}
`);
  await at(site, 1, 'h', 1);
  await at(site, 10, 'h;s', 2);
  assert.equal(site.monitoring.inspect('h;s')?.handling, 'host-problem');
  assert.equal(site.monitoring.inspect('h')?.handling, 'unhandled');
  await at(site, 20, 'h', 0);
  assert.equal(site.monitoring.inspect('h;s')?.handling, 'unhandled');
  await site.monitoring.stop();
  assert.deepEqual(decisions(site.events), [
    '+1 h problem notify #1',
    '+10 h;s problem host-problem #1',
    '+20 h recovery notify #1',
  ]);
  assert.ok(site.log.lines.includes('+10 SERVICE ALERT: h;s;CRITICAL;HARD;1;status 2'));
});

test('a flapping service logs FLAPPING ALERTs, notifies the start and stop, and its problems stay silent', async () => {
  const site = passiveSite(`hosts:
  - host_name: h
    active_checks_enabled: false
    services:
      - {service_description: s, active_checks_enabled: false, max_check_attempts: 1, notification_options: [w, c, u, r, f]}
`);
  // The hand-computed sequence of flapping.test.ts: CRITICAL, OK, CRITICAL, OK, then OK nineteen times.
  const statuses: PluginStatus[] = [2, 0, 2, 0, ...new Array<PluginStatus>(19).fill(0)];
  for (const [i, status] of statuses.entries()) await at(site, 10 * (i + 1), 'h;s', status);
  await at(site, 240, 'h;s', 2);
  await site.monitoring.stop();
  assert.deepEqual(
    site.log.lines.filter((l) => l.includes('FLAPPING')),
    [
      '+40 SERVICE FLAPPING ALERT: h;s;STARTED; Service appears to have started flapping (24.2% change >= 20.0% threshold)',
      '+230 SERVICE FLAPPING ALERT: h;s;STOPPED; Service appears to have stopped flapping (3.8% change < 5.0% threshold)',
    ],
  );
  assert.deepEqual(decisions(site.events), [
    '+10 h;s problem notify #1',
    '+20 h;s recovery notify #1',
    '+30 h;s problem notify #1',
    // Flapping is detected before the recovery is decided, which it then suppresses.
    '+40 h;s flapping-start notify #1',
    '+40 h;s recovery flapping #1',
    '+230 h;s flapping-stop notify #0',
    '+240 h;s problem notify #1',
  ]);
  const flapComments = site.events.filter((e) => e.kind === 'comment-add' && e.comment.kind === 'flapping');
  assert.equal(flapComments.length, 1);
  assert.equal(site.monitoring.comments().size, 0, 'the flapping comment goes when flapping stops');
});

test('switching flap detection off ends flapping (DISABLED); notifications off suppresses, and is a modified attribute', async () => {
  const site = passiveSite(`hosts:
  - host_name: h
    active_checks_enabled: false
    services:
      - {service_description: s, active_checks_enabled: false, max_check_attempts: 1}
`);
  for (const [i, status] of ([2, 0, 2, 0] as PluginStatus[]).entries()) await at(site, 10 * (i + 1), 'h;s', status);
  const service = { object: 'service', hostName: 'h', description: 's' } as const;
  assert.ok(site.monitoring.command({ kind: 'set-switch', scope: service, name: 'flapDetection', enabled: false }).ok);
  assert.ok(site.monitoring.command({ kind: 'set-switch', scope: service, name: 'notifications', enabled: false }).ok);
  await at(site, 50, 'h;s', 2);
  assert.ok(site.monitoring.command({ kind: 'set-switch', scope: 'global', name: 'notifications', enabled: false }).ok);
  await at(site, 60, 'h;s', 0);
  const view = site.monitoring.inspect('h;s');
  assert.equal(view?.modifiedAttributes, 1 + 16);
  assert.deepEqual(view?.modifiedAttributeNames, ['notifications_enabled', 'flap_detection_enabled']);
  assert.equal(view?.status.flap.flapping, false);
  assert.equal(site.monitoring.globalSwitches().notifications, false);
  await site.monitoring.stop();
  assert.ok(site.log.lines.includes('+40 SERVICE FLAPPING ALERT: h;s;DISABLED; Flap detection has been disabled'));
  assert.deepEqual(decisions(site.events).slice(-3), [
    '+40 h;s flapping-disabled notify #0',
    '+50 h;s problem disabled-for-object #1',
    '+60 h;s recovery disabled-globally #0',
  ]);
});
