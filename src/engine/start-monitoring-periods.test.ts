// Check periods, staleness, passive results and freshness, through the running engine with a
// manual clock and a scripted plugin runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from './manual-clock.js';
import {
  START,
  TEST_SETTINGS,
  advance,
  configurationOf,
  memoryLog,
  resultOf,
  scriptedRunner,
  settle,
} from './monitoring-for-tests.js';
import { startMonitoring } from './start-monitoring.js';

const HOUR = 3_600_000;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

test('no active check runs outside the check period: a due check moves to the period’s next start', async () => {
  // START is Tuesday 2023-11-14 22:13:20 UTC; business hours start Wednesday 09:00 UTC (+38800 s).
  const ranges = WEEKDAYS.map((day) => `${day}: '09:00-17:00'`).join(', ');
  const config = configurationOf(`timeperiods:
  - {timeperiod_name: business, ranges: {${ranges}}}
commands:
  - {command_name: c, command_line: 'c $SERVICEDESC$'}
hosts:
  - host_name: h
    active_checks_enabled: false
    services:
      - {service_description: s, check_command: c, check_interval: 3h, check_period: business}
`);
  const clock = new ManualClock(START);
  const runner = scriptedRunner({ 'c s': [0] }, clock);
  const monitoring = startMonitoring({
    configuration: config,
    settings: TEST_SETTINGS,
    monitoringLog: memoryLog(),
    clock,
    runPlugin: runner,
  });
  await settle();
  assert.equal(runner.requests.length, 0, 'the first check waits for the period');
  assert.equal(monitoring.inspect('h;s')?.nextCheck, START + 38_800_000);
  for (let hour = 0; hour < 36; hour++) {
    clock.advance(HOUR);
    await settle();
    if (hour === 27) {
      // Thursday 02:13:20. The 15:00 check finished with the clock step ending 15:13:20: its result
      // is 11 h old, 11/3 check intervals: stale, and outside the period.
      const view = monitoring.inspect('h;s');
      assert.equal(view?.stale, true);
      assert.equal(view?.inCheckPeriod, false);
      assert.ok(Math.abs((view?.staleness ?? 0) - 11 / 3) < 1e-9);
    }
  }
  await monitoring.stop();
  // Wednesday 09:00, 12:00, 15:00; 18:00 is outside, so Thursday 09:00.
  assert.deepEqual(
    runner.requests.map((r) => r.at),
    [38_800, 49_600, 60_400, 125_200],
  );
});

test('staleness: an object turns stale 1.5 check intervals after its last result', async () => {
  const config = configurationOf(`hosts:
  - host_name: h
    active_checks_enabled: false
    services:
      - {service_description: p, active_checks_enabled: false, check_interval: 60s}
`);
  const clock = new ManualClock(START);
  const monitoring = startMonitoring({
    configuration: config,
    settings: TEST_SETTINGS,
    monitoringLog: memoryLog(),
    clock,
    runPlugin: scriptedRunner({}),
  });
  await advance(clock, 30);
  assert.equal(monitoring.submitResult('h;p', resultOf(0, 'fine')).ok, true);
  await advance(clock, 89);
  assert.equal(monitoring.inspect('h;p')?.stale, false);
  await advance(clock, 1);
  assert.equal(monitoring.inspect('h;p')?.stale, true);
  assert.equal(monitoring.inspect('h;p')?.staleness, 1.5);
  await monitoring.stop();
});

test('submitResult() accepts passive results, logs them, and honours the passive switches', async () => {
  const config = configurationOf(`hosts:
  - host_name: h
    active_checks_enabled: false
    services:
      - {service_description: p, active_checks_enabled: false, max_check_attempts: 1}
      - {service_description: closed, active_checks_enabled: false, passive_checks_enabled: false}
`);
  const clock = new ManualClock(START);
  const log = memoryLog();
  const monitoring = startMonitoring({
    configuration: config,
    settings: TEST_SETTINGS,
    monitoringLog: log,
    clock,
    runPlugin: scriptedRunner({}),
  });
  await advance(clock, 5);
  assert.deepEqual(monitoring.submitResult('h;p', resultOf(2, 'disk full')), { ok: true, ids: [] });
  assert.deepEqual(monitoring.submitResult('h', resultOf(1, 'gone')), { ok: true, ids: [] });
  assert.deepEqual(monitoring.submitResult('h;closed', resultOf(2, 'x')), {
    ok: false,
    error: "passive checks of service 'closed' on host 'h' are disabled",
  });
  assert.deepEqual(monitoring.submitResult('h;nosuch', resultOf(2, 'x')), {
    ok: false,
    error: "'h;nosuch' is not a host or service monitored by this site",
  });
  await advance(clock, 5);
  assert.ok(monitoring.command({ kind: 'set-switch', scope: 'global', name: 'passiveChecks', enabled: false }).ok);
  assert.deepEqual(monitoring.submitResult('h;p', resultOf(0, 'fine')), {
    ok: false,
    error: 'passive checks are disabled for the whole site',
  });
  const viaCommand = monitoring.command({
    kind: 'process-result',
    target: { object: 'service', hostName: 'h', description: 'p' },
    result: resultOf(0, 'fine'),
  });
  assert.equal(viaCommand.ok, false);
  await monitoring.stop();
  assert.deepEqual(log.lines.slice(3), [
    '+5 PASSIVE SERVICE CHECK: h;p;2;disk full',
    '+5 SERVICE ALERT: h;p;CRITICAL;HARD;1;disk full',
    '+5 PASSIVE HOST CHECK: h;1;gone',
    '+5 HOST ALERT: h;DOWN;HARD;1;gone',
  ]);
});

test('freshness: a stale passive object gets its check command forced, or UNKNOWN without one', async () => {
  const config = configurationOf(`commands:
  - {command_name: stale, command_line: 'stale $SERVICEDESC$'}
hosts:
  - host_name: h
    active_checks_enabled: false
    services:
      - {service_description: p, check_command: stale, active_checks_enabled: false, check_freshness: true, freshness_threshold: 120, max_check_attempts: 1}
      - {service_description: q, active_checks_enabled: false, check_freshness: true, freshness_threshold: 120, max_check_attempts: 1}
      - {service_description: quiet, active_checks_enabled: false, max_check_attempts: 1}
`);
  const clock = new ManualClock(START);
  const log = memoryLog();
  const runner = scriptedRunner({ 'stale p': [3] }, clock);
  const monitoring = startMonitoring({
    configuration: config,
    settings: TEST_SETTINGS,
    monitoringLog: log,
    clock,
    runPlugin: runner,
  });
  await advance(clock, 30);
  assert.ok(monitoring.submitResult('h;p', resultOf(0, 'fine')).ok);
  await advance(clock, 250);
  await monitoring.stop();
  const stale = (service: string): string =>
    `Warning: The results of service '${service}' on host 'h' are stale by 0d 0h 0m 0s (threshold=0d 0h 2m 0s).  ` +
    "I'm forcing an immediate check of the service.";
  assert.deepEqual(log.lines.slice(4), [
    '+30 PASSIVE SERVICE CHECK: h;p;0;fine',
    `+120 ${stale('q')}`,
    '+120 SERVICE ALERT: h;q;UNKNOWN;HARD;1;UNKNOWN - no result within the freshness threshold of 120s',
    `+150 ${stale('p')}`,
    '+150 SERVICE ALERT: h;p;UNKNOWN;HARD;1;UNKNOWN - stale p',
    `+240 ${stale('q')}`,
    `+270 ${stale('p')}`,
  ]);
  assert.deepEqual(
    runner.requests.map((r) => [r.at, r.request.commandLine]),
    [
      [150, 'stale p'],
      [270, 'stale p'],
    ],
    'the forced check runs although active checks are off',
  );
});
